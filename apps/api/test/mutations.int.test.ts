import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeOnEachBackend } from "./support/backends.ts";
import { codes, graphFingerprint, startTestApi, type GraphqlAnswer, type TestApi, type TestStore } from "./support/test-api.ts";

const TOKEN = "test-write-token-0123456789abcdef";
const AUTH = { authorization: `Bearer ${TOKEN}` };

const UPSERT_ENTITY = `mutation($input: EntityInput!) { upsertEntity(input: $input) { id type name nameJa ... on Organization { kind country } } }`;
const UPSERT_RELATIONSHIP = `mutation($input: RelationshipInput!) {
  upsertRelationship(input: $input) { id type fromId toId claim validFrom evidence { sources { id } } from { name } to { name } }
}`;
const DELETE_RELATIONSHIP = `mutation($id: ID!) { deleteRelationship(id: $id) }`;

const newOrganization = { id: "acme-chips", type: "Organization", name: "Acme Chips", nameJa: "アクメ", properties: { kind: "company", country: "US" } };
const newRelationship = {
  type: "ADOPTS",
  from: "acme-chips",
  to: "h20",
  sources: ["src-cryptopolitan-2025-07-22"],
  claim: "Acme buys H20 chips.",
  validFrom: "2025-07-22",
};

describeOnEachBackend((backend) => {
  describe(`mutations over HTTP (${backend.name})`, () => {
    let seeded: TestStore;
    let writable: TestApi;
    let readOnly: TestApi;

    beforeAll(async () => {
      seeded = await backend.openSeeded();
      writable = await startTestApi(seeded.store, { writeToken: TOKEN });
      readOnly = await startTestApi(seeded.store);
    }, 120_000);

    afterAll(async () => {
      await writable?.stop();
      await readOnly?.stop();
      await seeded?.close();
    });

    const expectRefused = (answer: GraphqlAnswer, code: string, field?: string) => {
      expect(codes(answer), answer.text).toEqual([code]);
      if (field) {
        expect(answer.body.errors?.[0]?.extensions?.["field"]).toBe(field);
        expect(answer.body.errors?.[0]?.message).toContain(field);
      }
    };

    describe("the write token", () => {
      it("refuses every mutation without it, with a wrong one, and on a read-only server, changing nothing", async () => {
        const before = await graphFingerprint(seeded.store);
        const tries: [TestApi, Record<string, string>][] = [
          [writable, {}],
          [writable, { authorization: "Bearer not-the-token-at-all-0000" }],
          [writable, { authorization: TOKEN }],
          [readOnly, AUTH],
        ];
        for (const [api, headers] of tries) {
          const entity = await api.post(UPSERT_ENTITY, { input: newOrganization }, headers);
          expectRefused(entity, "UNAUTHENTICATED");
          expect(entity.status).toBe(401);
          expectRefused(await api.post(UPSERT_RELATIONSHIP, { input: newRelationship }, headers), "UNAUTHENTICATED");
          expectRefused(await api.post(DELETE_RELATIONSHIP, { id: "jensen-huang-leads-nvidia" }, headers), "UNAUTHENTICATED");
        }
        const readOnlyAnswer = await readOnly.post(UPSERT_ENTITY, { input: newOrganization }, AUTH);
        expect(readOnlyAnswer.body.errors?.[0]?.message).toContain("read-only");
        expect(await graphFingerprint(seeded.store)).toEqual(before);
      });

      it("does not look at the input before the token: a bad input without a token is still UNAUTHENTICATED", async () => {
        // (A type outside the EntityType enum never gets this far: GraphQL refuses it while reading the variables.)
        expectRefused(await writable.post(UPSERT_ENTITY, { input: { ...newOrganization, id: "Acme Chips!" } }), "UNAUTHENTICATED");
      });
    });

    describe("input checked against the domain model", () => {
      it.each([
        ["a bad id", UPSERT_ENTITY, { input: { ...newOrganization, id: "Acme Chips!" } }, "input.id"],
        ["an unknown property", UPSERT_ENTITY, { input: { ...newOrganization, properties: { colour: "red" } } }, "input.properties.colour"],
        ["a property of the wrong kind", UPSERT_ENTITY, { input: { ...newOrganization, properties: { country: 1 } } }, "input.properties.country"],
        [
          "a bad date in properties",
          UPSERT_ENTITY,
          { input: { id: "rule-x", type: "Policy", name: "Rule X", properties: { effectiveFrom: "2025-13-01" } } },
          "input.properties.effectiveFrom",
        ],
        ["an id taken by another type", UPSERT_ENTITY, { input: { ...newOrganization, id: "h20" } }, "input.id"],
        ["a relationship without sources", UPSERT_RELATIONSHIP, { input: { ...newRelationship, from: "nvidia", sources: [] } }, "input.sources"],
        ["a source that is not a Source", UPSERT_RELATIONSHIP, { input: { ...newRelationship, from: "nvidia", sources: ["huawei"] } }, "input.sources"],
        ["endpoints the type does not allow", UPSERT_RELATIONSHIP, { input: { ...newRelationship, from: "h100", type: "LEADS" } }, "input.type"],
        ["a missing end", UPSERT_RELATIONSHIP, { input: { ...newRelationship, from: "atlantis" } }, "input.from"],
        ["validTo before validFrom", UPSERT_RELATIONSHIP, { input: { ...newRelationship, from: "nvidia", validTo: "2025-01-01" } }, "input.validTo"],
      ])("refuses %s as BAD_USER_INPUT naming the field", async (_what, mutation, variables, field) => {
        const before = await graphFingerprint(seeded.store);
        expectRefused(await writable.post(mutation, variables, AUTH), "BAD_USER_INPUT", field);
        expect(await graphFingerprint(seeded.store)).toEqual(before);
      });

      it.each([
        ["an unknown entity type", UPSERT_ENTITY, { input: { ...newOrganization, type: "Spaceship" } }, "EntityType"],
        ["an unknown relationship type", UPSERT_RELATIONSHIP, { input: { ...newRelationship, from: "nvidia", type: "LIKES" } }, "RelationshipType"],
      ])("refuses %s while reading the variables, as BAD_USER_INPUT naming input.type and the enum", async (_what, mutation, variables, enumName) => {
        const before = await graphFingerprint(seeded.store);
        const answer = await writable.post(mutation, variables, AUTH);
        expect(codes(answer), answer.text).toEqual(["BAD_USER_INPUT"]);
        expect(answer.body.errors?.[0]?.message).toContain('"input.type"');
        expect(answer.body.errors?.[0]?.message).toContain(`"${enumName}"`);
        expect(await graphFingerprint(seeded.store)).toEqual(before);
      });

      it("refuses a bad date in a variable and in a literal, naming the field", async () => {
        const inVariable = await writable.post(UPSERT_RELATIONSHIP, { input: { ...newRelationship, from: "nvidia", validFrom: "2025-02-30" } }, AUTH);
        expect(codes(inVariable)).toEqual(["BAD_USER_INPUT"]);
        expect(inVariable.body.errors?.[0]?.message).toContain("input.validFrom");
        const inLiteral = await writable.post(
          `mutation { upsertRelationship(input: {type: ADOPTS, from: "nvidia", to: "h20", sources: ["src-cryptopolitan-2025-07-22"], validFrom: "July 2025"}) { id } }`,
          undefined,
          AUTH,
        );
        expectRefused(inLiteral, "BAD_USER_INPUT", "input.validFrom");
      });
    });

    describe("with the token", () => {
      it("creates and updates an entity, adds a relationship with its evidence, and deletes it", async () => {
        const created = await writable.post(UPSERT_ENTITY, { input: newOrganization }, AUTH);
        expect(created.body).toEqual({
          data: { upsertEntity: { id: "acme-chips", type: "Organization", name: "Acme Chips", nameJa: "アクメ", kind: "company", country: "US" } },
        });
        const updated = await writable.post(
          UPSERT_ENTITY,
          { input: { id: "acme-chips", type: "Organization", name: "Acme Chips Inc.", properties: { country: "JP" } } },
          AUTH,
        );
        // Fields left out keep their values.
        expect(updated.body.data).toEqual({
          upsertEntity: { id: "acme-chips", type: "Organization", name: "Acme Chips Inc.", nameJa: "アクメ", kind: "company", country: "JP" },
        });

        const related = await writable.post(UPSERT_RELATIONSHIP, { input: newRelationship }, AUTH);
        expect(related.body.data).toEqual({
          upsertRelationship: {
            id: "acme-chips-adopts-h20",
            type: "ADOPTS",
            fromId: "acme-chips",
            toId: "h20",
            claim: "Acme buys H20 chips.",
            validFrom: "2025-07-22",
            evidence: { sources: [{ id: "src-cryptopolitan-2025-07-22" }] },
            from: { name: "Acme Chips Inc." },
            to: { name: "Nvidia H20" },
          },
        });
        const seen = await writable.post(`{ entity(id: "h20") { relationships(types: [ADOPTS], direction: IN) { nodes { id } } } }`);
        expect(seen.body.data).toEqual({ entity: { relationships: { nodes: expect.arrayContaining([{ id: "acme-chips-adopts-h20" }]) } } });

        expect((await writable.post(DELETE_RELATIONSHIP, { id: "acme-chips-adopts-h20" }, AUTH)).body.data).toEqual({ deleteRelationship: true });
        expect((await writable.post(DELETE_RELATIONSHIP, { id: "acme-chips-adopts-h20" }, AUTH)).body.data).toEqual({ deleteRelationship: false });
      });
    });
  });
});
