import { resolveStoreConfig, type StoreConfig, type StoreConfigOverrides } from "@kgx/graph-store";

/**
 * The CLI's reading of its environment. Nothing else in the CLI reads process.env.
 *
 * | variable | meaning |
 * | KGX_STORE | `embedded` (default) or `neo4j` |
 * | KGX_DATA_DIR | embedded store directory (default ./data/kgx) |
 * | NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE | the Neo4j server; setting NEO4J_URI selects Neo4j |
 * | KGX_DEBUG | print stack traces of unexpected errors |
 */
export interface CliEnv {
  readonly storeConfig: (overrides: StoreConfigOverrides) => StoreConfig;
  readonly debug: boolean;
}

export function readCliEnv(env: Readonly<Record<string, string | undefined>> = process.env): CliEnv {
  return {
    storeConfig: (overrides) => resolveStoreConfig(env, overrides),
    debug: env["KGX_DEBUG"] === "1" || env["KGX_DEBUG"] === "true",
  };
}
