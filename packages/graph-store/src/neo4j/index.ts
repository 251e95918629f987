/**
 * Public API of @kgx/graph-store/neo4j: the GraphStore adapter for a Neo4j 5 server (local,
 * Docker or Aura), reached with the official driver.
 */
import neo4j, { type Config, type Driver } from "neo4j-driver";
import { GraphStoreError } from "../errors.ts";
import type { GraphStore } from "../port.ts";
import { neo4jGraphStore } from "./neo4j-graph-store.ts";

export { neo4jGraphStore, type Neo4jGraphStoreOptions } from "./neo4j-graph-store.ts";

export interface Neo4jConnectionOptions {
  /** `neo4j://`, `neo4j+s://`, `bolt://` (and the other schemes the driver knows) go to the driver unchanged. */
  readonly uri: string;
  readonly username: string;
  readonly password: string;
  /** The database to use; the user's home database when absent. */
  readonly database?: string | undefined;
}

/** The URI without any user:password part, fit for logs and messages. */
export function uriForDisplay(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.username === "" && url.password === "") return uri;
    url.username = "";
    url.password = "";
    return url.toString();
  } catch {
    return uri.replace(/\/\/[^/@]*@/, "//");
  }
}

function reasonOf(error: unknown, password: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n")[0] ?? message;
  // The driver does not echo credentials, but a proxy or server message might; never let one through.
  return password.length > 0 ? firstLine.split(password).join("***") : firstLine;
}

/**
 * How the driver waits when the server is away. The driver's defaults retry a failed transaction
 * for 30 s and wait up to 60 s for a connection, so with the server down a request (and `/ready`)
 * hung for over a minute before it failed (measured: 67 s against a closed port). Here every call
 * gives up within about 4 s with STORE_UNAVAILABLE; a restart of the server or a leader
 * switch still fits in the retry window, and the pool reconnects by itself once the server is back.
 */
export const NEO4J_DRIVER_CONFIG = {
  /** An unreachable host (packets dropped, no refusal) fails after this long. */
  connectionTimeout: 5_000,
  /**
   * executeRead/executeWrite retry transient failures (lost connection, leader switch) for this
   * long. The driver waits about 1 s, then 2 s, then 4 s between tries (±20%): with 2 s a call
   * is tried three times and gives up after 2.4–3.6 s; a slightly longer window would often add
   * the 4 s wait (measured: 7.5 s with 3 s).
   */
  maxTransactionRetryTime: 2_000,
  /** Waiting for a free connection of the pool, which includes opening one. */
  connectionAcquisitionTimeout: 10_000,
} as const satisfies Config;

/** A driver with the store's timeouts; connects lazily, so it never fails for an unreachable server. */
export function createNeo4jDriver(options: Neo4jConnectionOptions): Driver {
  return neo4j.driver(options.uri, neo4j.auth.basic(options.username, options.password), { ...NEO4J_DRIVER_CONFIG });
}

/** Connects, checks that the server answers, and returns the store. Fails with STORE_UNAVAILABLE and the reason otherwise. */
export async function openNeo4jGraphStore(options: Neo4jConnectionOptions): Promise<GraphStore> {
  const location = uriForDisplay(options.uri);
  let driver: Driver;
  try {
    driver = createNeo4jDriver(options);
  } catch (error) {
    throw new GraphStoreError("INVALID_INPUT", `Not a Neo4j URI: ${location} (${reasonOf(error, options.password)}). Use neo4j://, neo4j+s:// or bolt://.`, {
      cause: error,
    });
  }
  try {
    await driver.verifyConnectivity({ database: options.database });
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw new GraphStoreError("STORE_UNAVAILABLE", `Cannot reach Neo4j at ${location}: ${reasonOf(error, options.password)}`, {
      cause: error,
    });
  }
  return neo4jGraphStore(driver, { location, database: options.database });
}
