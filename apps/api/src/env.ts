import path from "node:path";
import { resolveStoreConfig, type StoreConfig } from "@kgx/graph-store";

/**
 * The API's reading of its environment. Nothing else in the app reads process.env; everything
 * below receives these parsed, checked values.
 *
 * | variable | default | meaning |
 * | PORT | 4000 | port of the HTTP server |
 * | KGX_WRITE_TOKEN | — | token mutations need (`Authorization: Bearer …`); unset = read-only API |
 * | KGX_CYPHER_TIMEOUT_MS | 10000 | time limit of a user's Cypher statement |
 * | KGX_CYPHER_ROW_LIMIT | 10000 | most rows a Cypher statement may return |
 * | KGX_INTROSPECTION | true | whether GraphQL IDEs may read the schema |
 * | NODE_ENV | development | `production` hides field suggestions in errors |
 * | KGX_DEBUG | false | adds stack traces to error responses (never on by default) |
 * | KGX_NOTEBOOK_DIR | ./data/notebooks | directory of the saved notebooks, one JSON file each |
 * | KGX_STORE, KGX_DATA_DIR, NEO4J_* | | the store, see @kgx/graph-store's resolveStoreConfig |
 */
export interface ApiEnv {
  readonly port: number;
  readonly writeToken: string | undefined;
  readonly cypherTimeoutMs: number;
  readonly cypherRowLimit: number;
  readonly introspection: boolean;
  readonly nodeEnv: string;
  readonly debug: boolean;
  /** Absolute path of the notebook directory. */
  readonly notebookDir: string;
  readonly store: StoreConfig;
}

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
  const introspection = flag(env, "KGX_INTROSPECTION", true, problems);
  const debug = flag(env, "KGX_DEBUG", false, problems);
  const writeToken = env["KGX_WRITE_TOKEN"] === "" ? undefined : env["KGX_WRITE_TOKEN"];
  if (writeToken !== undefined && writeToken.trim().length < 16) {
    problems.push("KGX_WRITE_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`), or unset for a read-only API");
  }
  const notebookDir = path.resolve(env["KGX_NOTEBOOK_DIR"]?.trim() || DEFAULT_NOTEBOOK_DIR);
  let store: StoreConfig | undefined;
  try {
    store = resolveStoreConfig(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0 || !store) throw new ApiEnvError(problems);
  return { port, writeToken, cypherTimeoutMs, cypherRowLimit, introspection, nodeEnv: env["NODE_ENV"] || "development", debug, notebookDir, store };
}
