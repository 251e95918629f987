import fs from "node:fs";
import path from "node:path";
import { GraphStoreError, type GraphStore, type ReadQueryResult, type ResultValue } from "@kgx/graph-store";
import { openNeo4jGraphStore } from "@kgx/graph-store/neo4j";
import { describeWithNeo4j } from "@kgx/graph-store/testing/neo4j";
import { seedKnowledge, SHIPPED_NOTEBOOKS_DIR } from "@kgx/knowledge";
import { parseNotebookText } from "@kgx/notebook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededStore, startTestApi, type TestApi, type TestStore } from "./support/test-api.ts";

/**
 * The corpus of everyday Neo4j Cypher (cypher/notebooks/050-neo4j-habits.cypher), run on the
 * embedded store and on Neo4j, each seeded with the shipped knowledge: every cell must give the
 * same columns and the same answer on both, through the store port and through the API's `cypher`
 * field as the notebook sends it. The Neo4j-only habits below it must be refused on the embedded
 * store with a message naming what to write there.
 *
 * Normalisation before comparing, and why:
 * - rows of a statement without ORDER BY are sorted, since neither engine promises an order;
 * - map keys (properties) are sorted, since the engines keep them in different orders;
 * - `Entity` is dropped from label lists: every node carries it on Neo4j as the store's own label;
 * - `db.labels()` and `db.relationshipTypes()` on Neo4j are cut to the labels and types in use
 *   there (Neo4j also lists ones its database once held, the test marker and `Entity`).
 */

const CORPUS_FILE = "050-neo4j-habits.cypher";
const corpus = parseNotebookText(fs.readFileSync(path.join(SHIPPED_NOTEBOOKS_DIR, CORPUS_FILE), "utf8"))
  .cells.filter((cell) => cell.kind === "cypher")
  .map((cell) => cell.source);

/** Neo4j habits the embedded store refuses, with what its message must name; `neo4jRuns` where Neo4j 5 answers it. */
const REFUSED: readonly { statement: string; mentions: string; neo4jRuns: boolean }[] = [
  {
    statement: "MATCH p = shortestPath((a:Organization {id: 'huawei'})-[*..6]-(b:Organization {id: 'nvidia'})) RETURN length(p)",
    mentions: "-[* SHORTEST 1..6]-",
    neo4jRuns: true,
  },
  {
    statement: "MATCH p = allShortestPaths((a:Organization {id: 'huawei'})-[*..6]-(b:Organization {id: 'nvidia'})) RETURN count(p)",
    mentions: "-[* ALL SHORTEST 1..6]-",
    neo4jRuns: true,
  },
  { statement: "MATCH (c:Chip {id: 'h20'}) RETURN c {.name, .id}", mentions: "{name: c.name}", neo4jRuns: true },
  { statement: "MATCH (c:Chip {id: 'h20'}) RETURN properties(c)", mentions: "RETURN c", neo4jRuns: true },
  { statement: "CALL db.schema.visualization()", mentions: "CALL show_tables() RETURN *", neo4jRuns: true },
  {
    statement: "MATCH (o:Organization {id: 'nvidia'}) RETURN [a IN o.aliases WHERE a STARTS WITH 'N' | toLower(a)] AS aliases",
    mentions: "list_filter",
    neo4jRuns: true,
  },
  { statement: "MATCH (o:Organization) WITH o ORDER BY o.name RETURN collect(o.name) AS names", mentions: "SKIP or LIMIT", neo4jRuns: true },
  { statement: "MATCH (o:Organization {id: 'nvidia'}) RETURN size((o)--()) AS degree", mentions: "COUNT { MATCH (n)--() }", neo4jRuns: false },
  { statement: "MATCH (o:Organization) WHERE exists(o.country) RETURN count(o)", mentions: "IS NOT NULL", neo4jRuns: false },
];

const CYPHER_FIELD = "query($s: String!) { cypher(statement: $s) { columns rows } }";

function hasTopLevelOrderBy(statement: string): boolean {
  return /\bORDER\s+BY\b/i.test(statement.replace(/\{[^{}]*\}/g, ""));
}

function canonical(value: ResultValue): ResultValue {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function withoutEntityLabel(value: ResultValue): ResultValue {
  if (Array.isArray(value)) {
    const items = value.map(withoutEntityLabel);
    return items.every((item) => typeof item === "string") ? items.filter((item) => item !== "Entity") : items;
  }
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutEntityLabel(v)]));
  return value;
}

function comparable(
  statement: string,
  result: { columns: readonly string[]; rows: readonly (readonly ResultValue[])[] },
): { columns: string[]; rows: string[] } {
  const rows = result.rows.map((row) => JSON.stringify(canonical(withoutEntityLabel([...row]))));
  return { columns: [...result.columns], rows: hasTopLevelOrderBy(statement) ? rows : rows.sort() };
}

