import { describe, expect, it } from "vitest";
import { describeOnEachBackend, useSeededApi } from "./support/backends.ts";
import { codes } from "./support/test-api.ts";

/** Typo-tolerant search and "did you mean" through real HTTP against each real store seeded with the shipped knowledge. */
describeOnEachBackend((backend) => {
  describe(`GraphQL searchMatches (${backend.name})`, () => {
    const fixture = useSeededApi(backend);

    type Match = { entity: { id: string }; rank: string; matched: string };
    const matches = async (query: string, extra = ""): Promise<Match[]> => {
      const answer = await fixture.api.post(`query($q: String!) { searchMatches(query: $q${extra}) { entity { id } rank matched } }`, { q: query });
      expect(answer.body.errors, answer.text).toBeUndefined();
      return (answer.body.data as { searchMatches: Match[] }).searchMatches;
    };

    it.each([
      ["lutnik", "howard-lutnick"],
      ["nvdia", "nvidia"],
      ["huawai", "huawei"],
      ["じぇんせん", "jensen-huang"],
      ["ジェンセンフアン", "jensen-huang"],
      ["ｴﾇﾋﾞﾃﾞｨｱ", "nvidia"],
      ["ﾙﾄﾆｯｸ", "howard-lutnick"],
    ])("%s finds %s first", async (query, id) => {
      expect((await matches(query))[0]?.entity.id).toBe(id);
    });

    it("flags near names as SIMILAR, after every direct match, and leaves them out on request", async () => {
      const typo = await matches("lutnik");
      expect(typo[0]).toMatchObject({ rank: "SIMILAR" });
      expect(typo.every((m) => m.rank === "SIMILAR")).toBe(true);
      const direct = await matches("huawei", ", first: 20");
      expect(direct[0]).toMatchObject({ entity: { id: "huawei" }, rank: "EXACT" });
      const order = ["EXACT", "ALIAS", "PREFIX", "CONTAINS", "SIMILAR"];
      const ranks = direct.map((m) => m.rank);
      expect([...ranks].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ranks);
      expect(await matches("lutnik", ", similar: false")).toEqual([]);
      expect(await matches("qxqxqxqx")).toEqual([]);
    });

    it("answers plain search with the near names too, and refuses a bad first naming it", async () => {
      const answer = await fixture.api.post(`{ search(query: "lutnik") { id } }`);
      expect((answer.body.data as { search: { id: string }[] }).search[0]?.id).toBe("howard-lutnick");
      const bad = await fixture.api.post(`{ searchMatches(query: "lutnik", first: 0) { rank } }`);
      expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
      expect(bad.body.errors?.[0]?.extensions?.["field"]).toBe("first");
    });
  });
});
