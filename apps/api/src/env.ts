import { createHash } from "node:crypto";
import path from "node:path";
import { DEFAULT_KUZU_BUFFER_POOL_MIB, resolveStoreConfig, type StoreConfig } from "@kgx/graph-store";
import { parseTrustedProxies, TRUST_LOOPBACK, type TrustedProxies } from "@kgx/client-address";
import { DEFAULT_CYPHER_RATE_PER_MINUTE } from "@kgx/graphql-api";

/**
 * The API's reading of its environment. Nothing else in the app reads process.env; everything
 * below receives these parsed, checked values.
 *
 * | variable | default | meaning |
 * | PORT | 4000 | port of the HTTP server |
 * | KGX_WRITE_TOKEN | — | token mutations need (`Authorization: Bearer …`); unset = read-only API |
 * | KGX_WRITE_TOKEN_SHA256 | — | the token's SHA-256 in hex, instead of the token |
 * | KGX_CYPHER_TIMEOUT_MS | 10000 | time limit of a user's Cypher statement |
 * | KGX_CYPHER_ROW_LIMIT | 10000 | most rows a Cypher statement may return |
 * | KGX_CYPHER_RATE_LIMIT | 30 | `cypher` fields each client may run per minute (each field of a document counts); 0 = no limit |
 * | KGX_TRUSTED_PROXIES | loopback | peers whose X-Forwarded-For names the client: `none`, or a comma list of IP addresses, CIDR ranges (`10.0.0.0/8`) and the names `loopback` (127.0.0.0/8, ::1), `linklocal`, `uniquelocal` |
 * | KGX_INTROSPECTION | true | whether GraphQL IDEs may read the schema |
 * | NODE_ENV | development | `production` hides field suggestions in errors |
 * | KGX_DEBUG | false | adds stack traces to error responses (never on by default) |
 * | KGX_NOTEBOOK_DIR | ./data/notebooks | directory of the saved notebooks, one JSON file each |
 * | KGX_NOTEBOOK_MAX_COUNT | 500 | most notebooks the directory keeps |
 * | KGX_NOTEBOOK_MAX_BYTES | 52428800 (50 MiB) | most bytes all notebook files take together |
 * | KGX_WEB_PORT | 3000 | port of the explorer, for the default of KGX_EXPLORER_URL |
 * | KGX_EXPLORER_URL | http://localhost:<KGX_WEB_PORT> | the explorer's address, linked from the landing page |
 * | KGX_STORE_MEMORY_LIMIT | 3072, or the buffer pool + 1024 if more | MiB the embedded store's process may take before it is restarted |
 * | KGX_STORE_QUERY_GRACE_MS | 2000 | how long past its time limit a user statement may run before the embedded store's process is restarted to stop it |
 * | KGX_STORE, KGX_DATA_DIR, KGX_KUZU_BUFFER_POOL, NEO4J_* | | the store, see @kgx/graph-store's resolveStoreConfig |
 */
export interface ApiEnv {
  readonly port: number;
  /** The explorer's address (KGX_EXPLORER_URL, else http://localhost:<KGX_WEB_PORT>), linked from the landing page. */
  readonly explorerUrl: string;
  /** The SHA-256 (hex) of the write token; the token itself is not kept. */
  readonly writeTokenSha256: string | undefined;
  readonly cypherTimeoutMs: number;
  readonly cypherRowLimit: number;
  /** Per client and minute; 0 = no limit. */
  readonly cypherRatePerMinute: number;
  readonly trustedProxies: TrustedProxies;
  readonly introspection: boolean;
  readonly nodeEnv: string;
  readonly debug: boolean;
  /** Absolute path of the notebook directory. */
  readonly notebookDir: string;
  readonly notebookMaxCount: number;
  readonly notebookMaxBytes: number;
  readonly store: StoreConfig;
  /** The embedded store's own process (the API never runs Kùzu in its own). */
  readonly storeHost: StoreHostEnv;
}

export interface StoreHostEnv {
  readonly memoryLimitBytes: number;
  readonly queryGraceMs: number;
  /** The host's whole environment: only these harmless variables, never a token or password. */
  readonly environment: Readonly<Record<string, string>>;
}

/** What the store's process inherits: enough to find programs, a temporary directory and a locale. */
const STORE_HOST_VARIABLES = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ"] as const;
/** Room the store's process needs above Kùzu's buffer pool: Node, Kùzu's code, query state. */
const STORE_HOST_MIN_HEADROOM_MIB = 256;

export const DEFAULT_NOTEBOOK_DIR = "./data/notebooks";

