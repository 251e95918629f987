import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeOnEachBackend } from "./support/backends.ts";
import { codes, graphFingerprint, startTestApi, type GraphqlAnswer, type TestApi, type TestStore } from "./support/test-api.ts";

const TOKEN = "test-write-token-ingest-0123456789";
const AUTH = { authorization: `Bearer ${TOKEN}` };

// An article written for this test: a company the graph does not know, and names it does.
const ARTICLE = {
  title: "Marlowe Quantics signs for a shipment of Nvidia accelerators",
  publisher: "Test Wire",
  url: "https://example.org/test-wire/marlowe-quantics-h20",
  publishedAt: "2025-09-02",
  language: "en",
  text: [
    "Marlowe Quantics signs for a shipment of Nvidia accelerators",
    "",
    "Nvidia designs the H20 for buyers in China. Marlowe Quantics, a young cloud company, has put the H20 into use in two data centres.",
    "",
    "Howard Lutnick said the sales help American firms. The order is worth $2 billion.",
  ].join("\n"),
};

const ANALYZE = `query($input: ArticleInput!) {
  analyzeArticle(input: $input) {
    language
    sentences { index paragraph text start end }
    mentions { entity { id name type ... on Person { nameJa } } text sentence start end }
    candidates { text proposedType occurrences }
    figures { text value unit sentence }
    suggestions { type from { id } to { id } sentence score }
  }
}`;

const COMMIT = `mutation($input: ArticleCommitInput!) {
  commitArticle(input: $input) {
    source { id title publisher url publishedAt publishedAtPrecision language }
    entitiesCreated relationshipsCreated relationshipsExtended mentionsWritten
    newEntities { ref entity { id name type } }
    relationships { id type fromId toId claim }
  }
}`;

const REMOVE = `mutation($id: ID!) {
  removeArticle(sourceId: $id) {
    sourceId title relationshipsRemoved relationshipsKeptWithOtherEvidence mentionsRemoved
    entitiesRemoved { id name type }
    removedRelationships { id type fromId toId }
    keptRelationships { id type fromId toId }
  }
}`;

const EVIDENCE = `query($id: ID!, $types: [RelationshipType!]) {
  entity(id: $id) {
    relationships(types: $types, direction: OUT, first: 100) {
      nodes { id type toId claim quotes sourceClaims evidence { claim citations { source { id } locator quote claim } } }
    }
  }
}`;

const SEARCH = `query($q: String!) { search(query: $q) { id name } }`;

interface Sentence {
  index: number;
  text: string;
}