/** What Neo4j answers that the graph holds: its labels and relationship types in use, `Entity` aside. */
async function inUseOnNeo4j(store: GraphStore): Promise<Set<string>> {
  const labels = await store.runReadQuery("MATCH (n:Entity) UNWIND labels(n) AS label RETURN DISTINCT label");
  const types = await store.runReadQuery("MATCH ()-[r]->() RETURN DISTINCT type(r)");
  return new Set([...labels.rows, ...types.rows].map((row) => String(row[0])).filter((name) => name !== "Entity"));
}

async function refusal(run: Promise<unknown>): Promise<GraphStoreError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphStoreError);
  return error as GraphStoreError;
}

describeWithNeo4j("the Neo4j habits corpus", (neo4j) => {
  describe("on the embedded store and on Neo4j", () => {
    let embedded: TestStore;
    let neo4jStore: GraphStore;
    let embeddedApi: TestApi;
    let neo4jApi: TestApi;
    let inUse: Set<string>;

    beforeAll(async () => {
      embedded = await openSeededStore();
      await neo4j.clear();
      neo4jStore = await openNeo4jGraphStore({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password });
      await seedKnowledge(neo4jStore);
      embeddedApi = await startTestApi(embedded.store);
      neo4jApi = await startTestApi(neo4jStore);
      inUse = await inUseOnNeo4j(neo4jStore);
    }, 180_000);

    afterAll(async () => {
      await embeddedApi?.stop();
      await neo4jApi?.stop();
      await embedded?.close();
      await neo4jStore?.close();
    });

    it("holds at least 40 statements", () => {
      expect(corpus.length).toBeGreaterThanOrEqual(40);
    });

    it.each(corpus)("%s", async (statement) => {
      const onEmbedded: ReadQueryResult = await embedded.store.runReadQuery(statement);
      let onNeo4j: ReadQueryResult = await neo4jStore.runReadQuery(statement);
      if (/^CALL db\.(labels|relationshipTypes)\(\)$/i.test(statement)) {
        onNeo4j = { ...onNeo4j, rows: onNeo4j.rows.filter((row) => inUse.has(String(row[0]))) };
      }
      expect(onEmbedded.rows.length, "the statement answers something").toBeGreaterThan(0);
      expect(onEmbedded.truncated).toBe(false);
      expect(comparable(statement, onEmbedded)).toEqual(comparable(statement, onNeo4j));
      // The notebook sends a cell through the API; its answer there is the store's, on both backends.
      for (const [api, direct] of [
        [embeddedApi, onEmbedded],
        [neo4jApi, onNeo4j],
      ] as const) {
        const answer = await api.post(CYPHER_FIELD, { s: statement });
        expect(answer.body.errors).toBeUndefined();
        const field = answer.body.data?.["cypher"] as { columns: string[]; rows: ResultValue[][] };
        expect(field.columns).toEqual(direct.columns);
        // Without ORDER BY an engine may return rows in another order on each run (Kùzu's UNION
        // does), so the API's answer is compared after the same normalisation as the stores'.
        if (direct === onEmbedded) expect(comparable(statement, { ...direct, rows: field.rows })).toEqual(comparable(statement, direct));
      }
    });

    it.each(REFUSED)("refuses $statement on the embedded store, naming $mentions", async ({ statement, mentions, neo4jRuns }) => {
      const error = await refusal(embedded.store.runReadQuery(statement));
      expect(error.code).toBe("CYPHER_SYNTAX");
      expect(error.message).toContain(mentions);
      const answer = await embeddedApi.post(CYPHER_FIELD, { s: statement });
      expect(answer.body.errors?.[0]?.extensions?.["code"]).toBe("CYPHER_SYNTAX");
      expect(answer.body.errors?.[0]?.message).toContain(mentions);
      if (neo4jRuns) expect((await neo4jStore.runReadQuery(statement)).rows.length).toBeGreaterThan(0);
      else expect((await refusal(neo4jStore.runReadQuery(statement))).code).toBe("CYPHER_SYNTAX");
    });

    it("runs the Kùzu spellings the refusals name", async () => {
      const shortest = await embedded.store.runReadQuery(
        "MATCH p = (a:Organization {id: 'huawei'})-[* SHORTEST 1..6]-(b:Organization {id: 'nvidia'}) RETURN length(p)",
      );
      expect(shortest.rows).toEqual(
        (await neo4jStore.runReadQuery("MATCH p = shortestPath((a:Organization {id: 'huawei'})-[*..6]-(b:Organization {id: 'nvidia'})) RETURN length(p)")).rows,
      );
      const lists = await embedded.store.runReadQuery(
        "MATCH (o:Organization {id: 'nvidia'}) RETURN list_transform(list_filter(o.aliases, a -> a STARTS WITH 'N'), a -> lower(a)) AS aliases",
      );
      expect(lists.rows).toEqual((await neo4jStore.runReadQuery(REFUSED[5]!.statement)).rows);
      const projected = await embedded.store.runReadQuery("MATCH (c:Chip {id: 'h20'}) RETURN {name: c.name, id: c.id} AS c");
      expect(projected.rows).toEqual([[{ name: "Nvidia H20", id: "h20" }]]);
    });
  });
});
