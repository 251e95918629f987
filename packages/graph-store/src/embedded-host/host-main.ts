import type { StoreAdapter } from "../adapter-port.ts";
import { openEmbeddedStoreAdapter } from "../embedded/embedded-graph-store.ts";
import { GraphStoreError } from "../errors.ts";
import type { WriteOptions } from "../port.ts";
import { STORE_METHODS, toWireError, type FromHost, type StoreMethod, type ToHost } from "./protocol.ts";

/**
 * The store host: a process of its own that owns the Kùzu directory and serves the GraphStore
 * methods to the API over the IPC channel. Kùzu 0.11.3 can crash the process it runs in (SIGSEGV)
 * and some of its expressions ignore the query timeout; here such a statement takes down only this
 * process, which the API kills and starts again (hosted-store.ts).
 *
 * Kùzu's Node binding runs every query on libuv's thread pool, so this event loop stays free to
 * answer the app's own reads while a user statement runs; the parent sizes the pool so that the
 * user-query connections cannot take all of its threads.
 */

const channel = process.send ? process : undefined;
if (!channel) {
  process.stderr.write("kgx store host: start me with child_process.fork (I need an IPC channel).\n");
  process.exit(2);
}

/**
 * How long closing the store may take before the process just ends (Kùzu's write-ahead log makes
 * that safe): when asked to close, and when the parent is gone, sooner, because a new API may be
 * waiting for the directory's lock.
 */
const CLOSE_CAP_MS = 5000;
const ORPHAN_CLOSE_CAP_MS = 1500;

let store: StoreAdapter | undefined;
let stopping = false;
const cancels = new Map<number, AbortController>();
const methods = new Set<string>(STORE_METHODS);

function send(message: FromHost): void {
  // The parent may be gone already; the disconnect handler then ends this process.
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

async function open(settings: Extract<ToHost, { type: "open" }>["settings"]): Promise<void> {
  try {
    store = await openEmbeddedStoreAdapter({
      dataDir: settings.dataDir,
      ...(settings.bufferPoolBytes !== undefined ? { bufferPoolBytes: settings.bufferPoolBytes } : {}),
      refuseKnownCrashes: settings.refuseKnownCrashes,
    });
    send({ type: "ready", location: store.location });
  } catch (error) {
    send({ type: "open-failed", error: toWireError(error) });
    process.disconnect();
  }
}

async function call(message: Extract<ToHost, { type: "call" }>): Promise<void> {
  const { id, method, args } = message;
  try {
    if (!store || stopping) throw new GraphStoreError("STORE_UNAVAILABLE", "The embedded store is not open.");
    if (!methods.has(method)) throw new GraphStoreError("INVALID_INPUT", `The store has no method ${method}.`);
    const callArgs = [...args];
    if (message.write) {
      const controller = new AbortController();
      if (message.write.aborted) controller.abort();
      cancels.set(id, controller);
      const options: WriteOptions = {
        signal: controller.signal,
        ...(message.write.progress ? { onProgress: (p) => send({ type: "progress", id, done: p.done, total: p.total }) } : {}),
      };
      callArgs[1] = options;
    }
    const target = store[method as StoreMethod] as (...a: unknown[]) => Promise<unknown>;
    const value = await target.apply(store, callArgs);
    send({ type: "result", id, value });
  } catch (error) {
    send({ type: "error", id, error: toWireError(error) });
  } finally {
    cancels.delete(id);
  }
}

/** Closes the store (waiting for work in flight, within its cap) and ends the process. */
async function stop(reply: boolean): Promise<never> {
  if (!stopping) {
    stopping = true;
    const cap = new Promise((resolve) => setTimeout(resolve, reply ? CLOSE_CAP_MS : ORPHAN_CLOSE_CAP_MS).unref());
    await Promise.race([store?.close().catch(() => undefined), cap]);
    if (reply) send({ type: "closed" });
  }
  // Let the reply reach the parent before the process ends.
  await new Promise((resolve) => setImmediate(resolve));
  process.exit(0);
}

process.on("message", (message: ToHost) => {
  switch (message.type) {
    case "open":
      void open(message.settings);
      break;
    case "call":
      void call(message);
      break;
    case "cancel":
      cancels.get(message.id)?.abort();
      break;
    case "close":
      void stop(true);
      break;
  }
});

// Ctrl-C in a terminal and systemd's stop signal the whole process group, this process with the
// API. The API answers the requests in flight before it closes the store, so the host waits for
// its word (or for it to be gone) instead of ending under those requests.
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => undefined);

// The channel closes when the parent ends, however it ends: the store is then closed and the
// process leaves, so it never holds the directory's lock for an API that is gone.
process.on("disconnect", () => void stop(false));
