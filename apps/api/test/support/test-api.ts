import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedKnowledge } from "@kgx/knowledge";
import type { GraphStore } from "@kgx/graph-store";
import { countStoreCalls, type CountingStore } from "@kgx/graph-store/contract";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import { writeTokenDigest, type QueryLimits } from "@kgx/graphql-api";
import type { NotebookDirectory } from "@kgx/notebook/directory";
import { startApiServer, type RunningApi, type TrustedProxies } from "../../src/index.ts";
import { storeFingerprint } from "@kgx/graph-store/contract";

/** A seeded embedded store in a temporary directory, shared by the servers of one test file. */
export interface TestStore {
  readonly dir: string;
  readonly store: GraphStore;
  close(): Promise<void>;
}

export async function openSeededStore(): Promise<TestStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-api-test-"));
  return seededTestStore(await openEmbeddedGraphStore({ dataDir: dir }), dir);
}

/** Seeds the store with the shipped knowledge; closing it closes the store and removes `dir`. */
export async function seededTestStore(store: GraphStore, dir: string): Promise<TestStore> {
  await seedKnowledge(store);
  return {
    dir,
    store,
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestApiOptions {
  readonly writeToken?: string;
  readonly nodeEnv?: string;
  readonly includeStacktraces?: boolean;
  readonly introspection?: boolean;
  readonly cypherTimeoutMs?: number;
  readonly cypherRowLimit?: number;
  readonly maxBodyBytes?: number;
  readonly limits?: Partial<QueryLimits>;
  readonly notebooks?: NotebookDirectory;
  /** `cypher` fields per client and minute; unset = no limit, so suites that run many statements need not care. */
  readonly cypherRatePerMinute?: number;
  /** Peers whose X-Forwarded-For is believed (the server's default: loopback). */
  readonly trustedProxies?: TrustedProxies;
}

export interface GraphqlAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  };
}

/** A real API server on port 0 over a store, with a counter of the store calls it makes. */
export interface TestApi {
  readonly url: string;
  readonly origin: string;
  readonly counting: CountingStore;
  /** Lines the server logged (unexpected errors). */
  readonly logged: string[];
  post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphqlAnswer>;
  stop(): Promise<void>;
}

export async function startTestApi(store: GraphStore, options: TestApiOptions = {}): Promise<TestApi> {
  const counting = countStoreCalls(store);
  const logged: string[] = [];
  const api: RunningApi = await startApiServer({
    store: counting.store,
    settings: {
      // As the app runs: the server is given the token's digest, never the token.
      writeTokenSha256: options.writeToken === undefined ? undefined : writeTokenDigest(options.writeToken),
      cypherTimeoutMs: options.cypherTimeoutMs ?? 10_000,
      cypherRowLimit: options.cypherRowLimit ?? 10_000,
      notebooks: options.notebooks,
      cypherRatePerMinute: options.cypherRatePerMinute,
    },
    nodeEnv: options.nodeEnv ?? "test",
    includeStacktraces: options.includeStacktraces ?? false,
    introspection: options.introspection ?? true,
    port: 0,
    host: "127.0.0.1",
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    log: (line) => logged.push(line),
  });
  return {
    url: api.url,
    origin: new URL(api.url).origin,
    counting,
    logged,
    async post(query, variables, headers = {}) {
      const response = await fetch(api.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(variables ? { query, variables } : { query }),
      });
      return answerOf(response);
    },
    stop: () => api.stop(),
  };
}

export async function answerOf(response: Response): Promise<GraphqlAnswer> {
  const text = await response.text();
  let body: GraphqlAnswer["body"];
  try {
    body = JSON.parse(text) as GraphqlAnswer["body"];
  } catch {
    body = {};
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** The codes of an answer's errors, in order. */
export function codes(answer: GraphqlAnswer): unknown[] {
  return (answer.body.errors ?? []).map((e) => e.extensions?.["code"]);
}

/**
 * Counts and a checksum of every entity's and relationship's properties, for "nothing changed":
 * any write, even to one property of one relationship, changes the checksum.
 */
export async function graphFingerprint(store: GraphStore): Promise<{ entities: number; relationships: number; checksum: string }> {
  const { entities, relationships, checksum } = await storeFingerprint(store);
  return { entities, relationships, checksum };
}

/** Every file under a directory with its size, for "no file was written". */
export function filesUnder(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = entry.isFile() ? fs.statSync(full).size : -1;
  }
  return out;
}
