import { describe, expect, it } from "vitest";
import { describeOnEachBackend, useSeededApi } from "./support/backends.ts";
import { codes } from "./support/test-api.ts";

/** The read side of the API, through real HTTP against each real store seeded with the shipped knowledge. */
describeOnEachBackend((backend) => {
  describe(`GraphQL queries over HTTP (${backend.name})`, () => {
    const fixture = useSeededApi(backend, { cypherRowLimit: 5000 });

    const data = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
      const answer = await fixture.api.post(query, variables);
      expect(answer.body.errors, answer.text).toBeUndefined();
      expect(answer.status).toBe(200);
      return answer.body.data as T;
    };

    type Hit = { id: string; name: string; nameJa: string | null; type: string };
    const search = async (query: string, extra = "") =>
      (await data<{ search: Hit[] }>(`query($q: String!) { search(query: $q${extra}) { id name nameJa type } }`, { q: query })).search;

    describe("search", () => {
      it("finds by English name, case-insensitively, best match first", async () => {
        expect((await search("NVIDIA"))[0]).toMatchObject({ id: "nvidia", name: "Nvidia", type: "Organization" });
      });

      it("finds by Japanese name and by a part of one", async () => {
        expect((await search("エヌビディア"))[0]?.id).toBe("nvidia");
        expect((await search("ファーウェイ"))[0]?.id).toBe("huawei");
        expect((await search("アセンド")).map((h) => h.id)).toContain("ascend-910c");
      });

      it("finds by part of a name and ranks the whole name above partial matches", async () => {
        const huawei = await search("huawei");
        expect(huawei[0]?.id).toBe("huawei");
        expect(huawei.map((h) => h.id)).toEqual(expect.arrayContaining(["ascend-910c", "huawei-ai-software"]));
        expect((await search("ascen")).map((h) => h.id)).toContain("ascend-910c");
      });

      it("filters by type and honours first", async () => {
        const chips = await search("nvidia", ", types: [Chip]");
        expect(chips.length).toBeGreaterThan(0);
        expect(chips.every((h) => h.type === "Chip")).toBe(true);
        expect(await search("nvidia", ", first: 2")).toHaveLength(2);
      });
    });

    describe("entity and entities", () => {
      it("returns an entity with its typed properties and its relationships with evidence", async () => {
        // The test walks the entity field by field; typing it would restate the GraphQL schema.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const { entity } = await data<{ entity: Record<string, any> }>(`{
          entity(id: "jensen-huang") {
            id type name nameJa aliases
            relationships(types: [LEADS]) {
              totalCount
              edges { direction other { id name } node { type claim evidence { claim sources { title publisher url publishedAt } } } }
            }
            statements { id name ... on Statement { date stance } }
            sources { id ... on Source { title publishedAt } }
          }
        }`);
        expect(entity).toMatchObject({ id: "jensen-huang", type: "Person", name: "Jensen Huang", nameJa: "ジェンセン・フアン" });
        expect(entity["aliases"]).toContain("Huang");
        const leads = entity["relationships"];
        expect(leads.totalCount).toBe(1);
        expect(leads.edges[0]).toMatchObject({ direction: "OUT", other: { id: "nvidia", name: "Nvidia" }, node: { type: "LEADS" } });
        expect(leads.edges[0].node.evidence.sources[0]).toMatchObject({ publishedAt: "2025-07-22", url: expect.stringContaining("cryptopolitan") });
        expect(entity["statements"].length).toBeGreaterThan(0);
        expect(entity["statements"].every((s: { id: string }) => s.id.startsWith("stmt-"))).toBe(true);
        expect(entity["sources"].map((s: { id: string }) => s.id)).toContain("src-cryptopolitan-2025-07-22");
      });

      it("answers null for an id that is not there", async () => {
        expect(await data(`{ entity(id: "no-such-entity") { id } }`)).toEqual({ entity: null });
      });

      it("types properties per entity type", async () => {
        const { entity } = await data<{ entity: Record<string, unknown> }>(
          `{ entity(id: "us-h20-export-control-2025-04") { type ... on Policy { kind jurisdiction effectiveFrom revenueSharePercent } } }`,
        );
        expect(entity).toMatchObject({ type: "Policy", kind: "export_control", jurisdiction: "US", effectiveFrom: expect.stringMatching(/^2025-04-\d\d$/) });
      });

      it("pages through all entities with cursors and a total", async () => {
        type Page = {
          entities: { totalCount: number; edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
        };
        const query = `query($after: String) { entities(first: 30, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
        const seen: string[] = [];
        let after: string | null = null;
        let total = 0;
        for (let guard = 0; guard < 10; guard++) {
          const page: Page = await data<Page>(query, { after });
          total = page.entities.totalCount;
          seen.push(...page.entities.edges.map((e) => e.node.id));
          if (!page.entities.pageInfo.hasNextPage) break;
          after = page.entities.pageInfo.endCursor;
        }
        expect(total).toBe(80);
        expect(seen).toHaveLength(80);
        expect(new Set(seen).size).toBe(80);
        const chips = await data<{ entities: { totalCount: number } }>(`{ entities(type: Chip) { totalCount } }`);
        expect(chips.entities.totalCount).toBe(4);
      });
    });

    describe("neighborhood", () => {
      type Subgraph = {
        nodes: { id: string; type: string }[];
        edges: { source: string; target: string; sources: { title: string }[] }[];
        truncated: boolean;
        totalNeighbors: number;
      };
      const hood = async (args: string) =>
        (
          await data<{ neighborhood: Subgraph }>(
            `{ neighborhood(${args}) { nodes { id type } edges { source target sources { title } } truncated totalNeighbors } }`,
          )
        ).neighborhood;

      it("returns the centre first, at most limit neighbours, the total, and every edge with its sources", async () => {
        const all = await hood(`id: "nvidia"`);
        const capped = await hood(`id: "nvidia", limit: 5`);
        expect(capped.nodes[0]?.id).toBe("nvidia");
        expect(capped.nodes).toHaveLength(6);
        expect(capped.truncated).toBe(true);
        expect(capped.totalNeighbors).toBe(all.totalNeighbors);
        expect(all.truncated).toBe(false);
        expect(all.nodes).toHaveLength(all.totalNeighbors + 1);
        const shown = new Set(capped.nodes.map((n) => n.id));
        for (const edge of capped.edges) {
          expect(shown.has(edge.source) && shown.has(edge.target)).toBe(true);
          expect(edge.sources.length).toBeGreaterThan(0);
        }
      });

      it("reaches further with depth, follows only the given relationship types, and refuses depth above 3", async () => {
        const one = await hood(`id: "jensen-huang"`);
        const two = await hood(`id: "jensen-huang", depth: 2`);
        expect(two.totalNeighbors).toBeGreaterThan(one.totalNeighbors);
        const makes = await hood(`id: "nvidia", types: [MAKES]`);
        expect(
          makes.nodes
            .slice(1)
            .map((n) => n.id)
            .sort(),
        ).toEqual(["a100", "cuda", "h100", "h20"]);
        const deep = await fixture.api.post(`{ neighborhood(id: "nvidia", depth: 4) { totalNeighbors } }`);
        expect(codes(deep)).toEqual(["BAD_USER_INPUT"]);
        expect(deep.body.errors?.[0]?.extensions?.["field"]).toBe("depth");
        expect(deep.body.errors?.[0]?.message).toContain("depth");
      });

      it("says NOT_FOUND for an unknown centre", async () => {
        expect(codes(await fixture.api.post(`{ neighborhood(id: "atlantis") { totalNeighbors } }`))).toEqual(["NOT_FOUND"]);
      });
    });

    describe("shortestPath", () => {
      it("returns the path from the first entity to the second, edges in path order", async () => {
        const { shortestPath } = await data<{ shortestPath: { nodes: { id: string }[]; edges: { source: string; target: string }[]; totalNeighbors: number } }>(
          `{ shortestPath(from: "jensen-huang", to: "huawei") { nodes { id } edges { source target } totalNeighbors } }`,
        );
        const ids = shortestPath.nodes.map((n) => n.id);
        expect(ids[0]).toBe("jensen-huang");
        expect(ids.at(-1)).toBe("huawei");
        expect(shortestPath.edges).toHaveLength(ids.length - 1);
        shortestPath.edges.forEach((edge, i) => expect([edge.source, edge.target].sort()).toEqual([ids[i], ids[i + 1]].sort()));
      });

      it("finds Donald Trump → Huawei through what happened once co-mentions are left out, and through one article otherwise", async () => {
        type Path = { shortestPath: { nodes: { id: string; type: string }[]; edges: { type: string }[] } };
        const coMention = await data<Path>(`{ shortestPath(from: "donald-trump", to: "huawei") { nodes { id type } edges { type } } }`);
        expect(coMention.shortestPath.edges.map((e) => e.type)).toEqual(["MENTIONS", "MENTIONS"]);
        const substantive = await data<Path>(
          `{ shortestPath(from: "donald-trump", to: "huawei", excludeTypes: [MENTIONS, REPORTED_IN, CITES]) { nodes { id type } edges { type } } }`,
        );
        const types = substantive.shortestPath.edges.map((e) => e.type);
        expect(types.length).toBeGreaterThanOrEqual(2);
        expect(types).not.toContain("MENTIONS");
        expect(substantive.shortestPath.nodes.map((n) => n.type)).not.toContain("Source");
        expect(substantive.shortestPath.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["donald-trump", "huawei"]));
        expect(codes(await fixture.api.post(`{ shortestPath(from: "donald-trump", to: "huawei", excludeTypes: [GOSSIP]) { totalNeighbors } }`))).toEqual([
          "GRAPHQL_VALIDATION_FAILED",
        ]);
      });

      it("answers null when no path is short enough, NOT_FOUND for an unknown end", async () => {
        expect(await data(`{ shortestPath(from: "jensen-huang", to: "huawei", maxHops: 1) { totalNeighbors } }`)).toEqual({ shortestPath: null });
        expect(codes(await fixture.api.post(`{ shortestPath(from: "jensen-huang", to: "atlantis") { totalNeighbors } }`))).toEqual(["NOT_FOUND"]);
      });
    });

    describe("timeline", () => {
      it("lists events, policies and statements of a range in date order", async () => {
        const { timeline } = await data<{ timeline: { date: string; entity: { id: string; type: string } }[] }>(
          `{ timeline(from: "2025-07-01", to: "2025-07-31") { date endDate entity { id type } } }`,
        );
        expect(timeline.length).toBeGreaterThan(3);
        const dates = timeline.map((t) => t.date);
        expect([...dates].sort()).toEqual(dates);
        expect(new Set(timeline.map((t) => t.entity.type))).toEqual(new Set(["Event", "Policy", "Statement"]));
        expect(timeline.map((t) => t.entity.id)).toContain("us-approves-h20-sales-resumption");
      });

      it("refuses a range that ends before it starts, naming the argument", async () => {
        const answer = await fixture.api.post(`{ timeline(from: "2025-08-01", to: "2025-07-01") { date } }`);
        expect(codes(answer)).toEqual(["BAD_USER_INPUT"]);
        expect(answer.body.errors?.[0]?.extensions?.["field"]).toBe("from");
      });
    });

    describe("graphSchema", () => {
      it("lists every type with counts and property names", async () => {
        const { graphSchema } = await data<{
          graphSchema: {
            entityTypes: { name: string; count: number; properties: string[] }[];
            relationshipTypes: { name: string; count: number; endpoints: unknown[] }[];
          };
        }>(`{ graphSchema { entityTypes { name count properties } relationshipTypes { name count properties endpoints { from to } } } }`);
        expect(graphSchema.entityTypes.reduce((sum, t) => sum + t.count, 0)).toBe(80);
        expect(graphSchema.relationshipTypes.reduce((sum, t) => sum + t.count, 0)).toBe(262);
        expect(graphSchema.entityTypes.find((t) => t.name === "Policy")?.properties).toEqual(
          expect.arrayContaining(["nameJa", "effectiveFrom", "revenueSharePercent"]),
        );
        expect(graphSchema.relationshipTypes.find((t) => t.name === "LEADS")?.endpoints).toEqual([{ from: "Person", to: "Organization" }]);
      });

      it("counts the relationships of each type per pair of entity types it connects, adding up to the type's count", async () => {
        type Pair = { from: string; to: string; count: number };
        const { graphSchema } = await data<{ graphSchema: { relationshipTypes: { name: string; count: number; endpoints: Pair[] }[] } }>(
          `{ graphSchema { relationshipTypes { name count endpoints { from to count } } } }`,
        );
        const endpointsOf = (name: string) => graphSchema.relationshipTypes.find((t) => t.name === name)?.endpoints;
        // Counted in the shipped knowledge; the same on both stores.
        expect(endpointsOf("LEADS")).toEqual([{ from: "Person", to: "Organization", count: 4 }]);
        expect(endpointsOf("SAID")).toEqual(
          expect.arrayContaining([
            { from: "Person", to: "Statement", count: 12 },
            { from: "Organization", to: "Statement", count: 3 },
          ]),
        );
        expect(endpointsOf("REPORTED_IN")).toEqual(expect.arrayContaining([{ from: "Statement", to: "Source", count: 15 }]));
        for (const type of graphSchema.relationshipTypes) {
          expect(
            type.endpoints.reduce((sum, pair) => sum + pair.count, 0),
            type.name,
          ).toBe(type.count);
        }
      });
    });

    describe("cypher", () => {
      it("returns columns, JSON rows, the graph in them, and how it ran", async () => {
        const { cypher } = await data<{
          cypher: {
            columns: string[];
            rows: unknown[][];
            graph: { nodes: { id: string }[]; edges: { source: string; target: string }[] };
            truncated: boolean;
            elapsedMs: number;
            backend: string;
          };
        }>(
          `query($org: String!) { cypher(statement: "MATCH (p:Person)-[r:LEADS]->(o:Organization) WHERE o.id = $org RETURN p, r, o.name AS org", params: {org: $org}) {
            columns rows truncated elapsedMs backend graph { nodes { id } edges { source target } } } }`,
          { org: "nvidia" },
        );
        expect(cypher.columns).toEqual(["p", "r", "org"]);
        expect(cypher.rows).toEqual([
          [
            expect.objectContaining({ kind: "node", id: "jensen-huang" }),
            expect.objectContaining({ kind: "relationship", source: "jensen-huang", target: "nvidia" }),
            "Nvidia",
          ],
        ]);
        expect(cypher.backend).toBe(backend.name);
        expect(cypher.truncated).toBe(false);
        expect(cypher.elapsedMs).toBeGreaterThanOrEqual(0);
        // The organization was not returned as a node, yet the drawing gets both ends of the edge.
        expect(cypher.graph.nodes.map((n) => n.id).sort()).toEqual(["jensen-huang", "nvidia"]);
        expect(cypher.graph.edges).toEqual([{ source: "jensen-huang", target: "nvidia" }]);
      });

      it("connects the returned nodes with the relationships among them when asked, as Neo4j Browser draws them", async () => {
        type Graph = { cypher: { graph: { nodes: { id: string }[]; edges: unknown[]; connecting: { type: string; source: string; target: string }[] } } };
        const statement = "MATCH (n) WHERE n.id IN ['jensen-huang', 'nvidia', 'huawei'] RETURN n";
        const connected = await data<Graph>(
          `query($s: String!) { cypher(statement: $s) { graph(connect: true) { nodes { id } edges { id } connecting { type source target } } } }`,
          { s: statement },
        );
        expect(connected.cypher.graph.nodes).toHaveLength(3);
        expect(connected.cypher.graph.edges).toEqual([]);
        expect(connected.cypher.graph.connecting).toEqual(expect.arrayContaining([{ type: "LEADS", source: "jensen-huang", target: "nvidia" }]));
        for (const edge of connected.cypher.graph.connecting) {
          expect(["jensen-huang", "nvidia", "huawei"]).toContain(edge.source);
          expect(["jensen-huang", "nvidia", "huawei"]).toContain(edge.target);
        }
        const plain = await data<Graph>(`query($s: String!) { cypher(statement: $s) { graph { connecting { type } } } }`, { s: statement });
        expect(plain.cypher.graph.connecting).toEqual([]);
      });

      it("caps rows at limit, and at the server's row limit, and says so", async () => {
        const { cypher } = await data<{ cypher: { rows: unknown[]; truncated: boolean } }>(
          `{ cypher(statement: "MATCH (n) RETURN n.id", limit: 3) { rows truncated } }`,
        );
        expect(cypher.rows).toHaveLength(3);
        expect(cypher.truncated).toBe(true);
        const capped = await data<{ cypher: { rows: unknown[]; truncated: boolean } }>(
          `{ cypher(statement: "UNWIND range(1, 6000) AS x RETURN x", limit: 20000) { rows truncated } }`,
        );
        expect(capped.cypher.rows).toHaveLength(5000);
        expect(capped.cypher.truncated).toBe(true);
      });

      it("answers a syntax error with the database's message, line and column", async () => {
        const answer = await fixture.api.post(`query($s: String!) { cypher(statement: $s) { columns } }`, { s: "MATCH (p:Person)\nRETURN p.name,, p.id" });
        expect(codes(answer)).toEqual(["CYPHER_SYNTAX"]);
        const error = answer.body.errors?.[0];
        // Each engine's own words, which name what it expected there.
        expect(error?.message).toMatch(backend.name === "embedded" ? /Parser exception/ : /Invalid input ','/);
        expect(error?.extensions).toMatchObject({ line: 2, column: expect.any(Number) });
      });
    });

    describe("argument checks", () => {
      it.each([
        [`{ search(query: "x", first: 1000) { id } }`, "first"],
        [`{ entities(first: 0) { totalCount } }`, "first"],
        [`{ entities(after: "not-a-cursor") { totalCount } }`, "after"],
        [`{ shortestPath(from: "nvidia", to: "huawei", maxHops: 11) { totalNeighbors } }`, "maxHops"],
        [`{ cypher(statement: "RETURN 1", limit: 0) { rows } }`, "limit"],
        [`{ cypher(statement: "RETURN 1", params: [1, 2]) { rows } }`, "params"],
        [`{ timeline(from: "2025-02-30") { date } }`, "from"],
      ])("refuses %s as BAD_USER_INPUT naming %s", async (query, field) => {
        const answer = await fixture.api.post(query);
        expect(codes(answer)).toEqual(["BAD_USER_INPUT"]);
        expect(answer.body.errors?.[0]?.extensions?.["field"]).toBe(field);
        expect(answer.body.errors?.[0]?.message).toContain(field);
      });

      // Type filters take the model's EntityType and RelationshipType enums: an unknown type in the
      // document is refused while it is validated, one in a variable while the variables are read.
      it.each([
        [`{ search(query: "x", types: [Spaceship]) { id } }`, "EntityType"],
        [`{ search(query: "x", types: ["Person"]) { id } }`, "EntityType"],
        [`{ neighborhood(id: "nvidia", types: [FRIENDS_WITH]) { totalNeighbors } }`, "RelationshipType"],
        [`{ entities(type: Spaceship) { totalCount } }`, "EntityType"],
      ])("refuses %s as GRAPHQL_VALIDATION_FAILED naming %s", async (query, enumName) => {
        const answer = await fixture.api.post(query);
        expect(codes(answer)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
        expect(answer.body.errors?.[0]?.message).toContain(`"${enumName}"`);
      });

      it("refuses an unknown type in a variable as BAD_USER_INPUT naming the variable", async () => {
        const answer = await fixture.api.post(`query Q($types: [RelationshipType!]) { neighborhood(id: "nvidia", types: $types) { totalNeighbors } }`, {
          types: ["FRIENDS_WITH"],
        });
        expect(codes(answer)).toEqual(["BAD_USER_INPUT"]);
        expect(answer.body.errors?.[0]?.message).toContain("$types");
        expect(answer.body.errors?.[0]?.message).toContain('"RelationshipType"');
      });
    });
  });
});
