import type { StoreConfig } from "./config.ts";
import type { GraphStore } from "./port.ts";

/**
 * Opens the store the config names. Adapters are imported lazily so that a Neo4j deployment
 * never loads Kùzu's native binary and an embedded one never loads the Neo4j driver.
 */
export async function openGraphStore(config: StoreConfig): Promise<GraphStore> {
  if (config.backend === "embedded") {
    const { openEmbeddedGraphStore } = await import("./embedded/index.ts");
    return openEmbeddedGraphStore({ dataDir: config.dataDir, ...(config.bufferPoolBytes !== undefined ? { bufferPoolBytes: config.bufferPoolBytes } : {}) });
  }
  const { openNeo4jGraphStore } = await import("./neo4j/index.ts");
  return openNeo4jGraphStore({
    uri: config.uri,
    username: config.username,
    password: config.password,
    database: config.database,
  });
}
