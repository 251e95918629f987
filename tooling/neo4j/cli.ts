import { parseArgs } from "node:util";
import { startNeo4jServer } from "./server.ts";

/**
 * `npm run neo4j [-- --port 7687 --data-dir ./data/neo4j]`: a Neo4j 5.26 Community server on
 * 127.0.0.1 until Ctrl-C. The password for user neo4j comes from NEO4J_PASSWORD; KGX_NEO4J_HEAP,
 * KGX_NEO4J_PAGECACHE and KGX_NEO4J_TX_MAX change the memory limits (1g, 256m, 256m).
 */

const fail = (message: string): never => {
  process.stderr.write(`neo4j: ${message}\n`);
  process.exit(2);
};

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { port: { type: "string", default: "7687" }, "data-dir": { type: "string", default: "data/neo4j" } },
      strict: true,
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) fail(`--port must be a port number from 0 to 65535, got "${values.port}"`);
  const password = process.env["NEO4J_PASSWORD"] ?? "";
  if (password.length < 8) fail("NEO4J_PASSWORD must be set to at least 8 characters (the password of user neo4j)");
  const env = (name: string) => process.env[name]?.trim() || undefined;
  return {
    port,
    dataDir: values["data-dir"],
    password,
    heap: env("KGX_NEO4J_HEAP"),
    pageCache: env("KGX_NEO4J_PAGECACHE"),
    transactionMax: env("KGX_NEO4J_TX_MAX"),
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  let stopRequested = false;
  // A `let`, not a const declared once the server is up: the signal handler below can run before that.
  let stop: (() => Promise<void>) | undefined = undefined;
  const onSignal = () => {
    if (stopRequested) return;
    stopRequested = true;
    void (stop ? stop() : Promise.resolve()).then(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const started = Date.now();
  const server = await startNeo4jServer({
    ...options,
    log: (line) => process.stderr.write(`neo4j: ${line}\n`),
  }).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  stop = server.stop;
  if (stopRequested) return void (await server.stop());
  process.stdout.write(
    `Neo4j ${server.version} ready on ${server.boltUri} (data ${server.dataDir}, user ${server.username}, started in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  const code = await server.exited;
  if (!stopRequested) fail(`Neo4j stopped unexpectedly (exit ${code}); see ${server.dataDir}/logs/debug.log`);
}

await main();
