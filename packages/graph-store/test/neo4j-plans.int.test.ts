import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNeo4jGraphStore } from "../src/neo4j/index.ts";
import * as statements from "../src/neo4j/statements.ts";
import type { GraphStore } from "../src/port.ts";
import { contractFixture } from "./contract/fixture.ts";
import { describeWithNeo4j } from "./support/neo4j-test-server.ts";

/**
 * How Neo4j runs the adapter's own statements, read from the server's plans: a lookup by id or a
 * search must use an index, never read every node or relationship, so it stays fast at 100k
 * entities. A plan that falls back to a scan fails here on the real server, not in production.
 */

interface PlanNode {
  operatorType: string;
  children: PlanNode[];
}

const PLAN_PARAMETERS = {
  id: "acme",
  ids: ["acme", "globex"],
  fromId: "acme",
  toId: "globex",
  elementIds: ["4:00000000-0000-0000-0000-000000000000:0"],
  rowsById: {},
  rows: [],
  query: "acm",
  types: [],
  relationshipTypes: [],
  direction: "both",
  offset: neo4j.int(0),
  limit: neo4j.int(10),
};

const operators = (plan: PlanNode): string[] => [plan.operatorType.replace(/@.*$/, ""), ...plan.children.flatMap(operators)];

/**
 * Operators that read every node of a label or every relationship of a type or of the graph. A
 * scan of one relationship type's id index is left out: on a type with a handful of relationships
 * the planner rightly prefers it to a seek, and it reads only that type.
 */
const SCANS = /^(AllNodesScan|NodeByLabelScan|NodeIndexScan|UnionNodeByLabelsScan|IntersectionNodeByLabelsScan|.*AllRelationshipsScan|.*RelationshipTypeScan)$/;

/** People working at the fixture's company: enough entities that the planner's statistics are those of a real graph. */
const BULK_PEOPLE = 3000;

describeWithNeo4j("Neo4j", (server) => {
  describe("the Neo4j adapter's plans", () => {
    let store: GraphStore;
    let driver: Driver;

    beforeAll(async () => {
      await server.clear();
      store = await openNeo4jGraphStore({ uri: server.uri, username: server.username, password: server.password });
      await store.applySchema();
      const fixture = contractFixture();
      const people = Array.from({ length: BULK_PEOPLE }, (_, i) => `bulk-person-${i}`);
      await store.writeBatch({
        entities: [...fixture.entities, ...people.map((id, i) => ({ type: "Person" as const, id, properties: { name: `Bulk Person ${i}` } }))],
        relationships: [
          ...fixture.relationships,
          ...people.map((id) => ({ type: "WORKS_AT" as const, id: `${id}-works-at`, from: id, to: "acme", properties: { sources: ["src-fixture"] } })),
        ],
      });
      driver = neo4j.driver(server.uri, neo4j.auth.basic(server.username, server.password));
      // Neo4j samples index statistics in the background; right after a bulk write they still
      // describe the empty graph. Sampling now gives the plans a graph of this size would get.
      const session = driver.session();
      try {
        await session.run("CALL db.awaitIndexes(60)");
        await session.run("CALL db.resampleOutdatedIndexes()");
        await session.run("CALL db.awaitIndexes(60)");
        await session.run("CALL db.clearQueryCaches()");
      } finally {
        await session.close();
      }
    }, 120_000);

    afterAll(async () => {
      await driver?.close();
      await store?.close();
    });

    async function planOf(text: string): Promise<string[]> {
      const session = driver.session();
      try {
        // Parameters of the kinds the adapter sends, so the planner knows their types.
        const result = await session.run(`EXPLAIN ${text}`, PLAN_PARAMETERS);
        return operators(result.summary.plan as unknown as PlanNode);
      } finally {
        await session.close();
      }
    }

    const keyed: [string, string][] = [
      ["GET_ENTITIES", statements.GET_ENTITIES],
      ["ENTITY_TYPES_OF", statements.ENTITY_TYPES_OF],
      ["NEIGHBOR_PAGE", statements.NEIGHBOR_PAGE],
      ["NEIGHBOR_RELATIONSHIPS", statements.NEIGHBOR_RELATIONSHIPS],
      ["RELATIONSHIPS_AMONG", statements.RELATIONSHIPS_AMONG],
      ["RELATIONSHIPS_OF_MANY", statements.RELATIONSHIPS_OF_MANY],
      ["ENTITY_IDS_BY_ELEMENT_ID", statements.ENTITY_IDS_BY_ELEMENT_ID],
      ["DELETE_RELATIONSHIP", statements.DELETE_RELATIONSHIP],
      ["DELETE_MOVED_RELATIONSHIPS", statements.DELETE_MOVED_RELATIONSHIPS],
      ["shortest path of 6 hops", statements.shortestPathStatement(6)],
      ...Object.entries(statements.NEXT_HOP).map(([direction, text]): [string, string] => [`NEXT_HOP.${direction}`, text]),
      ["UPSERT_ENTITIES.Person", statements.UPSERT_ENTITIES.Person],
      ["UPSERT_RELATIONSHIPS.LEADS", statements.UPSERT_RELATIONSHIPS.LEADS],
    ];

    it.each(keyed)("%s finds what it needs through an index, without a scan", async (_name, text) => {
      const plan = await planOf(text);
      expect(
        plan.filter((operator) => SCANS.test(operator)),
        plan.join(" < "),
      ).toEqual([]);
      expect(plan.some((operator) => /Seek|CountStore/.test(operator))).toBe(true);
    });

    it("searches through the text index on the search key", async () => {
      const plan = await planOf(statements.SEARCH_ENTITIES);
      expect(plan).toContain("NodeIndexContainsScan");
      expect(plan.filter((operator) => SCANS.test(operator))).toEqual([]);
    });

    it("counts entities from the count store, reading no node", async () => {
      const plan = await planOf(statements.COUNT_ENTITIES_BY_TYPE);
      expect(plan.filter((operator) => SCANS.test(operator))).toEqual([]);
      expect(plan.filter((operator) => operator === "NodeCountFromCountStore")).toHaveLength((await store.schemaSummary()).entityTypes.length);
    });

    it("gives entities written before search keys existed a key when the schema is applied, so search finds them", async () => {
      const session = driver.session();
      try {
        await session.run("CREATE (:Person:Entity {id: 'legacy-person', name: 'Legacy Person', nameJa: 'レガシー'})");
      } finally {
        await session.close();
      }
      expect((await store.search("legacy", { similar: false })).map((hit) => hit.node.id)).not.toContain("legacy-person");
      await store.applySchema();
      expect((await store.search("legacy"))[0]?.node.id).toBe("legacy-person");
      expect((await store.search("レガシー"))[0]?.node.id).toBe("legacy-person");
      // The key is the store's own: no node it returns shows it.
      expect(Object.keys((await store.getEntity("legacy-person"))?.properties ?? {})).not.toContain("_searchKey");
    });
  });
});
