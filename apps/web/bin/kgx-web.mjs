#!/usr/bin/env node
// The explorer's production server (server.ts). tsx is scoped to that import: Next.js compiles and
// loads next.config.ts itself, and a process-wide TypeScript loader would get in its way.
import { tsImport } from "tsx/esm/api";

// Started by `npm start` (tooling/start.ts), the server has an IPC channel to it. The channel closes
// when the supervisor ends, however it ends (kill -9 included): the server then stops as on SIGTERM,
// so it never outlives the supervisor holding its port. Should the clean stop hang, it ends anyway
// a few seconds later.
if (process.channel) {
  process.once("disconnect", () => {
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => process.exit(1), 5000).unref();
  });
  // The channel alone must not keep the process running once the server has stopped.
  process.channel.unref();
}

await tsImport("../server.ts", import.meta.url);
