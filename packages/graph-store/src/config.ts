import path from "node:path";
import { GraphStoreError } from "./errors.ts";

export const DEFAULT_DATA_DIR = "./data/kgx";
/**
 * Kùzu's buffer pool when KGX_KUZU_BUFFER_POOL does not say: Kùzu's own default is most of the
 * machine's memory, which one runaway query could then take.
 */
export const DEFAULT_KUZU_BUFFER_POOL_MIB = 1024;

export type StoreConfig =
  | {
      readonly backend: "embedded";
      readonly dataDir: string;
      /** Size of Kùzu's buffer pool in bytes. */
      readonly bufferPoolBytes?: number;
    }
  | {
      readonly backend: "neo4j";
      readonly uri: string;
      readonly username: string;
      readonly password: string;
      readonly database: string | undefined;
    };

export interface StoreConfigOverrides {
  readonly backend?: string;
  readonly dataDir?: string;
}

/**
 * Chooses the backend from the environment: `KGX_STORE` when set, else Neo4j when `NEO4J_URI` is
 * set, else the embedded store in `KGX_DATA_DIR` (default ./data/kgx). Apps pass their own parsed
 * env here; nothing in this package reads process.env.
 */
export function resolveStoreConfig(env: Readonly<Record<string, string | undefined>>, overrides: StoreConfigOverrides = {}): StoreConfig {
  // An empty variable counts as unset, as shells and compose files often leave them.
  const explicit = overrides.backend || env["KGX_STORE"] || undefined;
  const backend = explicit ?? (env["NEO4J_URI"] ? "neo4j" : "embedded");
  if (backend === "embedded" || backend === "kuzu") {
    const dataDir = overrides.dataDir || env["KGX_DATA_DIR"] || DEFAULT_DATA_DIR;
    const poolText = env["KGX_KUZU_BUFFER_POOL"]?.trim() || String(DEFAULT_KUZU_BUFFER_POOL_MIB);
    if (!/^\d+$/.test(poolText) || Number(poolText) < 64 || Number(poolText) > 1_048_576) {
      throw new GraphStoreError("INVALID_INPUT", `KGX_KUZU_BUFFER_POOL must be a whole number of MiB from 64 to 1048576, got "${poolText}".`);
    }
    return { backend: "embedded", dataDir: path.resolve(dataDir), bufferPoolBytes: Number(poolText) * 1024 * 1024 };
  }
  if (backend === "neo4j") {
    const uri = env["NEO4J_URI"];
    if (!uri) {
      throw new GraphStoreError("INVALID_INPUT", "KGX_STORE=neo4j needs NEO4J_URI (e.g. neo4j://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io).");
    }
    return {
      backend: "neo4j",
      uri,
      username: env["NEO4J_USERNAME"] ?? "neo4j",
      password: env["NEO4J_PASSWORD"] ?? "",
      database: env["NEO4J_DATABASE"] || undefined,
    };
  }
  throw new GraphStoreError("INVALID_INPUT", `KGX_STORE must be "embedded" or "neo4j", got "${backend}".`);
}

/** A line for startup logs that names the backend and where it is, never the password. */
export function describeStoreConfig(config: StoreConfig): string {
  if (config.backend === "embedded") return `embedded Kùzu store at ${config.dataDir}`;
  return `Neo4j at ${config.uri}${config.database ? ` (database ${config.database})` : ""} as ${config.username}`;
}
