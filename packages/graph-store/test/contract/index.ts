import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RELATIONSHIP_TYPE_NAMES } from "@kgx/domain";
import { GraphStoreError } from "../../src/errors.ts";
import type { GraphNode, GraphStore } from "../../src/port.ts";
import { cypherEscapeAttempts } from "./escape-attempts.ts";
import { contractFixture, FIXTURE_HUB_FANOUT } from "./fixture.ts";
import { describeInputRules } from "./input-rules.ts";

export { countStoreCalls, type CountingStore } from "./counting-store.ts";
export { cypherEscapeAttempts, type EscapePaths } from "./escape-attempts.ts";
export { contractFixture } from "./fixture.ts";
export { storeFingerprint, type StoreFingerprint } from "./fingerprint.ts";
export { seededRandom } from "./seeded-random.ts";

const modelOrder = (type: string) => (RELATIONSHIP_TYPE_NAMES as readonly string[]).indexOf(type);

/**
 * One behavioural contract for every GraphStore adapter. Each adapter's test file calls this with
 * a function that opens an empty store with the schema applied; the suite writes its own fixture.
 */
export function describeGraphStoreContract(backendLabel: string, openEmptyStore: () => Promise<GraphStore>): void {
  describe(`GraphStore contract: ${backendLabel}`, () => {
    let store: GraphStore;

    beforeAll(async () => {
      store = await openEmptyStore();
      await store.writeBatch(contractFixture());
    });

    afterAll(async () => {
      await store?.close();
    });

    async function expectCode(promise: Promise<unknown>, code: string): Promise<GraphStoreError> {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GraphStoreError);
      expect((error as GraphStoreError).code).toBe(code);
      return error as GraphStoreError;
    }

    describeInputRules(() => store);

    describe("entities", () => {
      it("gets an entity by its own id with typed, JSON-safe properties", async () => {
        const node = await store.getEntity("rule-2025");
        expect(node).toEqual({
          kind: "node",
          id: "rule-2025",
          type: "Policy",
          properties: {
            name: "Export rule 2025",
            nameJa: "輸出規制2025",
            kind: "export_control",
            effectiveFrom: "2025-04-01",
            effectiveTo: "2025-06-30",
            revenueSharePercent: 15,
          },
        });
      });

      it("returns null for an unknown id", async () => {
        expect(await store.getEntity("no-such-entity")).toBeNull();
      });

      it("gets several entities at once in the order asked, skipping missing ones", async () => {
        const nodes = await store.getEntities(["x100", "missing", "ada", "acme"]);
        expect(nodes.map((n) => [n.id, n.type])).toEqual([
          ["x100", "Chip"],
          ["ada", "Person"],
          ["acme", "Organization"],
        ]);
        expect(nodes[2]?.properties["aliases"]).toEqual(["ACME", "アクメ半導体"]);
      });

      it("knows the type of each stored id", async () => {
        const types = await store.entityTypesOf(["ada", "big-order", "nope"]);
        expect(Object.fromEntries(types)).toEqual({ ada: "Person", "big-order": "Event" });
      });
    });

    describe("search", () => {
      const ids = (hits: { node: GraphNode }[]) => hits.map((h) => h.node.id);

      it("finds names with a typo, in hiragana for katakana, and without the middle dot, after every direct match", async () => {
        const typo = await store.search("acme chisp");
        expect(typo[0]).toMatchObject({ rank: "similar", matched: "Acme Chips" });
        expect(typo[0]?.node.id).toBe("acme");
        expect(ids(await store.search("betta"))).toEqual(["beta"]);
        expect((await store.search("betta"))[0]?.rank).toBe("similar");
        expect(ids(await store.search("えいだぱーく"))).toEqual(["ada"]);
        expect(ids(await store.search("ｴｲﾀﾞ"))).toEqual(["ada"]);
        const undotted = await store.search("アクメファウンドリ");
        expect(undotted[0]).toMatchObject({ rank: "similar", matched: "アクメ・ファウンドリ" });
        expect(undotted[0]?.node.id).toBe("acme-foundry");
        // Direct matches stay first; near names only fill the places left.
        const mixed = await store.search("beta", { limit: 5 });
        expect(mixed[0]).toMatchObject({ rank: "prefix", matched: "Beta Systems" });
        const order = ["exact", "alias", "prefix", "contains", "similar"];
        const ranks = (await store.search("acme", { limit: 30 })).map((h) => h.rank);
        expect([...ranks].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(ranks);
        expect(await store.search("betta", { similar: false })).toEqual([]);
        expect(await store.search("qqqqzzzz")).toEqual([]);
        expect(ids(await store.search("betta", { types: ["Person"] }))).toEqual([]);
      });

      it("ranks exact name before alias before prefix before contains", async () => {
        const hits = await store.search("acme");
        expect(hits[0]?.node.id).toBe("acme");
        expect(hits[0]?.rank).toBe("alias");
        const ranks = hits.map((h) => h.rank);
        const order = ["exact", "alias", "prefix", "contains"];
        expect([...ranks].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ranks);
        expect(ids(hits)).toContain("acme-foundry");
        expect(ids(hits)).toContain("beta"); // alias "Acme rival" starts with acme
      });

      it("matches the full English name exactly, case-insensitively", async () => {
        const hits = await store.search("ACME CHIPS");
        expect(hits[0]).toMatchObject({ rank: "exact", matched: "Acme Chips" });
        expect(hits[0]?.node.id).toBe("acme");
      });

      it("finds by Japanese name and Japanese alias, partially", async () => {
        expect(ids(await store.search("アクメ"))[0]).toBe("acme");
        const partial = await store.search("半導体");
        expect(ids(partial)).toEqual(["acme"]);
        expect(partial[0]).toMatchObject({ rank: "contains", matched: "アクメ半導体" });
      });

      it("filters by type and limits the number of hits", async () => {
        const hits = await store.search("fan", { types: ["Organization"], limit: 5 });
        expect(hits).toHaveLength(5);
        expect(ids(hits)).toEqual(["fan-01", "fan-02", "fan-03", "fan-04", "fan-05"]);
        expect(await store.search("fan", { types: ["Person"] })).toEqual([]);
      });

      it("refuses an unknown type", async () => {
        await expectCode(store.search("x", { types: ["Spaceship"] }), "INVALID_INPUT");
      });

      it("treats a quote or pattern characters as plain text", async () => {
        expect(await store.search("o'brien%_*")).toEqual([]);
      });
    });

    describe("neighborhood", () => {
      it("returns the neighbours with the relationships and the total", async () => {
        const hood = await store.neighborhood("acme");
        expect(hood.center.id).toBe("acme");
        expect(hood.totalNeighbors).toBe(FIXTURE_HUB_FANOUT + 5);
        expect(hood.nodes).toHaveLength(FIXTURE_HUB_FANOUT + 5);
        expect(hood.truncated).toBe(false);
        const leads = hood.relationships.find((r) => r.type === "LEADS");
        expect(leads).toMatchObject({ kind: "relationship", id: "ada-leads-acme", source: "ada", target: "acme" });
        expect(leads?.properties).toMatchObject({ role: "CEO", sources: ["src-fixture"], validFrom: "2020-01-01" });
      });

      it("caps the neighbours, says how many there are, and pages", async () => {
        const first = await store.neighborhood("acme", { limit: 5 });
        expect(first.nodes).toHaveLength(5);
        expect(first.totalNeighbors).toBe(FIXTURE_HUB_FANOUT + 5);
        expect(first.truncated).toBe(true);
        const names = first.nodes.map((n) => String(n.properties["name"]));
        expect([...names].sort()).toEqual(names);
        const next = await store.neighborhood("acme", { limit: 5, offset: 5 });
        expect(next.nodes.map((n) => n.id).some((id) => first.nodes.some((f) => f.id === id))).toBe(false);
        for (const r of first.relationships) expect(first.nodes.some((n) => n.id === r.source || n.id === r.target)).toBe(true);
      });

      it("follows direction and relationship types", async () => {
        const out = await store.neighborhood("acme", { direction: "out" });
        expect(out.nodes.map((n) => n.id)).toEqual(["x100"]);
        const incoming = await store.neighborhood("acme", { direction: "in", relationshipTypes: ["LEADS", "COMPETES_WITH"] });
        expect(incoming.nodes.map((n) => n.id).sort()).toEqual(["ada", "beta"]);
        expect(incoming.totalNeighbors).toBe(2);
      });

      it("is empty for an entity without relationships", async () => {
        const hood = await store.neighborhood("lonely-isle");
        expect(hood).toMatchObject({ nodes: [], relationships: [], totalNeighbors: 0, truncated: false });
      });

      it("says NOT_FOUND for an unknown centre and INVALID_INPUT for bad options", async () => {
        await expectCode(store.neighborhood("nobody"), "NOT_FOUND");
        await expectCode(store.neighborhood("acme", { relationshipTypes: ["LEADS`]->() DETACH DELETE n //"] }), "INVALID_INPUT");
        await expectCode(store.neighborhood("acme", { limit: -1 }), "INVALID_INPUT");
      });
    });

    describe("deeper neighbourhoods", () => {
      it("reaches neighbours up to depth hops away, nearest first, with the relationships crossed", async () => {
        const hood = await store.neighborhood("ada", { depth: 2 });
        expect(hood.nodes[0]?.id).toBe("acme");
        expect(hood.totalNeighbors).toBe(FIXTURE_HUB_FANOUT + 5);
        expect(hood.nodes).toHaveLength(FIXTURE_HUB_FANOUT + 5);
        expect(hood.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["x100", "beta", "big-order", "src-fixture", "fan-01"]));
        expect(hood.relationships).toHaveLength(FIXTURE_HUB_FANOUT + 5);
        const shown = new Set(["ada", ...hood.nodes.map((n) => n.id)]);
        for (const r of hood.relationships) expect(shown.has(r.source) && shown.has(r.target)).toBe(true);
        const three = await store.neighborhood("ada", { depth: 3 });
        expect(three.totalNeighbors).toBe(FIXTURE_HUB_FANOUT + 8);
        expect(three.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["acme-foundry", "y200", "rule-2025"]));
      });

      it("caps and orders by distance, then name, and follows direction at every hop", async () => {
        const capped = await store.neighborhood("ada", { depth: 2, limit: 3 });
        expect(capped.nodes.map((n) => n.id)).toEqual(["acme", "beta", "big-order"]);
        expect(capped.totalNeighbors).toBe(FIXTURE_HUB_FANOUT + 5);
        expect(capped.truncated).toBe(true);
        const out = await store.neighborhood("ada", { depth: 2, direction: "out" });
        expect(out.nodes.map((n) => n.id)).toEqual(["acme", "x100"]);
        expect(out.relationships.map((r) => r.id)).toEqual(["ada-leads-acme", "acme-makes-x100"]);
      });

      it("refuses a depth above 3", async () => {
        await expectCode(store.neighborhood("ada", { depth: 4 }), "INVALID_INPUT");
        await expectCode(store.neighborhood("ada", { depth: 0 }), "INVALID_INPUT");
      });
    });

    describe("lists and batches", () => {
      it("lists entities by name with the total, filtered by type and paged", async () => {
        const fixture = contractFixture();
        const all = await store.listEntities({ limit: 1000 });
        expect(all.totalCount).toBe(fixture.entities.length);
        const names = all.nodes.map((n) => String(n.properties["name"]));
        expect([...names].sort()).toEqual(names);
        const orgs = await store.listEntities({ types: ["Organization", "Person"], limit: 4 });
        expect(orgs.totalCount).toBe(4 + FIXTURE_HUB_FANOUT);
        expect(orgs.nodes.map((n) => n.id)).toEqual(["acme", "acme-foundry", "ada", "beta"]);
        const next = await store.listEntities({ types: ["Organization", "Person"], limit: 4, offset: 4 });
        expect(next.nodes.map((n) => n.id)).toEqual(["fan-01", "fan-02", "fan-03", "fan-04"]);
        expect((await store.listEntities({ offset: 1000 })).nodes).toEqual([]);
        await expectCode(store.listEntities({ types: ["Spaceship"] }), "INVALID_INPUT");
      });

      it("pages the relationships of several entities at once, each with its total", async () => {
        const pages = await store.relationshipsOfMany(["acme", "x100", "nope"]);
        expect([...pages.keys()]).toEqual(["acme", "x100", "nope"]);
        expect(pages.get("acme")?.totalCount).toBe(FIXTURE_HUB_FANOUT + 5);
        expect(pages.get("x100")?.relationships.map((r) => r.id)).toEqual([
          "y200-compared_with-x100",
          "acme-makes-x100",
          "acme-foundry-manufactures-x100",
          "rule-2025-targets-x100",
        ]);
        expect(pages.get("nope")).toEqual({ relationships: [], totalCount: 0 });
        const makes = pages.get("acme")?.relationships.find((r) => r.type === "MAKES");
        expect(makes).toMatchObject({ kind: "relationship", source: "acme", target: "x100", properties: { sources: ["src-fixture"] } });
      });

      it("filters by direction and type, and pages with offset and limit", async () => {
        const out = await store.relationshipsOfMany(["acme"], { direction: "out" });
        expect(out.get("acme")?.relationships.map((r) => r.id)).toEqual(["acme-makes-x100"]);
        const typed = await store.relationshipsOfMany(["acme", "ada"], { direction: "in", relationshipTypes: ["LEADS", "COMPETES_WITH"] });
        expect(typed.get("acme")?.relationships.map((r) => r.type)).toEqual(["COMPETES_WITH", "LEADS"]);
        expect(typed.get("ada")?.totalCount).toBe(0);
        const first = (await store.relationshipsOfMany(["acme"], { limit: 5 })).get("acme");
        const second = (await store.relationshipsOfMany(["acme"], { limit: 5, offset: 5 })).get("acme");
        expect(first?.relationships).toHaveLength(5);
        expect(second?.totalCount).toBe(FIXTURE_HUB_FANOUT + 5);
        const seen = new Set(first?.relationships.map((r) => r.id));
        expect(second?.relationships.some((r) => seen.has(r.id))).toBe(false);
        await expectCode(store.relationshipsOfMany(["acme"], { relationshipTypes: ["NOPE"] }), "INVALID_INPUT");
        await expectCode(store.relationshipsOfMany(["acme"], { limit: 0 }), "INVALID_INPUT");
      });
    });

    describe("shortest path", () => {
      it("finds the shortest path, oriented from the first entity", async () => {
        const path = await store.shortestPath("ada", "acme-foundry");
        expect(path?.nodes[0]?.id).toBe("ada");
        expect(path?.nodes.at(-1)?.id).toBe("acme-foundry");
        expect(path?.relationships).toHaveLength(3);
        expect(path?.nodes).toHaveLength(4);
      });

      it("respects maxHops and returns null when there is no path", async () => {
        expect(await store.shortestPath("ada", "acme-foundry", { maxHops: 2 })).toBeNull();
        expect(await store.shortestPath("ada", "lonely-isle")).toBeNull();
      });

      it("says NOT_FOUND for unknown ends", async () => {
        await expectCode(store.shortestPath("ada", "nowhere"), "NOT_FOUND");
      });

      it("keeps to the relationship types asked for, and leaves out the excluded ones", async () => {
        // ada → acme-foundry is 3 hops two ways: through the order (INVOLVES) or through the chip (MAKES, MANUFACTURES).
        const withoutOrder = await store.shortestPath("ada", "acme-foundry", { excludeRelationshipTypes: ["INVOLVES"] });
        expect(withoutOrder?.relationships.map((r) => r.type)).toEqual(["LEADS", "MAKES", "MANUFACTURES"]);
        const onlyOrder = await store.shortestPath("ada", "acme-foundry", { relationshipTypes: ["LEADS", "INVOLVES"] });
        expect(onlyOrder?.relationships.map((r) => r.type)).toEqual(["LEADS", "INVOLVES", "INVOLVES"]);
        expect(onlyOrder?.nodes.map((n) => n.id)).toEqual(["ada", "acme", "big-order", "acme-foundry"]);
        expect(await store.shortestPath("ada", "acme-foundry", { excludeRelationshipTypes: ["INVOLVES", "MAKES"] })).toBeNull();
        expect(await store.shortestPath("ada", "acme-foundry", { relationshipTypes: ["LEADS"], excludeRelationshipTypes: ["LEADS"] })).toBeNull();
        await expectCode(store.shortestPath("ada", "acme-foundry", { excludeRelationshipTypes: ["NOPE"] }), "INVALID_INPUT");
      });
    });

    describe("ranked shortest paths", () => {
      const idsOf = (paths: readonly { nodes: readonly GraphNode[] }[]) => paths.map((p) => p.nodes.map((n) => n.id).join(">"));

      it("ranks paths by length, then by the ids along the way, each oriented from the first entity", async () => {
        const paths = await store.shortestPaths("ada", "acme-foundry", { k: 4 });
        // Two of 3 hops (through the order and through the chip), then the longer ones.
        expect(idsOf(paths).slice(0, 2)).toEqual(["ada>acme>big-order>acme-foundry", "ada>acme>x100>acme-foundry"]);
        expect(paths.map((p) => p.relationships.length)).toEqual([...paths.map((p) => p.relationships.length)].sort((a, b) => a - b));
        for (const path of paths) {
          expect(new Set(path.nodes.map((n) => n.id)).size).toBe(path.nodes.length);
          expect(path.relationships).toHaveLength(path.nodes.length - 1);
          path.relationships.forEach((rel, i) => {
            const ends = [path.nodes[i]?.id, path.nodes[i + 1]?.id];
            expect(ends).toContain(rel.source);
            expect(ends).toContain(rel.target);
          });
        }
        expect(idsOf(await store.shortestPaths("ada", "acme-foundry"))).toEqual(["ada>acme>big-order>acme-foundry"]);
      });

      it("finds longer paths when the short ones run out, and none past maxHops", async () => {
        const paths = await store.shortestPaths("ada", "acme-foundry", { k: 10, maxHops: 4 });
        expect(idsOf(paths)).toEqual(["ada>acme>big-order>acme-foundry", "ada>acme>x100>acme-foundry"]);
        const longer = await store.shortestPaths("ada", "y200", { k: 3, excludeRelationshipTypes: ["MENTIONS", "TARGETS"] });
        expect(idsOf(longer)).toEqual(["ada>acme>x100>y200", "ada>acme>big-order>acme-foundry>x100>y200"]);
        expect(await store.shortestPaths("ada", "lonely-isle", { k: 3 })).toEqual([]);
      });

      it("keeps to the relationship types asked for and never passes through a hidden entity type", async () => {
        expect(idsOf(await store.shortestPaths("ada", "acme-foundry", { k: 5, excludeRelationshipTypes: ["INVOLVES"] }))).toEqual([
          "ada>acme>x100>acme-foundry",
        ]);
        const withoutEvents = await store.shortestPaths("ada", "acme-foundry", { k: 5, excludeEntityTypes: ["Event"] });
        expect(withoutEvents.length).toBeGreaterThan(0);
        for (const path of withoutEvents) expect(path.nodes.map((n) => n.type)).not.toContain("Event");
        expect(await store.shortestPaths("ada", "acme-foundry", { k: 5, excludeEntityTypes: ["Chip", "Event", "Source"] })).toEqual([]);
        expect(await store.shortestPaths("ada", "big-order", { excludeEntityTypes: ["Event"] })).toEqual([]);
        expect(idsOf(await store.shortestPaths("ada", "ada", { k: 3 }))).toEqual(["ada"]);
      });

      it("refuses bad input with a code that names the argument", async () => {
        for (const [options, field] of [
          [{ k: 0 }, "k"],
          [{ k: 11 }, "k"],
          [{ k: 1.5 }, "k"],
          [{ maxHops: 0 }, "maxHops"],
          [{ excludeEntityTypes: ["Nope"] }, "excludeEntityTypes"],
          [{ relationshipTypes: ["NOPE"] }, "relationshipTypes"],
        ] as const) {
          const error = await expectCode(store.shortestPaths("ada", "acme-foundry", options), "INVALID_INPUT");
          expect(error.message).toContain(field);
          expect(error.location?.field).toBe(field);
        }
        await expectCode(store.shortestPaths("ada", "nowhere"), "NOT_FOUND");
        await expectCode(store.shortestPaths("", "ada"), "INVALID_INPUT");
      });
    });

    describe("time", () => {
      it("refuses a date that is not a day of the calendar with the same code and words on every backend", async () => {
        for (const [range, field] of [
          [{ from: "2025-02-29" }, "from"],
          [{ to: "2025-13-01" }, "to"],
          [{ from: "2025-7-1" }, "from"],
        ] as const) {
          const error = await expectCode(store.validDuring(range), "INVALID_INPUT");
          expect(error.message).toBe(`${field} must be a date as YYYY-MM-DD, got "${Object.values(range)[0]}"`);
          expect(error.location?.field).toBe(field);
        }
        expect((await store.validDuring({ from: "2024-02-29", to: "2024-02-29" })).entities).toEqual([]);
      });

      it("lists dated entities and relationships that overlap a range, in date order", async () => {
        const july = await store.validDuring({ from: "2025-07-01", to: "2025-08-31" });
        const ids = july.entities.map((n) => n.id);
        expect(ids).toEqual(["src-fixture", "big-order"]);
        expect(july.relationships.map((r) => r.id).sort()).toEqual(["ada-leads-acme", "big-order-involves-acme"]);
      });

      it("includes a policy whose span overlaps the range", async () => {
        const may = await store.validDuring({ from: "2025-05-01", to: "2025-05-31" });
        expect(may.entities.map((n) => n.id)).toEqual(["rule-2025"]);
        expect(may.relationships.map((r) => r.id).sort()).toEqual(["ada-leads-acme", "rule-2025-targets-x100"]);
      });

      it("accepts open ends and refuses bad dates", async () => {
        const all = await store.validDuring({});
        expect(all.entities.map((n) => n.id)).toEqual(["rule-2025", "src-fixture", "big-order"]);
        await expectCode(store.validDuring({ from: "July 2025" }), "INVALID_INPUT");
      });
    });

    describe("schema and stats", () => {
      it("summarises every type of the model with counts", async () => {
        const summary = await store.schemaSummary();
        const org = summary.entityTypes.find((t) => t.name === "Organization");
        expect(org?.count).toBe(3 + FIXTURE_HUB_FANOUT);
        expect(org?.properties).toContain("country");
        expect(summary.entityTypes.find((t) => t.name === "Statement")?.count).toBe(0);
        expect(summary.relationshipTypes.find((t) => t.name === "DEPENDS_ON")?.count).toBe(FIXTURE_HUB_FANOUT);
      });

      it("counts the relationships of each type per pair of entity types, exactly, adding up to the total", async () => {
        const summary = await store.schemaSummary();
        // Hand-counted from the fixture, in the model's order of relationship types.
        expect(summary.connections).toEqual(
          [
            { relationshipType: "LEADS", from: "Person", to: "Organization", count: 1 },
            { relationshipType: "MAKES", from: "Organization", to: "Chip", count: 1 },
            { relationshipType: "MANUFACTURES", from: "Organization", to: "Chip", count: 1 },
            { relationshipType: "COMPETES_WITH", from: "Organization", to: "Organization", count: 1 },
            { relationshipType: "DEPENDS_ON", from: "Organization", to: "Organization", count: FIXTURE_HUB_FANOUT },
            { relationshipType: "COMPARED_WITH", from: "Chip", to: "Chip", count: 1 },
            { relationshipType: "TARGETS", from: "Policy", to: "Chip", count: 1 },
            { relationshipType: "INVOLVES", from: "Event", to: "Organization", count: 2 },
            { relationshipType: "MENTIONS", from: "Source", to: "Organization", count: 1 },
          ].sort((a, b) => modelOrder(a.relationshipType) - modelOrder(b.relationshipType)),
        );
        const total = summary.connections.reduce((sum, c) => sum + c.count, 0);
        expect(total).toBe(contractFixture().relationships.length);
        for (const type of summary.relationshipTypes) {
          expect(summary.connections.filter((c) => c.relationshipType === type.name).reduce((sum, c) => sum + c.count, 0)).toBe(type.count);
        }
      });

      it("counts entities, relationships and those without a source", async () => {
        const stats = await store.stats();
        const fixture = contractFixture();
        expect(stats.entities).toBe(fixture.entities.length);
        expect(stats.relationships).toBe(fixture.relationships.length);
        expect(stats.relationshipsWithoutSource).toBe(0);
        expect(stats.entitiesByType["Person"]).toBe(1);
      });
    });

    describe("read-only Cypher", () => {
      it("answers type(r) and CALL db.relationshipTypes() as Neo4j does, on every backend", async () => {
        const types = await store.runReadQuery("MATCH (:Person)-[r]->(o:Organization) RETURN type(r), o.id ORDER BY o.id");
        expect(types.columns).toEqual(["type(r)", "o.id"]);
        expect(types.rows).toEqual([["LEADS", "acme"]]);
        const listed = await store.runReadQuery("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType");
        expect(listed.columns).toEqual(["relationshipType"]);
        const names = listed.rows.map((row) => row[0]);
        // Every type in use is listed. (Neo4j also lists a type its database once held and no longer
        // does, and the Entity label every node carries there; the embedded store lists what is in use.)
        expect(names).toEqual(expect.arrayContaining(["LEADS", "MAKES", "MENTIONS", "DEPENDS_ON"]));
        const labels = (await store.runReadQuery("CALL db.labels()")).rows.map((row) => row[0]);
        expect(labels).toEqual(expect.arrayContaining(["Person", "Organization", "Chip", "Source"]));
      });

      it("names unaliased columns by their text as written, on every backend", async () => {
        const result = await store.runReadQuery(
          "MATCH (o:Organization) WHERE o.id IN ['acme', 'beta'] RETURN o.name, count(*), size(o.name) AS length, lower(o.name) ORDER BY o.name",
        );
        expect(result.columns).toEqual(["o.name", "count(*)", "length", "lower(o.name)"]);
        expect(result.rows).toEqual([
          ["Acme Chips", 1, 10, "acme chips"],
          ["Beta Systems", 1, 12, "beta systems"],
        ]);
      });

      it("runs a read with parameters and returns nodes, relationships and scalars in the common shape", async () => {
        const result = await store.runReadQuery(
          "MATCH (p:Person)-[r:LEADS]->(o:Organization) WHERE o.id = $org RETURN p, r, o.name AS org, r.validFrom AS since",
          { org: "acme" },
        );
        expect(result.columns).toEqual(["p", "r", "org", "since"]);
        expect(result.rows).toHaveLength(1);
        const [p, r, org, since] = result.rows[0] ?? [];
        expect(p).toMatchObject({ kind: "node", id: "ada", type: "Person" });
        expect(r).toMatchObject({ kind: "relationship", type: "LEADS", source: "ada", target: "acme" });
        expect(org).toBe("Acme Chips");
        expect(since).toBe("2020-01-01");
        expect(result.backend).toBe(store.backend);
        expect(result.truncated).toBe(false);
      });

      it("names relationship endpoints by entity id even when the nodes are not returned", async () => {
        const result = await store.runReadQuery("MATCH (:Person)-[r]->(:Organization) RETURN r");
        expect(result.rows[0]?.[0]).toMatchObject({ source: "ada", target: "acme" });
      });

      it("caps rows and says so", async () => {
        const result = await store.runReadQuery("MATCH (o:Organization) RETURN o.id ORDER BY o.id", {}, { rowLimit: 3 });
        expect(result.rows).toHaveLength(3);
        expect(result.truncated).toBe(true);
      });

      it("refuses every write, escape and engine command, and the graph stays exactly as it was", async () => {
        const before = JSON.stringify(await store.exportAll());
        const outside = `/tmp/kgx-contract-outside-${process.pid}`;
        const refused: Record<string, string> = {};
        for (const [label, statement] of cypherEscapeAttempts({ readableFile: "/etc/hostname", outsideDir: outside })) {
          const error = await store.runReadQuery(statement).then(
            () => undefined,
            (e: unknown) => e,
          );
          refused[label] = error instanceof GraphStoreError ? error.code : `no refusal (${String(error)})`;
        }
        expect(
          Object.values(refused).every((code) => code === "CYPHER_WRITE_REFUSED"),
          JSON.stringify(refused, null, 1),
        ).toBe(true);
        expect(JSON.stringify(await store.exportAll())).toBe(before);
        expect(fs.existsSync(outside)).toBe(false);
      });

      it("answers EXPLAIN and PROFILE with the plan as rows, naming the scan (each engine in its own words)", async () => {
        for (const word of ["EXPLAIN", "PROFILE"]) {
          const result = await store.runReadQuery(`${word} MATCH (p:Person) RETURN p.name`);
          expect(result.rows.length, word).toBeGreaterThan(0);
          expect(JSON.stringify(result.rows), word).toMatch(/SCAN_NODE_TABLE|NodeByLabelScan|NodeIndexScan|AllNodesScan/);
        }
      });

      it("reports syntax errors with a position", async () => {
        const error = await expectCode(store.runReadQuery("MATCH (n:Person RETURN n"), "CYPHER_SYNTAX");
        expect(error.location?.line).toBe(1);
      });

      it("refuses parameters nested more than 32 levels deep at once, however deep", async () => {
        const nested = (levels: number): unknown => {
          let value: unknown = 1;
          for (let level = 0; level < levels; level++) value = level % 2 === 0 ? [value] : { a: value };
          return value;
        };
        const started = performance.now();
        for (const levels of [33, 5_000, 200_000]) {
          const error = await expectCode(store.runReadQuery("RETURN $p AS p", { p: nested(levels) }), "INVALID_INPUT");
          expect(error.message).toContain("32 levels");
          expect(error.location?.field).toMatch(/^\$p/);
        }
        // Refused before the engine sees them: a deep map would otherwise block the process for minutes.
        expect(performance.now() - started).toBeLessThan(5_000);
        expect((await store.runReadQuery("RETURN $p AS p", { p: [[1, 2], [3]] })).rows).toEqual([[[[1, 2], [3]]]]);
      });
    });

    describe("writes", () => {
      it("refuses a batch with any bad record and writes none of it", async () => {
        const before = await store.stats();
        const error = await expectCode(
          store.writeBatch({
            entities: [{ type: "Person", id: "new-person", properties: { name: "New Person" } }],
            relationships: [
              { type: "LEADS", id: "np-leads-acme", from: "new-person", to: "acme", properties: { sources: ["src-fixture"] } },
              { type: "LEADS", id: "np-leads-ghost", from: "new-person", to: "ghost", properties: { sources: ["src-fixture"] } },
            ],
          }),
          "INVALID_INPUT",
        );
        expect(error.message).toContain("ghost");
        expect(await store.stats()).toEqual(before);
        expect(await store.getEntity("new-person")).toBeNull();
      });

      it("refuses a relationship without a source", async () => {
        const error = await expectCode(
          store.writeBatch({ entities: [], relationships: [{ type: "MAKES", id: "beta-makes-y200", from: "beta", to: "y200", properties: {} }] }),
          "INVALID_INPUT",
        );
        expect(error.message).toContain("sources");
      });

      it("refuses an id that already belongs to another type", async () => {
        await expectCode(store.writeBatch({ entities: [{ type: "Person", id: "acme", properties: { name: "Acme" } }], relationships: [] }), "INVALID_INPUT");
      });

      it("upserts: writing the same batch twice leaves the same counts, and updates change values", async () => {
        const before = await store.stats();
        await store.writeBatch(contractFixture());
        expect(await store.stats()).toEqual(before);
        await store.writeBatch({ entities: [{ type: "Chip", id: "y200", properties: { name: "Y200", processNode: "5nm" } }], relationships: [] });
        expect((await store.getEntity("y200"))?.properties["processNode"]).toBe("5nm");
        expect((await store.getEntity("y200"))?.properties["kind"]).toBe("ai_accelerator");
      });

      it("adds and deletes a relationship by id", async () => {
        await store.writeBatch({
          entities: [],
          relationships: [
            { type: "ADOPTS", id: "beta-adopts-x100", from: "beta", to: "x100", properties: { sources: ["src-fixture"], claim: "Beta uses X100." } },
          ],
        });
        expect((await store.neighborhood("beta", { relationshipTypes: ["ADOPTS"] })).nodes.map((n) => n.id)).toEqual(["x100"]);
        expect(await store.deleteRelationship("beta-adopts-x100")).toBe(true);
        expect(await store.deleteRelationship("beta-adopts-x100")).toBe(false);
        expect((await store.neighborhood("beta", { relationshipTypes: ["ADOPTS"] })).totalNeighbors).toBe(0);
      });

      it("applies a change in one go: deletes relationships and entities, upserts a batch, and search follows at once", async () => {
        const initial = await store.stats();
        await store.writeBatch({
          entities: [{ type: "Organization", id: "doomed-co", properties: { name: "Doomed Quartz Works", kind: "company" } }],
          relationships: [{ type: "DEPENDS_ON", id: "doomed-co-depends-on-acme", from: "doomed-co", to: "acme", properties: { sources: ["src-fixture"] } }],
        });
        // The name index is loaded before the change, so the change must patch it, not just be read fresh.
        expect((await store.search("Doomed Quartz")).map((h) => h.node.id)).toEqual(["doomed-co"]);
        expect(await store.search("Zed Novak")).toEqual([]);
        const before = await store.stats();
        const summary = await store.applyChange({
          upsert: {
            entities: [{ type: "Person", id: "zed-novak", properties: { name: "Zed Novak", nameJa: "ゼド・ノヴァク" } }],
            relationships: [
              {
                type: "WORKS_AT",
                id: "zed-novak-works-at-beta",
                from: "zed-novak",
                to: "beta",
                properties: { sources: ["src-fixture"], quotes: ["Zed works at Beta."] },
              },
            ],
          },
          deleteRelationships: ["doomed-co-depends-on-acme"],
          deleteEntities: ["doomed-co"],
        });
        expect(summary).toEqual({ entitiesWritten: 1, relationshipsWritten: 1, relationshipsDeleted: 1, entitiesDeleted: 1 });
        expect(await store.getEntity("doomed-co")).toBeNull();
        expect(await store.entityTypesOf(["doomed-co"])).toEqual(new Map());
        expect((await store.search("Doomed Quartz")).map((h) => h.node.id)).toEqual([]);
        expect((await store.search("Doomed Quarts")).map((h) => h.node.id)).toEqual([]);
        expect((await store.search("Zed Novak"))[0]).toMatchObject({ rank: "exact", node: { id: "zed-novak" } });
        expect((await store.search("Zed Nowak"))[0]).toMatchObject({ rank: "similar", node: { id: "zed-novak" } });
        expect((await store.search("ゼドノヴァク"))[0]?.node.id).toBe("zed-novak");
        const works = (await store.relationshipsOfMany(["zed-novak"])).get("zed-novak")?.relationships;
        expect(works?.map((r) => [r.id, r.target, r.properties["quotes"]])).toEqual([["zed-novak-works-at-beta", "beta", ["Zed works at Beta."]]]);
        const after = await store.stats();
        expect([after.entities, after.relationships]).toEqual([before.entities, before.relationships]);
        // Undo with another change, so the suite's later counts see the fixture again.
        await store.applyChange({ deleteRelationships: ["zed-novak-works-at-beta"], deleteEntities: ["zed-novak"] });
        expect(await store.search("Zed Novak")).toEqual([]);
        expect(await store.stats()).toEqual(initial);
      });

      it("refuses a change with any bad part and changes nothing: a joined entity, a missing id, a write leaning on a deletion", async () => {
        const before = await store.exportAll();
        const newcomer = { type: "Organization" as const, id: "change-newcomer", properties: { name: "Change Newcomer", kind: "company" } };
        const joined = await expectCode(
          store.applyChange({ upsert: { entities: [newcomer], relationships: [] }, deleteRelationships: ["acme-makes-x100"], deleteEntities: ["acme"] }),
          "INVALID_INPUT",
        );
        expect(joined.message).toContain('"acme" keeps');
        const missing = await expectCode(
          store.applyChange({ upsert: { entities: [newcomer], relationships: [] }, deleteRelationships: ["acme-makes-x100", "no-such-relationship"] }),
          "NOT_FOUND",
        );
        expect(missing.message).toContain("no-such-relationship");
        await expectCode(store.applyChange({ upsert: { entities: [newcomer], relationships: [] }, deleteEntities: ["no-such-entity"] }), "NOT_FOUND");
        const leaning = await expectCode(
          store.applyChange({
            upsert: {
              entities: [],
              relationships: [{ type: "COMPETES_WITH", id: "newcomer-vs-lonely", from: "acme", to: "beta", properties: { sources: ["src-fixture"] } }],
            },
            deleteEntities: ["beta"],
          }),
          "INVALID_INPUT",
        );
        expect(leaning.message).toContain("which the same change deletes");
        await expectCode(
          store.applyChange({
            upsert: {
              entities: [newcomer],
              relationships: [{ type: "LEADS", id: "ghost-leads", from: "ghost", to: "acme", properties: { sources: ["src-fixture"] } }],
            },
          }),
          "INVALID_INPUT",
        );
        expect(await store.exportAll()).toEqual(before);
        expect(await store.search("Change Newcomer")).toEqual([]);
      });

      it("runs a trusted script in one transaction: a failing statement undoes the earlier ones", async () => {
        const before = await store.stats();
        const error = await expectCode(
          store.runScript([
            { text: "MERGE (n:Place {id: 'script-place'}) SET n.name = 'Script Place'", file: "script.cypher", line: 1 },
            { text: "MATCH (n:Place RETURN n", file: "script.cypher", line: 2 },
          ]),
          "CYPHER_SYNTAX",
        );
        expect(error.location).toMatchObject({ file: "script.cypher", line: 2 });
        expect(await store.stats()).toEqual(before);
        await store.runScript([{ text: "MERGE (n:Place {id: 'script-place'}) SET n.name = 'Script Place'" }]);
        expect((await store.getEntity("script-place"))?.type).toBe("Place");
      });

      it("rolls back a script that leaves a relationship without a source, or citing an id that is no Source", async () => {
        const before = await store.stats();
        const create = (id: string, sources: string) =>
          `MATCH (a:Organization {id: 'beta'}), (b:Chip {id: 'y200'}) CREATE (a)-[:MAKES {id: '${id}'${sources}}]->(b)`;
        const unsourced = await expectCode(
          store.runScript([
            { text: "MERGE (n:Place {id: 'script-place-2'}) SET n.name = 'Script Place 2'", file: "unsourced.cypher", line: 1 },
            { text: create("beta-makes-y200-unsourced", ""), file: "unsourced.cypher", line: 2 },
          ]),
          "INVALID_INPUT",
        );
        expect(unsourced.message).toContain('MAKES "beta-makes-y200-unsourced" has no source');
        expect(unsourced.location).toMatchObject({ file: "unsourced.cypher", field: "sources" });
        const ghost = await expectCode(
          store.runScript([{ text: create("beta-makes-y200-ghost", ", sources: ['src-fixture', 'ghost-source']") }]),
          "INVALID_INPUT",
        );
        expect(ghost.message).toContain('MAKES "beta-makes-y200-ghost" cites "ghost-source", which is not a Source entity');
        expect(await store.stats()).toEqual(before);
        expect(await store.getEntity("script-place-2")).toBeNull();
        await store.runScript([{ text: create("beta-makes-y200-sourced", ", sources: ['src-fixture']") }]);
        expect(await store.deleteRelationship("beta-makes-y200-sourced")).toBe(true);
      });

      it("refuses a script that writes a date as text or a property the model lacks, keeping nothing of it", async () => {
        const before = await store.stats();
        for (const [text, field] of [
          ["CREATE (:Policy {id: 'script-policy', name: 'Script policy', effectiveFrom: '2025-01-05'})", "effectiveFrom"],
          ["CREATE (:Policy {id: 'script-policy', name: 'Script policy', colour: 'red'})", "colour"],
        ] as const) {
          const error = await store.runScript([{ text, file: "model.cypher", line: 1 }]).then(
            () => undefined,
            (e: unknown) => e as GraphStoreError,
          );
          // Kùzu's binder refuses these as it reads the statement (CYPHER_SYNTAX); Neo4j stores
          // anything, so its adapter checks what the script left before committing (INVALID_INPUT).
          expect(["CYPHER_SYNTAX", "INVALID_INPUT"], text).toContain(error?.code);
          expect(error?.message, text).toContain(field === "colour" ? "colour" : store.backend === "embedded" ? "DATE" : field);
          expect(error?.location?.file, text).toBe("model.cypher");
        }
        expect(await store.stats()).toEqual(before);
        expect(await store.getEntity("script-policy")).toBeNull();
      });

      it("exports every entity and relationship as records that round-trip", async () => {
        const exported = await store.exportAll();
        const stats = await store.stats();
        expect(exported.entities).toHaveLength(stats.entities);
        expect(exported.relationships).toHaveLength(stats.relationships);
        const leads = exported.relationships.find((r) => r.id === "ada-leads-acme");
        expect(leads).toMatchObject({ type: "LEADS", from: "ada", to: "acme", properties: { role: "CEO", sources: ["src-fixture"] } });
        const order = exported.entities.find((e) => e.id === "big-order");
        expect(order?.properties).toMatchObject({ amount: 300000, unit: "units", date: "2025-08-10" });
      });
    });
  });
}
