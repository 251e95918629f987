// The store host's entry, started by HostedEmbeddedGraphStore with child_process.fork. The
// workspace packages export TypeScript source; tsx's loader lets Node 20 run it, as in
// apps/api/bin/kgx-api.mjs.
import { register } from "tsx/esm/api";

register();
await import("./host-main.ts");
