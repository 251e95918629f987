import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The real API (`apps/api`, the `kgx-api` entry) as its own process on a free port over a store directory. */
export interface ApiProcess {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** A Neo4j server the API should use instead of the embedded store. */
export interface Neo4jTarget {
  readonly uri: string;
  readonly password: string;
}

export async function startApiProcess(options: { dataDir: string; cypherTimeoutMs: number; neo4j?: Neo4jTarget }): Promise<ApiProcess> {
  // The package exports its source entry (src/index.ts); the process entry sits beside it in bin/.
  const bin = path.join(path.dirname(require.resolve("@kgx/api")), "..", "bin", "kgx-api.mjs");
  const child: ChildProcess = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      PORT: "0",
      KGX_DATA_DIR: options.dataDir,
      KGX_CYPHER_TIMEOUT_MS: String(options.cypherTimeoutMs),
      NODE_ENV: "production",
      ...storeEnv(options.neo4j),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start within 120 s:\n${output}`)), 120_000);
    const onData = () => {
      const match = /GraphQL API at (http:\/\/\S+\/graphql)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        // The server listens on every interface; the benchmark talks to it over loopback only.
        resolve(match[1].replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (code ${code}) before it listened:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(force);
      }
    },
  };
}

export interface GraphqlResult {
  readonly ok: boolean;
  readonly status: number;
  readonly ms: number;
  readonly body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** One POST of a GraphQL operation; `ok` means HTTP 200 with data and no errors. Keep-alive comes from fetch's pool. */
export async function postGraphql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResult> {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    const elapsed = performance.now() - started;
    let body: GraphqlResult["body"] = {};
    try {
      body = JSON.parse(text) as GraphqlResult["body"];
    } catch {
      body = { errors: [{ message: text.slice(0, 200) }] };
    }
    return { ok: response.status === 200 && !body.errors && body.data != null, status: response.status, ms: elapsed, body };
  } catch (error) {
    return { ok: false, status: 0, ms: performance.now() - started, body: { errors: [{ message: (error as Error).message }] } };
  }
}

/** The environment that points a kgx process at the embedded store or at a Neo4j server. */
export function storeEnv(neo4j: Neo4jTarget | undefined): Record<string, string> {
  return neo4j
    ? { KGX_STORE: "neo4j", NEO4J_URI: neo4j.uri, NEO4J_USERNAME: "neo4j", NEO4J_PASSWORD: neo4j.password }
    : { KGX_STORE: "embedded", NEO4J_URI: "" };
}
