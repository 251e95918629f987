import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitCypherStatements } from "../src/cypher-text.ts";
import { GraphStoreError } from "../src/errors.ts";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import type { GraphStore } from "../src/port.ts";
import { contractFixture } from "./contract/fixture.ts";

/**
 * The ranked statement the embedded search ran before it kept its names in memory. The shipped
 * knowledge must get the same answers, in the same order, from both.
 */
const STATEMENT_SEARCH = `MATCH (n)
UNWIND CASE WHEN n.aliases IS NULL OR size(n.aliases) = 0 THEN [''] ELSE n.aliases END AS alias
WITH n, lower(n.name) AS en, lower(coalesce(n.nameJa, '')) AS ja, lower(alias) AS al
WITH n, CASE
    WHEN en = $q OR ja = $q THEN 0
    WHEN al = $q THEN 1
    WHEN starts_with(en, $q) OR starts_with(ja, $q) OR starts_with(al, $q) THEN 2
    WHEN en CONTAINS $q OR ja CONTAINS $q OR al CONTAINS $q THEN 3
    ELSE 9 END AS r
WHERE r < 9
WITH n, min(r) AS rank
RETURN n.id, rank
ORDER BY rank, n.name, n.id
LIMIT $limit`;

const KNOWLEDGE_DIR = path.resolve(import.meta.dirname, "../../../cypher/knowledge");

function knowledgeScript() {
  const files = fs
    .readdirSync(KNOWLEDGE_DIR)
    .filter((name) => name.endsWith(".cypher"))
    .sort();
  return files.flatMap((name) => splitCypherStatements(fs.readFileSync(path.join(KNOWLEDGE_DIR, name), "utf8"), name));
}

const RANKS = ["exact", "alias", "prefix", "contains"];

/** The embedded store answers search from memory and expands in fewer queries; the answers stay those of the statements. */
describe("embedded reads", () => {
  let dir: string;
  let store: GraphStore;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-search-"));
    store = await openEmbeddedGraphStore({ dataDir: dir });
    await store.applySchema();
    await store.runScript(knowledgeScript());
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("calls statements Kùzu cannot evaluate a syntax error of the statement, not a store failure", async () => {
    for (const statement of ["MATCH (a:Person) RETURN DISTINCT a.name ORDER BY count(*)", "MATCH (a)-[r]-(b) RETURN DISTINCT a ORDER BY label(a)"]) {
      const error = await store.runReadQuery(statement).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, statement).toBeInstanceOf(GraphStoreError);
      expect((error as GraphStoreError).code, statement).toBe("CYPHER_SYNTAX");
      expect((error as GraphStoreError).message).toContain("ORDER BY after RETURN DISTINCT");
    }
    // The store is fine afterwards.
    expect((await store.runReadQuery("RETURN 1 AS one")).rows).toEqual([[1]]);
  });

  it("answers the shipped knowledge as the ranked statement did", async () => {
    const queries = [
      "huawei",
      "ファーウェイ",
      "h20",
      "nvidia",
      "エヌビディア",
      "trump",
      "a",
      "e",
      "chip",
      "ai",
      "フアン",
      "中国",
      "department",
      "H20",
      "  Nvidia ",
    ];
    for (const query of queries) {
      const q = query.normalize("NFKC").trim().toLowerCase();
      const expected = await store.runReadQuery(STATEMENT_SEARCH, { q, limit: 25 });
      const hits = await store.search(query, { limit: 25, similar: false });
      expect(
        hits.map((h) => [h.node.id, h.rank]),
        query,
      ).toEqual(expected.rows.map(([id, rank]) => [id, RANKS[Number(rank)]]));
    }
  });

  it("sees entities written by a batch and renamed by a script", async () => {
    expect(await store.search("zebra-sounding")).toEqual([]);
    const fixture = contractFixture();
    const [entity] = fixture.entities;
    if (!entity) throw new Error("fixture has no entities");
    await store.writeBatch({
      entities: [{ ...entity, id: "zebra-entity", properties: { ...entity.properties, name: "Zebra-sounding name", aliases: ["ゼブラ"] } }],
      relationships: [],
    });
    expect((await store.search("zebra-sounding")).map((h) => [h.node.id, h.rank])).toEqual([["zebra-entity", "prefix"]]);
    expect((await store.search("ゼブラ")).map((h) => [h.node.id, h.rank, h.matched])).toEqual([["zebra-entity", "alias", "ゼブラ"]]);
    expect(await store.search("zebra", { types: [entity.type === "Person" ? "Chip" : "Person"] })).toEqual([]);
    await store.runScript([{ text: `MATCH (n:${entity.type} {id: 'zebra-entity'}) SET n.name = 'Okapi', n.aliases = CAST([] AS STRING[])` }]);
    expect(await store.search("zebra")).toEqual([]);
    expect((await store.search("okapi")).map((h) => [h.node.id, h.rank])).toEqual([["zebra-entity", "exact"]]);
    await store.runScript([{ text: `MATCH (n:${entity.type} {id: 'zebra-entity'}) DELETE n` }]);
    expect(await store.search("okapi")).toEqual([]);
  });

  it("gives the same total and truncation on every page of a neighbourhood, also past the end", async () => {
    const whole = await store.neighborhood("h20", { limit: 1000 });
    const total = whole.totalNeighbors;
    expect(total).toBeGreaterThan(3);
    expect(whole.nodes).toHaveLength(total);
    for (const limit of [1, 3, total - 1, total, total + 1]) {
      const seen: string[] = [];
      for (let offset = 0; offset <= total + limit; offset += limit) {
        const page = await store.neighborhood("h20", { limit, offset });
        expect(page.center.id).toBe("h20");
        expect(page.totalNeighbors, `limit ${limit} offset ${offset}`).toBe(total);
        expect(page.truncated).toBe(offset + page.nodes.length < total);
        seen.push(...page.nodes.map((n) => n.id));
      }
      expect(seen).toEqual(whole.nodes.map((n) => n.id));
    }
    const counted = await store.runReadQuery("MATCH (c:Chip {id: 'h20'})-[r]-(m) RETURN count(DISTINCT m) AS total, count(r) AS rels");
    expect(counted.rows[0]).toEqual([total, whole.relationships.length]);
  });
});
