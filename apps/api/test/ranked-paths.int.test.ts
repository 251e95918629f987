import { describe, expect, it } from "vitest";
import { describeOnEachBackend, useSeededApi } from "./support/backends.ts";
import { codes } from "./support/test-api.ts";

/** `shortestPaths`: several ranked paths between two entities, through real HTTP against each real store. */
describeOnEachBackend((backend) => {
  describe(`GraphQL shortestPaths (${backend.name})`, () => {
    const fixture = useSeededApi(backend);

    type Paths = { shortestPaths: { nodes: { id: string; type: string }[]; edges: { type: string; source: string; target: string }[] }[] };
    const CO_MENTIONS = `[MENTIONS, REPORTED_IN, CITES]`;
    const paths = async (args: string): Promise<Paths["shortestPaths"]> => {
      const answer = await fixture.api.post(`{ shortestPaths(${args}) { nodes { id type } edges { type source target } } }`);
      expect(answer.body.errors, answer.text).toBeUndefined();
      return (answer.body.data as Paths).shortestPaths;
    };

    it("gives several Donald Trump → Huawei paths through what happened, shortest first, none through an article", async () => {
      const found = await paths(`from: "donald-trump", to: "huawei", k: 5, excludeTypes: ${CO_MENTIONS}`);
      expect(found.length).toBeGreaterThan(1);
      const lengths = found.map((p) => p.edges.length);
      expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);
      for (const path of found) {
        expect(path.nodes[0]?.id).toBe("donald-trump");
        expect(path.nodes.at(-1)?.id).toBe("huawei");
        expect(path.edges.map((e) => e.type)).not.toContain("MENTIONS");
        expect(new Set(path.nodes.map((n) => n.id)).size).toBe(path.nodes.length);
        path.edges.forEach((edge, i) => expect([edge.source, edge.target].sort()).toEqual([path.nodes[i]?.id, path.nodes[i + 1]?.id].sort()));
      }
      expect(new Set(found.map((p) => p.nodes.map((n) => n.id).join(">") + p.edges.map((e) => e.type).join())).size).toBe(found.length);
      // The first of them is as short as the single shortest path.
      const single = await fixture.api.post(`{ shortestPath(from: "donald-trump", to: "huawei", excludeTypes: ${CO_MENTIONS}) { edges { type } } }`);
      expect((single.body.data as { shortestPath: { edges: unknown[] } }).shortestPath.edges).toHaveLength(lengths[0] ?? 0);
    });

    it("goes through the article that names both when co-mentions are allowed, and never through a hidden type", async () => {
      const open = await paths(`from: "donald-trump", to: "huawei", k: 3`);
      expect(open[0]?.edges.map((e) => e.type)).toEqual(["MENTIONS", "MENTIONS"]);
      const noSources = await paths(`from: "donald-trump", to: "huawei", k: 10, excludeEntityTypes: [Source, Statement]`);
      expect(noSources.length).toBeGreaterThan(0);
      for (const path of noSources) expect(path.nodes.map((n) => n.type)).not.toEqual(expect.arrayContaining(["Source"]));
      for (const path of noSources) expect(path.nodes.map((n) => n.type)).not.toContain("Statement");
    });

    it.each([
      [`k: 0`, "k"],
      [`k: 11`, "k"],
      [`maxHops: 0`, "maxHops"],
    ])("refuses %s as BAD_USER_INPUT naming %s", async (extra, field) => {
      const answer = await fixture.api.post(`{ shortestPaths(from: "donald-trump", to: "huawei", ${extra}) { totalNeighbors } }`);
      expect(codes(answer)).toEqual(["BAD_USER_INPUT"]);
      expect(answer.body.errors?.[0]?.extensions?.["field"]).toBe(field);
      expect(answer.body.errors?.[0]?.message).toContain(field);
    });

    // Type filters take the model's enums, so GraphQL itself refuses an unknown type, naming the enum.
    it.each([
      [`excludeEntityTypes: [Spaceship]`, "EntityType"],
      [`excludeTypes: [GOSSIP]`, "RelationshipType"],
    ])("refuses %s while validating the document, naming %s", async (extra, enumName) => {
      const answer = await fixture.api.post(`{ shortestPaths(from: "donald-trump", to: "huawei", ${extra}) { totalNeighbors } }`);
      expect(codes(answer)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      expect(answer.body.errors?.[0]?.message).toContain(`"${enumName}"`);
    });

    it("says NOT_FOUND for an unknown end and [] when nothing is close enough", async () => {
      expect(codes(await fixture.api.post(`{ shortestPaths(from: "donald-trump", to: "atlantis") { totalNeighbors } }`))).toEqual(["NOT_FOUND"]);
      expect(await paths(`from: "jensen-huang", to: "huawei", maxHops: 1`)).toEqual([]);
    });
  });
});
