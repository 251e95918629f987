import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import { openNeo4jGraphStore } from "@kgx/graph-store/neo4j";
import { describeWithNeo4j } from "@kgx/graph-store/testing/neo4j";
import type { GraphStore } from "@kgx/graph-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedKnowledge } from "@kgx/knowledge";

/** An empty store of one backend, and how to dispose of it. */
interface EmptyStore {
  readonly store: GraphStore;
  readonly dispose: () => Promise<void>;
}

describeKnowledge("embedded", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-knowledge-"));
  const store = await openEmbeddedGraphStore({ dataDir: dir });
  return {
    store,
    dispose: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeWithNeo4j("Neo4j", (neo4j) => {
  const openEmptyNeo4j = async (): Promise<EmptyStore> => {
    await neo4j.clear();
    const store = await openNeo4jGraphStore({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password });
    return { store, dispose: () => store.close() };
  };
  describeKnowledge("neo4j", openEmptyNeo4j);

  describe("the shipped knowledge on both backends", () => {
    it("is the same graph: the same counts and every entity and relationship with the same properties", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-knowledge-both-"));
      const embedded = await openEmbeddedGraphStore({ dataDir: dir });
      const server = await openEmptyNeo4j();
      try {
        await seedKnowledge(embedded);
        await seedKnowledge(server.store);
        const [embeddedStats, neo4jStats] = [await embedded.stats(), await server.store.stats()];
        expect(neo4jStats).toEqual(embeddedStats);
        const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
        const [fromEmbedded, fromNeo4j] = [await embedded.exportAll(), await server.store.exportAll()];
        expect(byId(fromNeo4j.entities)).toEqual(byId(fromEmbedded.entities));
        expect(byId(fromNeo4j.relationships)).toEqual(byId(fromEmbedded.relationships));
      } finally {
        await embedded.close();
        await server.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  });
});

/**
 * Questions about the two source articles, asked of the seeded graph through the store's own
 * operations, the same on both backends. If the knowledge files lose a fact, a figure or its
 * evidence, or a backend answers one differently, one of these fails.
 */
function describeKnowledge(backend: string, openEmptyStore: () => Promise<EmptyStore>): void {
  describe(`the shipped knowledge (${backend})`, () => {
    let opened: EmptyStore | undefined;
    let store: GraphStore;

    beforeAll(async () => {
      opened = await openEmptyStore();
      store = opened.store;
      await seedKnowledge(store);
    }, 120_000);

    afterAll(async () => {
      await opened?.dispose();
    });

    const rows = async (statement: string, params: Record<string, unknown> = {}) => (await store.runReadQuery(statement, params)).rows;

    it("is large enough and every relationship cites a source", async () => {
      const stats = await store.stats();
      expect(stats.entities).toBeGreaterThanOrEqual(45);
      expect(stats.relationships).toBeGreaterThanOrEqual(70);
      expect(stats.relationshipsWithoutSource).toBe(0);
    });

    it("changes nothing when seeded again", async () => {
      const before = await store.stats();
      await seedKnowledge(store);
      expect(await store.stats()).toEqual(before);
    });

    it("cites only Source entities that exist", async () => {
      const exported = await store.exportAll();
      const sources = new Set(exported.entities.filter((e) => e.type === "Source").map((e) => e.id));
      const cited = new Set(exported.relationships.flatMap((r) => (r.properties["sources"] as string[] | undefined) ?? []));
      expect([...cited].filter((id) => !sources.has(id))).toEqual([]);
      expect(sources.size).toBeGreaterThanOrEqual(2);
    });

    it("has every entity named in English and Japanese, with a description", async () => {
      const { entities } = await store.exportAll();
      const incomplete = entities.filter((e) => !e.properties["name"] || !e.properties["nameJa"] || !e.properties["description"]).map((e) => e.id);
      expect(incomplete).toEqual([]);
    });

    it.each([
      ["エヌビディア", "nvidia"],
      ["NVIDIA", "nvidia"],
      ["ファーウェイ", "huawei"],
      ["フアン", "jensen-huang"],
      ["lutnick", "howard-lutnick"],
      ["コタスタイン", "pranay-kotasthane"],
      ["910C", "ascend-910c"],
      ["深圳", "shenzhen"],
    ])("finds %s", async (query, id) => {
      const hits = await store.search(query);
      expect(hits[0]?.node.id).toBe(id);
    });

    it("knows the people named in the articles and the organizations they belong to", async () => {
      const result = await rows("MATCH (p:Person)-[r:LEADS|WORKS_AT]->(o:Organization) RETURN p.id, o.id, r.role ORDER BY p.id");
      const pairs = result.map(([p, o]) => `${String(p)}@${String(o)}`);
      expect(pairs).toEqual(
        expect.arrayContaining([
          "jensen-huang@nvidia",
          "howard-lutnick@us-commerce-department",
          "pranay-kotasthane@takshashila-institution",
          "daniel-newman@futurum-group",
          "tejas-dessai@global-x-etfs",
          "paul-triolo@dga-albright-stonebridge-group",
        ]),
      );
    });

    it("carries the figures on what they measure", async () => {
      const [writeDown, licence, order, china, repair] = await store.getEntities([
        "nvidia-h20-inventory-write-down",
        "us-h20-resumption-licence-2025-07",
        "nvidia-tsmc-h20-order",
        "china",
        "shenzhen-gpu-repair-trade",
      ]);
      expect(writeDown?.properties).toMatchObject({ amount: 4_500_000_000, unit: "USD" });
      expect(licence?.properties).toMatchObject({ revenueSharePercent: 15 });
      expect(order?.properties).toMatchObject({ amount: 300_000, unit: "units" });
      expect(china?.properties).toMatchObject({ aiDeveloperSharePercent: 50 });
      expect(repair?.properties["unit"]).toBe("repairs per month");
      const [comparison] = await rows(
        "MATCH (a:Chip {id: 'ascend-910c'})-[r:COMPARED_WITH]->(b:Chip {id: 'h100'}) RETURN r.ratioLow, r.ratioHigh, a.processNode",
      );
      expect(comparison).toEqual([0.6, 0.8, "7nm"]);
    });

    it("records who said what, when, and where it was reported", async () => {
      const said = await rows(
        `MATCH (p:Person)-[:SAID]->(s:Statement)-[:REPORTED_IN]->(src:Source)
         RETURN p.id, s.date, src.publisher ORDER BY s.date, p.id`,
      );
      const speakers = new Set(said.map(([p]) => String(p)));
      for (const person of ["jensen-huang", "howard-lutnick", "pranay-kotasthane", "daniel-newman", "tejas-dessai", "paul-triolo", "donald-trump"]) {
        expect(speakers).toContain(person);
      }
      for (const [, date] of said) expect(String(date)).toMatch(/^2025-\d{2}-\d{2}$/);
      const viaCnbc = await rows("MATCH (:Person {id: 'howard-lutnick'})-[:SAID]->(:Statement)-[:REPORTED_BY]->(o:Organization) RETURN o.id");
      expect(viaCnbc).toEqual([["cnbc"]]);
    });

    it("traces the H20 from the US export control to China's guidance", async () => {
      const window = await store.validDuring({ from: "2025-04-01", to: "2025-08-31" });
      const ids = window.entities.map((n) => n.id);
      for (const id of ["us-h20-export-control-2025-04", "us-h20-resumption-licence-2025-07", "china-h20-guidance-2025-08"]) expect(ids).toContain(id);
      expect(ids.indexOf("us-h20-export-control-2025-04")).toBeLessThan(ids.indexOf("china-h20-guidance-2025-08"));
      const targets = await rows("MATCH (p:Policy)-[:TARGETS]->(c:Chip {id: 'h20'}) RETURN p.id ORDER BY p.id");
      expect(targets.map(([id]) => id)).toEqual(expect.arrayContaining(["us-h20-export-control-2025-04", "china-h20-guidance-2025-08"]));
    });

    it("connects Huawei to Nvidia", async () => {
      const path = await store.shortestPath("huawei", "nvidia", { maxHops: 3 });
      expect(path?.nodes[0]?.id).toBe("huawei");
      expect(path?.nodes.at(-1)?.id).toBe("nvidia");
      expect(path?.relationships.every((r) => Array.isArray(r.properties["sources"]))).toBe(true);
    });
  });
}
