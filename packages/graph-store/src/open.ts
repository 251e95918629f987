import type { StoreConfig } from "./config.ts";
import type { HostedStoreOptions } from "./embedded-host/hosted-store.ts";
import type { GraphStore } from "./port.ts";

/** The store host's settings, for an embedded store run in a process of its own. */
export type HostedStoreSettings = Omit<HostedStoreOptions, "dataDir" | "bufferPoolBytes">;

export interface OpenGraphStoreOptions {
  /**
   * Run the embedded store in a process of its own (embedded-host/), so that a statement Kùzu
   * crashes on, or one that runs away with time or memory, ends only that process: `true` for the
   * defaults, or the host's settings. The API does this; the CLI keeps the store in its own process.
   * No effect on Neo4j, which is a server of its own already.
   */
  readonly hosted?: boolean | HostedStoreSettings;
}

/**
 * Opens the store the config names. Adapters are imported lazily so that a Neo4j deployment
 * never loads Kùzu's native binary and an embedded one never loads the Neo4j driver.
 */
export async function openGraphStore(config: StoreConfig, options: OpenGraphStoreOptions = {}): Promise<GraphStore> {
  if (config.backend === "embedded") {
    const bufferPool = config.bufferPoolBytes !== undefined ? { bufferPoolBytes: config.bufferPoolBytes } : {};
    if (options.hosted) {
      const { openHostedEmbeddedGraphStore } = await import("./embedded-host/hosted-store.ts");
      const settings = options.hosted === true ? {} : options.hosted;
      return openHostedEmbeddedGraphStore({ ...settings, dataDir: config.dataDir, ...bufferPool });
    }
    const { openEmbeddedGraphStore } = await import("./embedded/index.ts");
    return openEmbeddedGraphStore({ dataDir: config.dataDir, ...bufferPool });
  }
  const { openNeo4jGraphStore } = await import("./neo4j/index.ts");
  return openNeo4jGraphStore({
    uri: config.uri,
    username: config.username,
    password: config.password,
    database: config.database,
  });
}