/** Every problem with the environment at once, so one restart fixes them all. */
export class ApiEnvError extends Error {
  override readonly name = "ApiEnvError";
  constructor(readonly problems: readonly string[]) {
    super(`The environment is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  problems.push(`${name} must be true or false, got "${env[name]}"`);
  return fallback;
}

export function readApiEnv(env: Env = process.env): ApiEnv {
  const problems: string[] = [];
  const port = integer(env, "PORT", 4000, 0, 65_535, problems);
  const cypherTimeoutMs = integer(env, "KGX_CYPHER_TIMEOUT_MS", 10_000, 1, 600_000, problems);
  const cypherRowLimit = integer(env, "KGX_CYPHER_ROW_LIMIT", 10_000, 1, 100_000, problems);
  const cypherRatePerMinute = integer(env, "KGX_CYPHER_RATE_LIMIT", DEFAULT_CYPHER_RATE_PER_MINUTE, 0, 1_000_000, problems);
  let trustedProxies = TRUST_LOOPBACK;
  const trustedProxiesText = env["KGX_TRUSTED_PROXIES"];
  if (trustedProxiesText !== undefined && trustedProxiesText.trim() !== "") {
    try {
      trustedProxies = parseTrustedProxies(trustedProxiesText);
    } catch (error) {
      problems.push(`KGX_TRUSTED_PROXIES ${(error as Error).message}`);
    }
  }
  const introspection = flag(env, "KGX_INTROSPECTION", true, problems);
  const debug = flag(env, "KGX_DEBUG", false, problems);
  const writeToken = env["KGX_WRITE_TOKEN"] === "" ? undefined : env["KGX_WRITE_TOKEN"];
  if (writeToken !== undefined && writeToken.trim().length < 16) {
    problems.push("KGX_WRITE_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`), or unset for a read-only API");
  }
  const givenDigest = env["KGX_WRITE_TOKEN_SHA256"]?.trim() || undefined;
  if (givenDigest !== undefined && !/^[0-9a-fA-F]{64}$/.test(givenDigest)) {
    problems.push('KGX_WRITE_TOKEN_SHA256 must be the token\'s SHA-256 as 64 hex digits (e.g. `printf %s "$TOKEN" | sha256sum`)');
  }
  if (givenDigest !== undefined && writeToken !== undefined) problems.push("set KGX_WRITE_TOKEN or KGX_WRITE_TOKEN_SHA256, not both");
  // Only the digest is kept: the token itself is held nowhere in the running process.
  const writeTokenSha256 = givenDigest?.toLowerCase() ?? (writeToken !== undefined ? createHash("sha256").update(writeToken, "utf8").digest("hex") : undefined);
  const notebookDir = path.resolve(env["KGX_NOTEBOOK_DIR"]?.trim() || DEFAULT_NOTEBOOK_DIR);
  const notebookMaxCount = integer(env, "KGX_NOTEBOOK_MAX_COUNT", 500, 1, 1_000_000, problems);
  const notebookMaxBytes = integer(env, "KGX_NOTEBOOK_MAX_BYTES", 50 * 1024 * 1024, 1024, Number.MAX_SAFE_INTEGER, problems);
  let store: StoreConfig | undefined;
  try {
    store = resolveStoreConfig(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const givenExplorerUrl = env["KGX_EXPLORER_URL"]?.trim();
  if (givenExplorerUrl && !/^https?:\/\/[^\s"'<>]+$/.test(givenExplorerUrl))
    problems.push(`KGX_EXPLORER_URL must be an http(s) address, got "${givenExplorerUrl}"`);
  // Without an address of its own, the explorer is where `npm start` puts it: this machine, on its port.
  const webPort = integer(env, "KGX_WEB_PORT", 3000, 1, 65535, problems);
  const explorerUrl = givenExplorerUrl || `http://localhost:${webPort}`;
  const storeHost = readStoreHostEnv(env, store, problems);
  if (problems.length > 0 || !store) throw new ApiEnvError(problems);
  return {
    port,
    explorerUrl,
    writeTokenSha256,
    cypherTimeoutMs,
    cypherRowLimit,
    cypherRatePerMinute,
    trustedProxies,
    introspection,
    nodeEnv: env["NODE_ENV"] || "development",
    debug,
    notebookDir,
    notebookMaxCount,
    notebookMaxBytes,
    store,
    storeHost,
  };
}

function readStoreHostEnv(env: Env, store: StoreConfig | undefined, problems: string[]): StoreHostEnv {
  const poolMiB = store?.backend === "embedded" && store.bufferPoolBytes !== undefined ? store.bufferPoolBytes / (1024 * 1024) : DEFAULT_KUZU_BUFFER_POOL_MIB;
  const fallbackMiB = Math.max(3072, poolMiB + 1024);
  let limitMiB = fallbackMiB;
  const raw = env["KGX_STORE_MEMORY_LIMIT"]?.trim();
  if (raw !== undefined && raw !== "") {
    if (!/^\d+$/.test(raw) || Number(raw) < STORE_HOST_MIN_HEADROOM_MIB || Number(raw) > 1_048_576) {
      problems.push(`KGX_STORE_MEMORY_LIMIT must be a whole number of MiB from ${STORE_HOST_MIN_HEADROOM_MIB} to 1048576, got "${raw}"`);
    } else if (Number(raw) < poolMiB + STORE_HOST_MIN_HEADROOM_MIB) {
      problems.push(
        `KGX_STORE_MEMORY_LIMIT (${raw} MiB) must leave room above the buffer pool (KGX_KUZU_BUFFER_POOL, ${poolMiB} MiB): ` +
          `at least ${poolMiB + STORE_HOST_MIN_HEADROOM_MIB}, or the store would be restarted once its pool fills`,
      );
    } else {
      limitMiB = Number(raw);
    }
  }
  const queryGraceMs = integer(env, "KGX_STORE_QUERY_GRACE_MS", 2000, 0, 600_000, problems);
  const environment: Record<string, string> = {};
  for (const name of STORE_HOST_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== "") environment[name] = value;
  }
  return { memoryLimitBytes: limitMiB * 1024 * 1024, queryGraceMs, environment };
}
