import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitCypherStatements } from "../src/cypher-text.ts";
import { GraphStoreError } from "../src/errors.ts";
import { openNeo4jGraphStore } from "../src/neo4j/index.ts";
import type { GraphStore } from "../src/port.ts";
import { describeGraphStoreContract } from "./contract/index.ts";
import { describeWithNeo4j, TEST_MARKER_LABEL } from "./support/neo4j-test-server.ts";

/**
 * The contract suite against a real Neo4j 5.26, plus what only Neo4j can show. The server is the
 * test run's shared one (see support/neo4j-test-server.ts); every store starts from an empty
 * database. Where there is no Neo4j the file is skipped with the reason in the test name.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describeWithNeo4j("Neo4j", (neo4j) => {
  const openEmptyStore = async (): Promise<GraphStore> => {
    await neo4j.clear();
    const store = await openNeo4jGraphStore({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password });
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
      const files = readdirSync(folder)
        .filter((name) => name.endsWith(".cypher"))
        .sort();
      const statements = files.flatMap((name) => splitCypherStatements(readFileSync(path.join(folder, name), "utf8"), `cypher/knowledge/${name}`));
      await store.runScript(statements);
      const stats = await store.stats();
      expect(stats.entities).toBeGreaterThan(0);
      expect(stats.relationshipsWithoutSource).toBe(0);
      const unlabelled = await store.runReadQuery(`MATCH (n) WHERE NOT n:Entity AND NOT n:${TEST_MARKER_LABEL} RETURN count(n) AS count`);
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
});
