import neo4j from "neo4j-driver";
import { afterAll, describe, inject, it } from "vitest";
import { askNeo4jTestBroker, leaseNeo4jTestServer, startNeo4jForTestRun, type Neo4jTestServer } from "../../../../tooling/neo4j/test-server-broker.ts";

/**
 * A real Neo4j for integration tests, exported as `@kgx/graph-store/testing/neo4j`.
 *
 *     describeWithNeo4j("my suite", (neo4j) => {
 *       beforeAll(() => neo4j.clear());
 *       it("…", async () => { … neo4j.uri, neo4j.username, neo4j.password … });
 *     });
 *
 * The server is the run's one shared Neo4j (NEO4J_TEST_URI, a container, or the Maven-launched
 * server; see tooling/neo4j/test-server-broker.ts). A file holds it alone from its first
 * `neo4jForTests()` until its suite ends, so `clear()` never removes another file's data. Where
 * there is no Neo4j at all the suite is skipped with the reason in its name; with
 * KGX_REQUIRE_NEO4J=1 that becomes a failing test instead.
 */

declare module "vitest" {
  export interface ProvidedContext {
    kgxNeo4jBroker: string;
  }
}

export interface AvailableNeo4j {
  available: true;
  uri: string;
  username: string;
  password: string;
  /** Where the server came from, e.g. "container neo4j:5.26". */
  origin: string;
  /**
   * Deletes every node and relationship, after checking the database is one the tests own: empty,
   * or carrying the test marker node. Refuses any other database. Indexes and constraints stay.
   */
  clear(): Promise<void>;
  /** Lets the next test file use the server; describeWithNeo4j does this after its suite. */
  release(): void;
}

export type Neo4jForTests = AvailableNeo4j | { available: false; reason: string; broken: boolean };

/**
 * The marker that says "this database belongs to the tests". It is outside the `Entity` label, so
 * the store's counts, searches and exports never see it.
 */
export const TEST_MARKER_LABEL = "KgxTestMarker";
const TEST_MARKER_ID = "kgx-test";

export const neo4jRequired = (): boolean => process.env["KGX_REQUIRE_NEO4J"] === "1";

let running: Promise<Neo4jForTests> | undefined;

/** The run's Neo4j, leased to this test file. */
export function neo4jForTests(): Promise<Neo4jForTests> {
  running ??= locate();
  return running;
}

async function locate(): Promise<Neo4jForTests> {
  const broker = brokerAddress();
  let server: Neo4jTestServer;
  let release: () => void = () => {};
  if (broker) {
    server = await askNeo4jTestBroker(broker);
    if (server.available) release = await leaseNeo4jTestServer(broker);
  } else {
    // Vitest without the root config (and so without its globalSetup): this file gets a server of
    // its own, which ends with the worker process.
    const source = await startNeo4jForTestRun();
    server = source.server;
    release = () => void source.stop();
  }
  if (!server.available) return server;
  const connection = { uri: server.uri, username: server.username, password: server.password };
  return {
    ...server,
    clear: () => clearTestDatabase(connection),
    release,
  };
}

function brokerAddress(): string | undefined {
  try {
    return inject("kgxNeo4jBroker") || undefined;
  } catch {
    return undefined;
  }
}

async function clearTestDatabase(connection: { uri: string; username: string; password: string }): Promise<void> {
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password));
  try {
    const { records } = await driver.executeQuery(
      `OPTIONAL MATCH (marker:${TEST_MARKER_LABEL} {id: $id})
       WITH count(marker) > 0 AS marked
       OPTIONAL MATCH (n) WHERE NOT n:${TEST_MARKER_LABEL}
       WITH marked, n LIMIT 1
       RETURN marked, count(n) > 0 AS hasData`,
      { id: TEST_MARKER_ID },
    );
    const marked = records[0]?.get("marked") === true;
    const hasData = records[0]?.get("hasData") === true;
    if (hasData && !marked) {
      throw new Error(
        `refusing to clear the Neo4j database at ${connection.uri}: it holds data and no (:${TEST_MARKER_LABEL} {id: '${TEST_MARKER_ID}'}) node, so the tests did not create it. Point NEO4J_TEST_URI at an empty database.`,
      );
    }
    // The marker goes in before anything is deleted, so an interrupted clear leaves a marked database.
    await driver.executeQuery(`MERGE (:${TEST_MARKER_LABEL} {id: $id})`, { id: TEST_MARKER_ID });
    const session = driver.session();
    try {
      // In batches, so a large leftover does not hit the transaction memory limit.
      await session.run(
        `MATCH (n) WHERE NOT n:${TEST_MARKER_LABEL}
         CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`,
      );
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
}

let openSuites = 0;

/**
 * A describe block that runs with the run's Neo4j, or shows why it cannot: skipped with the reason
 * in its name, or failing when KGX_REQUIRE_NEO4J=1 or when a server should have started and did not.
 */
export function describeWithNeo4j(name: string, body: (neo4j: AvailableNeo4j) => void): void {
  describe(name, async () => {
    const found = await neo4jForTests();
    if (found.available) {
      // Every suite of the file is collected before the first runs; the last one to end releases.
      openSuites++;
      afterAll(() => {
        if (--openSuites === 0) found.release();
      });
      body(found);
      return;
    }
    if (found.broken || neo4jRequired()) {
      const why = found.broken ? "" : " (KGX_REQUIRE_NEO4J=1)";
      it(`needs Neo4j${why}`, () => {
        throw new Error(found.reason);
      });
      return;
    }
    console.warn(`${name}: skipped, ${found.reason}`);
    it.skip(`skipped: ${found.reason}`, () => {});
  });
}
