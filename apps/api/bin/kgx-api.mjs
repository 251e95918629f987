#!/usr/bin/env node
// The workspace packages export TypeScript source; tsx's loader lets Node 20 run it directly.
import { register } from "tsx/esm/api";

// Started by `npm start` (tooling/start.ts), the API has an IPC channel to it. The channel closes
// when the supervisor ends, however it ends (kill -9 included): the API then stops as on SIGTERM,
// so it never outlives the supervisor holding the port and the embedded store's lock. Should the
// clean stop hang, it ends anyway a few seconds later.
if (process.channel) {
  process.once("disconnect", () => {
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => process.exit(1), 5000).unref();
  });
  // The channel alone must not keep the process running once the API has stopped.
  process.channel.unref();
}

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main();