describeOnEachBackend((backend) => {
  describe(`article ingest over HTTP (${backend.name})`, () => {
    let seeded: TestStore;
    let api: TestApi;

    beforeAll(async () => {
      seeded = await backend.openSeeded();
      api = await startTestApi(seeded.store, { writeToken: TOKEN });
    }, 180_000);

    afterAll(async () => {
      await api?.stop();
      await seeded?.close();
    });

    const data = (answer: GraphqlAnswer) => {
      expect(answer.body.errors, answer.text).toBeUndefined();
      // The tests walk the answers field by field; typing each one would restate the GraphQL schema.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return answer.body.data as Record<string, any>;
    };

    async function sentenceIndex(needle: string): Promise<number> {
      const analysis = data(await api.post(ANALYZE, { input: ARTICLE }))["analyzeArticle"];
      const found = (analysis.sentences as Sentence[]).find((s) => s.text.includes(needle));
      if (!found) throw new Error(`no sentence with ${needle}`);
      return found.index;
    }

    it("analyses an article without a token and writes nothing", async () => {
      const before = await graphFingerprint(seeded.store);
      const analysis = data(await api.post(ANALYZE, { input: ARTICLE }))["analyzeArticle"];
      expect(analysis.language).toBe("en");
      const mentioned = new Set((analysis.mentions as { entity: { id: string } }[]).map((m) => m.entity.id));
      for (const id of ["nvidia", "h20", "howard-lutnick"]) expect(mentioned, id).toContain(id);
      const lutnick = (analysis.mentions as { entity: { id: string; nameJa?: string }; text: string; start: number; end: number }[]).find(
        (m) => m.entity.id === "howard-lutnick",
      );
      expect(lutnick?.text).toBe("Howard Lutnick");
      expect(ARTICLE.text.slice(lutnick?.start, lutnick?.end)).toBe("Howard Lutnick");
      expect(typeof lutnick?.entity.nameJa).toBe("string");
      expect((analysis.figures as { unit: string; value: number }[]).some((f) => f.unit === "USD" && f.value === 2e9)).toBe(true);
      expect(
        (analysis.suggestions as { type: string; from: { id: string }; to: { id: string } }[]).some(
          (s) => s.type === "MAKES" && s.from.id === "nvidia" && s.to.id === "h20",
        ),
      ).toBe(true);
      expect(await graphFingerprint(seeded.store)).toEqual(before);
    });

    it("refuses a commit without the token, and bad refs, types and sentences naming the field, writing nothing", async () => {
      const before = await graphFingerprint(seeded.store);
      const good = {
        article: ARTICLE,
        newEntities: [{ ref: "new-1", type: "Organization", name: "Marlowe Quantics" }],
        relationships: [{ type: "ADOPTS", from: "new-1", to: "h20", sentence: 1, claim: "Marlowe Quantics runs H20 chips." }],
      };
      const unauthenticated = await api.post(COMMIT, { input: good });
      expect(codes(unauthenticated), unauthenticated.text).toEqual(["UNAUTHENTICATED"]);
      expect(unauthenticated.status).toBe(401);
      const cases: [string, unknown, string][] = [
        [
          "an unknown ref",
          { ...good, relationships: [good.relationships[0], { type: "MAKES", from: "nvidia", to: "new-2", sentence: 1, claim: "x" }] },
          "input.relationships[1].to",
        ],
        [
          "a type the model does not allow",
          { ...good, relationships: [{ type: "LEADS", from: "new-1", to: "h20", sentence: 1, claim: "x" }] },
          "input.relationships[0].type",
        ],
        [
          "a sentence out of range",
          { ...good, relationships: [{ type: "ADOPTS", from: "new-1", to: "h20", sentence: 99, claim: "x" }] },
          "input.relationships[0].sentence",
        ],
        [
          "an empty claim",
          { ...good, relationships: [{ type: "ADOPTS", from: "new-1", to: "h20", sentence: 1, claim: "  " }] },
          "input.relationships[0].claim",
        ],
        [
          "a ref used twice",
          { ...good, newEntities: [good.newEntities[0], { ref: "new-1", type: "Person", name: "Someone Else" }] },
          "input.newEntities[1].ref",
        ],
        ["a bad date", { ...good, article: { ...ARTICLE, publishedAt: "2025-02-30" } }, "input.article.publishedAt"],
        ["an unknown entity type", { ...good, newEntities: [{ ref: "new-1", type: "Spaceship", name: "Marlowe Quantics" }] }, "input.newEntities[0].type"],
      ];
      for (const [label, input, field] of cases) {
        const answer = await api.post(COMMIT, { input }, AUTH);
        expect(codes(answer), `${label}: ${answer.text}`).toEqual(["BAD_USER_INPUT"]);
        // A bad date (the Date scalar) and an unknown type (the EntityType enum) are refused while the
        // variables are read, which names the path in the message only.
        if (!label.includes("date") && !label.includes("unknown entity type")) expect(answer.body.errors?.[0]?.extensions?.["field"], label).toBe(field);
        expect(answer.body.errors?.[0]?.message, label).toContain(field.replace(/^input\./, ""));
      }
      expect(await graphFingerprint(seeded.store)).toEqual(before);
    });

    it("commits an article with a new entity and two relationships, shows it as evidence, finds the entity, and undoes it exactly", async () => {
      const before = await graphFingerprint(seeded.store);
      const statsBefore = await seeded.store.stats();
      const makesBefore = (await seeded.store.relationshipsOfMany(["nvidia"], { direction: "out", relationshipTypes: ["MAKES"] }))
        .get("nvidia")
        ?.relationships.find((r) => r.id === "nvidia-makes-h20");
      expect(makesBefore).toBeDefined();
      const adoptSentence = await sentenceIndex("Marlowe Quantics, a young cloud company");
      const makesSentence = await sentenceIndex("Nvidia designs the H20");

      const committed = data(
        await api.post(
          COMMIT,
          {
            input: {
              article: ARTICLE,
              newEntities: [{ ref: "new-1", type: "Organization", name: "Marlowe Quantics", nameJa: "マーロウ・クオンティクス" }],
              relationships: [
                { type: "ADOPTS", from: "new-1", to: "h20", sentence: adoptSentence, claim: "Marlowe Quantics runs H20 chips in its data centres." },
                { type: "MAKES", from: "nvidia", to: "h20", sentence: makesSentence, claim: "Nvidia makes the H20 for Chinese buyers." },
              ],
            },
          },
          AUTH,
        ),
      )["commitArticle"];
      expect(committed.source).toEqual({
        id: "src-marlowe-quantics-signs-for-a-shipment-of-nvidia-2025-09-02",
        title: ARTICLE.title,
        publisher: "Test Wire",
        url: ARTICLE.url,
        publishedAt: "2025-09-02",
        publishedAtPrecision: "day",
        language: "en",
      });
      expect(committed.entitiesCreated).toBe(1);
      expect(committed.relationshipsCreated).toBe(1);
      expect(committed.relationshipsExtended).toBe(1);
      expect(committed.newEntities).toEqual([{ ref: "new-1", entity: { id: "marlowe-quantics", name: "Marlowe Quantics", type: "Organization" } }]);
      expect(committed.relationships.map((r: { id: string }) => r.id)).toEqual(["marlowe-quantics-adopts-h20", "nvidia-makes-h20"]);
      // The extended relationship keeps its own claim.
      expect(committed.relationships[1].claim).toBe(makesBefore?.properties["claim"]);
      const sourceId: string = committed.source.id;

      // Nvidia, the H20, Howard Lutnick and the new company are each named once as MENTIONS.
      expect(committed.mentionsWritten).toBeGreaterThanOrEqual(4);
      const statsAfter = await seeded.store.stats();
      expect(statsAfter.entities).toBe(statsBefore.entities + 2);
      expect(statsAfter.relationships).toBe(statsBefore.relationships + committed.mentionsWritten + 1);
      expect(statsAfter.relationshipsByType["MAKES"]).toBe(statsBefore.relationshipsByType["MAKES"]);
      const mentions = (await seeded.store.relationshipsOfMany([sourceId], { direction: "out" })).get(sourceId)?.relationships ?? [];
      expect(mentions.map((r) => r.target)).toEqual(expect.arrayContaining(["nvidia", "h20", "howard-lutnick", "marlowe-quantics"]));

      // The explorer's queries show the article as a citation with its paragraph and sentence.
      const adopts = data(await api.post(EVIDENCE, { id: "marlowe-quantics", types: ["ADOPTS"] }))["entity"].relationships.nodes;
      expect(adopts).toHaveLength(1);
      expect(adopts[0].evidence).toEqual({
        claim: "Marlowe Quantics runs H20 chips in its data centres.",
        citations: [
          {
            source: { id: sourceId },
            locator: "¶2",
            quote: "Marlowe Quantics, a young cloud company, has put the H20 into use in two data centres.",
            claim: "Marlowe Quantics runs H20 chips in its data centres.",
          },
        ],
      });
      const makes = data(await api.post(EVIDENCE, { id: "nvidia", types: ["MAKES"] }))["entity"].relationships.nodes.find(
        (r: { id: string }) => r.id === "nvidia-makes-h20",
      );
      const citations = makes.evidence.citations as { source: { id: string }; locator: string | null; quote: string | null; claim: string | null }[];
      expect(citations.map((c) => c.source.id)).toEqual([...(makesBefore?.properties["sources"] as string[]), sourceId]);
      expect(citations.at(-1)).toEqual({
        source: { id: sourceId },
        locator: "¶2",
        quote: "Nvidia designs the H20 for buyers in China.",
        claim: "Nvidia makes the H20 for Chinese buyers.",
      });
      expect(citations[0]?.quote).toBeNull();
      expect(makes.evidence.claim).toBe(makesBefore?.properties["claim"]);

      // Search finds the new entity at once, in both of its names.
      expect(data(await api.post(SEARCH, { q: "Marlowe Quantics" }))["search"][0]).toEqual({ id: "marlowe-quantics", name: "Marlowe Quantics" });
      expect(data(await api.post(SEARCH, { q: "マーロウ" }))["search"].map((e: { id: string }) => e.id)).toContain("marlowe-quantics");

      // The next analysis knows the new company.
      const reanalysed = data(await api.post(ANALYZE, { input: ARTICLE }))["analyzeArticle"];
      expect(reanalysed.mentions.map((m: { entity: { id: string } }) => m.entity.id)).toContain("marlowe-quantics");

      // The same article again is refused, naming the stored source.
      const again = await api.post(COMMIT, { input: { article: ARTICLE } }, AUTH);
      expect(codes(again), again.text).toEqual(["ARTICLE_EXISTS"]);
      expect(again.body.errors?.[0]?.extensions?.["sourceId"]).toBe(sourceId);

      // Removal without the token is refused and changes nothing.
      expect(codes(await api.post(REMOVE, { id: sourceId }))).toEqual(["UNAUTHENTICATED"]);
      expect(codes(await api.post(REMOVE, { id: "nvidia" }, AUTH))).toEqual(["BAD_USER_INPUT"]);
      expect(codes(await api.post(REMOVE, { id: "no-such-source" }, AUTH))).toEqual(["NOT_FOUND"]);

      const removed = data(await api.post(REMOVE, { id: sourceId }, AUTH))["removeArticle"];
      expect(removed.sourceId).toBe(sourceId);
      expect(removed.title).toBe(ARTICLE.title);
      expect(removed.mentionsRemoved).toBe(committed.mentionsWritten);
      expect(removed.relationshipsRemoved).toBe(1);
      expect(removed.removedRelationships).toEqual([{ id: "marlowe-quantics-adopts-h20", type: "ADOPTS", fromId: "marlowe-quantics", toId: "h20" }]);
      expect(removed.relationshipsKeptWithOtherEvidence).toBe(1);
      expect(removed.keptRelationships).toEqual([{ id: "nvidia-makes-h20", type: "MAKES", fromId: "nvidia", toId: "h20" }]);
      expect(removed.entitiesRemoved).toEqual([{ id: "marlowe-quantics", name: "Marlowe Quantics", type: "Organization" }]);

      // Everything is back as it was: counts, every property (the extended relationship's sources included), search.
      expect(await seeded.store.stats()).toEqual(statsBefore);
      const makesAfter = (await seeded.store.relationshipsOfMany(["nvidia"], { direction: "out", relationshipTypes: ["MAKES"] }))
        .get("nvidia")
        ?.relationships.find((r) => r.id === "nvidia-makes-h20");
      expect(makesAfter?.properties).toEqual(makesBefore?.properties);
      expect(await graphFingerprint(seeded.store)).toEqual(before);
      expect(data(await api.post(SEARCH, { q: "Marlowe Quantics" }))["search"].map((e: { id: string }) => e.id)).not.toContain("marlowe-quantics");
      expect(codes(await api.post(REMOVE, { id: sourceId }, AUTH))).toEqual(["NOT_FOUND"]);
    }, 120_000);

    it("merges a candidate into an existing entity in the same commit, so search finds it by the new name, and undo takes the alias back", async () => {
      const before = await graphFingerprint(seeded.store);
      const article = {
        title: "Desk traders have a nickname for Nvidia",
        publishedAt: "2025-09-04",
        text: "Desk traders have a nickname for Nvidia\n\nOn trading desks Nvidia is often called Team Greenfield. Team Greenfield sold the H20 in China before the pause.",
      };
      const analysis = data(await api.post(ANALYZE, { input: article }))["analyzeArticle"];
      expect(analysis.candidates.map((c: { text: string }) => c.text)).toContain("Team Greenfield");

      const refused = await api.post(COMMIT, { input: { article, merges: [{ entity: "no-such-entity", alias: "Team Greenfield" }] } }, AUTH);
      expect(codes(refused)).toEqual(["BAD_USER_INPUT"]);
      expect(refused.body.errors?.[0]?.extensions?.["field"]).toBe("input.merges[0].entity");
      expect(await graphFingerprint(seeded.store)).toEqual(before);

      const committed = data(
        await api.post(
          `mutation($input: ArticleCommitInput!) { commitArticle(input: $input) { source { id } mentionsWritten aliasesAdded { entityId alias } } }`,
          {
            input: {
              article,
              merges: [
                { entity: "nvidia", alias: "Team Greenfield" },
                { entity: "nvidia", alias: "NVIDIA" },
              ],
            },
          },
          AUTH,
        ),
      )["commitArticle"];
      // A name the entity already has (in any case) is not added twice.
      expect(committed.aliasesAdded).toEqual([{ entityId: "nvidia", alias: "Team Greenfield" }]);
      expect(data(await api.post(SEARCH, { q: "Team Greenfield" }))["search"][0]).toEqual({ id: "nvidia", name: "Nvidia" });
      const nvidia = data(await api.post(`query { entity(id: "nvidia") { aliases } }`, {}))["entity"];
      expect(nvidia.aliases).toContain("Team Greenfield");

      const removed = data(
        await api.post(
          `mutation($id: ID!) { removeArticle(sourceId: $id) { mentionsRemoved aliasesRemoved { entityId alias } } }`,
          { id: committed.source.id },
          AUTH,
        ),
      )["removeArticle"];
      expect(removed.aliasesRemoved).toEqual([{ entityId: "nvidia", alias: "Team Greenfield" }]);
      expect(removed.mentionsRemoved).toBe(committed.mentionsWritten);
      expect(await graphFingerprint(seeded.store)).toEqual(before);
      expect(data(await api.post(SEARCH, { q: "Team Greenfield" }))["search"].map((e: { id: string }) => e.id)).not.toContain("nvidia");
    }, 120_000);
  });
});
