import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Neo4jContainer, type StartedNeo4jContainer } from "@testcontainers/neo4j";
import { getContainerRuntimeClient } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitCypherStatements } from "../src/cypher-text.ts";
import { GraphStoreError } from "../src/errors.ts";
import { openNeo4jGraphStore } from "../src/neo4j/index.ts";
import type { GraphStore } from "../src/port.ts";
import { describeGraphStoreContract } from "./contract/index.ts";

/**
 * The contract suite against a real Neo4j 5 in a container, plus what only Neo4j can show. One
 * container serves the whole file; every store starts from an empty database.
 *
 * Machines without a container engine (a docker client alone is not enough) skip the file with
 * the reason in the test name, so the skip is visible rather than silent.
 */

const runtimeProblem = await getContainerRuntimeClient().then(
  () => undefined,
  (error: unknown) => (error instanceof Error ? error.message : String(error)),
);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** Pulling the image on a cold machine takes a while; the Neo4jContainer waits up to 120 s for "Started." on top. */
const CONTAINER_START_TIMEOUT_MS = 300_000;

if (runtimeProblem !== undefined) {
  const reason = `Neo4j contract suite skipped: no container runtime (${runtimeProblem})`;
  console.warn(reason);
  it.skip(reason, () => {});
} else {
  let container: StartedNeo4jContainer | undefined;

  beforeAll(async () => {
    container = await new Neo4jContainer("neo4j:5").start();
  }, CONTAINER_START_TIMEOUT_MS);

  afterAll(async () => {
    await container?.stop();
  });

  const openEmptyStore = async (): Promise<GraphStore> => {
    if (!container) throw new Error("the Neo4j container did not start");
    const store = await openNeo4jGraphStore({
      uri: container.getBoltUri(),
      username: container.getUsername(),
      password: container.getPassword(),
    });
    await store.runScript([{ text: "MATCH (n) DETACH DELETE n" }]);
    await store.applySchema();
    return store;
  };

  describeGraphStoreContract("neo4j", openEmptyStore);

  describe("Neo4j adapter on a real server", () => {
    let store: GraphStore;

    beforeAll(async () => {
      store = await openEmptyStore();
    });

    afterAll(async () => {
      await store?.close();
    });

    it("applies the schema twice without complaint", async () => {
      await store.applySchema();
      const result = await store.runReadQuery("CALL db.labels() YIELD label RETURN label");
      expect(result.truncated).toBe(false);
    });

    it("loads every shipped knowledge file, gives each entity the Entity label, and leaves no relationship without a source", async () => {
      const folder = path.join(repoRoot, "cypher/knowledge");
      const files = readdirSync(folder).filter((name) => name.endsWith(".cypher")).sort();
      const statements = files.flatMap((name) =>
        splitCypherStatements(readFileSync(path.join(folder, name), "utf8"), `cypher/knowledge/${name}`),
      );
      await store.runScript(statements);
      const stats = await store.stats();
      expect(stats.entities).toBeGreaterThan(0);
      expect(stats.relationshipsWithoutSource).toBe(0);
      const unlabelled = await store.runReadQuery(
        "MATCH (n) WHERE NOT n:Entity RETURN count(n) AS count",
      );
      expect(unlabelled.rows[0]?.[0]).toBe(0);
      const exported = await store.exportAll();
      expect(exported.entities).toHaveLength(stats.entities);
    });

    it("reports a syntax error at the column the person typed it, not where the check put it", async () => {
      const error = await store.runReadQuery("MATCH (n:Person RETURN n").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GraphStoreError);
      expect(error).toMatchObject({ code: "CYPHER_SYNTAX", location: { line: 1, column: 17 } });
    });

    it("sends whole-number parameters as integers, so LIMIT $n works", async () => {
      const result = await store.runReadQuery("UNWIND range(1, 10) AS x RETURN x LIMIT $n", { n: 3 });
      expect(result.rows).toEqual([[1], [2], [3]]);
    });

    it("stops a query at its time limit", async () => {
      const error = await store
        .runReadQuery("UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*) AS n", {}, { timeoutMs: 200 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "QUERY_TIMEOUT" });
    });

    it("returns temporal and large integer values as JSON", async () => {
      const result = await store.runReadQuery(
        "RETURN date('2025-08-01') AS day, datetime('2025-08-01T10:00:00Z') AS instant, 9007199254740993 AS big, 42 AS small",
      );
      expect(result.rows[0]).toEqual(["2025-08-01", "2025-08-01T10:00:00Z", "9007199254740993", 42]);
    });
  });
}
