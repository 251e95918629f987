/**
 * Public API of @kgx/graph-store/neo4j: the GraphStore adapter for a Neo4j 5 server (local,
 * Docker or Aura), reached with the official driver.
 */
import neo4j, { type Driver } from "neo4j-driver";
import { GraphStoreError } from "../errors.ts";
import type { GraphStore } from "../port.ts";
import { Neo4jGraphStore } from "./neo4j-graph-store.ts";

export { Neo4jGraphStore, type Neo4jGraphStoreOptions } from "./neo4j-graph-store.ts";

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

/** Connects, checks that the server answers, and returns the store. Fails with STORE_UNAVAILABLE and the reason otherwise. */
export async function openNeo4jGraphStore(options: Neo4jConnectionOptions): Promise<GraphStore> {
  const location = uriForDisplay(options.uri);
  let driver: Driver;
  try {
    driver = neo4j.driver(options.uri, neo4j.auth.basic(options.username, options.password), {
      // The default waits 30 s for an unreachable host; a person starting the app should hear sooner.
      connectionTimeout: 15_000,
    });
  } catch (error) {
    throw new GraphStoreError(
      "INVALID_INPUT",
      `Not a Neo4j URI: ${location} (${reasonOf(error, options.password)}). Use neo4j://, neo4j+s:// or bolt://.`,
      { cause: error },
    );
  }
  try {
    await driver.verifyConnectivity({ database: options.database });
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw new GraphStoreError("STORE_UNAVAILABLE", `Cannot reach Neo4j at ${location}: ${reasonOf(error, options.password)}`, {
      cause: error,
    });
  }
  return new Neo4jGraphStore(driver, { location, database: options.database });
}
