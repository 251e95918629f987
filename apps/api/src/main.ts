import { seedKnowledge, SHIPPED_NOTEBOOKS_DIR } from "@kgx/knowledge";
import { NotebookDirectory } from "@kgx/notebook/directory";
import { describeStoreConfig, isGraphStoreError, openGraphStore, type GraphStore } from "@kgx/graph-store";
import { startApiServer } from "./api-server.ts";
import { ApiEnvError, readApiEnv, type ApiEnv } from "./env.ts";

const log = (line: string) => process.stdout.write(`kgx-api: ${line}\n`);
const logError = (line: string) => process.stderr.write(`kgx-api: ${line}\n`);

/** Creates the schema and, on a store without a single entity, loads the shipped knowledge. */
async function prepareStore(store: GraphStore, signal: AbortSignal): Promise<void> {
  await store.applySchema();
  const before = await store.stats();
  if (before.entities > 0) {
    log(`${before.entities} entities and ${before.relationships} relationships in the store`);
    return;
  }
  log("the store is empty: loading the shipped knowledge (cypher/knowledge)");
  // A stop signal during seeding rolls the whole load back; the next start seeds again.
  const seeded = await seedKnowledge(store, { signal });
  const after = await store.stats();
  log(`loaded ${after.entities} entities and ${after.relationships} relationships from ${seeded.files} files`);
}

/**
 * Turns the first SIGTERM or SIGINT into an abort, from the very start of the process, so a signal
 * that arrives while the store is opening or seeding is a clean stop too. A second signal means
 * "now": leave without waiting for anything.
 */
function stopOnSignals(): AbortSignal {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 1);
    stop.abort(signal);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return stop.signal;
}

function aborted(signal: AbortSignal): Promise<NodeJS.Signals> {
  if (signal.aborted) return Promise.resolve(signal.reason as NodeJS.Signals);
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason as NodeJS.Signals), { once: true }));
}

async function prepareNotebooks(env: ApiEnv): Promise<NotebookDirectory> {
  const dir = env.notebookDir;
  const notebooks = new NotebookDirectory(dir, { maxCount: env.notebookMaxCount, maxBytes: env.notebookMaxBytes });
  // The shipped notebooks go into the notebook directory when it is created, on the first start.
  const added = await notebooks.initialise(SHIPPED_NOTEBOOKS_DIR);
  if (added.length > 0) log(`notebooks: created ${dir} with ${added.length} shipped notebooks (cypher/notebooks)`);
  else log(`notebooks: ${dir}`);
  return notebooks;
}

async function serve(env: ApiEnv, store: GraphStore, stop: AbortSignal): Promise<void> {
  await prepareStore(store, stop);
  if (stop.aborted) return;
  const notebooks = await prepareNotebooks(env);
  const api = await startApiServer({
    store,
    settings: {
      writeTokenSha256: env.writeTokenSha256,
      cypherTimeoutMs: env.cypherTimeoutMs,
      cypherRowLimit: env.cypherRowLimit,
      cypherRatePerMinute: env.cypherRatePerMinute,
      notebooks,
    },
    trustedProxies: env.trustedProxies,
    nodeEnv: env.nodeEnv,
    introspection: env.introspection,
    includeStacktraces: env.debug,
    port: env.port,
    ...(env.explorerUrl ? { explorerUrl: env.explorerUrl } : {}),
    log: logError,
  });
  log(`GraphQL API at ${api.url} (backend: ${store.backend}); GET /health and /ready beside it`);
  log(
    env.cypherRatePerMinute > 0
      ? `cypher: at most ${env.cypherRatePerMinute} statements per minute per client (KGX_CYPHER_RATE_LIMIT)`
      : "cypher: no rate limit (KGX_CYPHER_RATE_LIMIT=0)",
  );
  log(
    env.writeTokenSha256
      ? "writes: allowed with the write token (KGX_WRITE_TOKEN or KGX_WRITE_TOKEN_SHA256)"
      : "writes: off (read-only; set KGX_WRITE_TOKEN to allow mutations)",
  );
  const signal = await aborted(stop);
  log(`${signal}: stopping (no new connections; requests in flight finish first)`);
  // Requests in flight may run Cypher up to its time limit; give them that and a little more.
  await api.stop(env.cypherTimeoutMs + 5000);
}

/** The process entry: exit code 0 after a clean stop, 1 when the store or server fails, 2 for a bad environment. */
export async function main(): Promise<number> {
  const stop = stopOnSignals();
  let env: ApiEnv;
  try {
    env = readApiEnv(process.env);
    // Only the digest is kept; the token leaves the environment so nothing started later inherits it.
    delete process.env["KGX_WRITE_TOKEN"];
  } catch (error) {
    if (error instanceof ApiEnvError) {
      logError(error.message);
      return 2;
    }
    throw error;
  }
  log(`store: ${describeStoreConfig(env.store)}`);
  let store: GraphStore | undefined;
  try {
    // The embedded engine runs in a process of its own, which a crashing or runaway statement ends
    // instead of this one; see @kgx/graph-store's embedded-host.
    store = await openGraphStore(env.store, { hosted: { ...env.storeHost, log: logError } });
    if (store.backend === "embedded") {
      const limitMiB = Math.round(env.storeHost.memoryLimitBytes / (1024 * 1024));
      log(`store process: restarted over ${limitMiB} MiB (KGX_STORE_MEMORY_LIMIT) or ${env.storeHost.queryGraceMs} ms past a query's time limit`);
    }
    await serve(env, store, stop);
    await store.close();
    log("stopped");
    return 0;
  } catch (error) {
    if (isGraphStoreError(error) && error.code === "CANCELLED" && stop.aborted) {
      log(`${String(stop.reason)}: stopped while loading the knowledge; nothing of it was kept`);
      await store?.close().catch(() => undefined);
      return 0;
    }
    if (isGraphStoreError(error)) logError(`error [${error.code}]: ${error.message}`);
    else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") logError(`port ${env.port} is in use; set PORT to another port.`);
    else logError(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await store?.close().catch(() => undefined);
    return 1;
  }
}
