import { describe, expect, it } from "vitest";
import { GraphStoreError } from "../../src/errors.ts";
import type { GraphStore } from "../../src/port.ts";

/**
 * The validating front's rules, one kind of value at a time, as every caller meets them on every
 * backend: the same code, the same field and the same words, whichever adapter is behind it.
 * Runs inside the contract suite, on a store holding the contract fixture.
 */
export function describeInputRules(store: () => GraphStore): void {
  async function refusal(promise: Promise<unknown>): Promise<GraphStoreError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphStoreError);
    return error as GraphStoreError;
  }

  async function expectRefused(promise: Promise<unknown>, field: string, words: RegExp): Promise<void> {
    const error = await refusal(promise);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.location?.field).toBe(field);
    expect(error.message).toMatch(words);
  }

  describe("input rules (the validating front)", () => {
    it("entity ids: an empty or non-text id is INVALID_INPUT naming the argument, an unknown one NOT_FOUND", async () => {
      await expectRefused(store().neighborhood(""), "id", /^id must be an entity id$/);
      await expectRefused(store().neighborhood(42 as unknown as string), "id", /^id must be an entity id$/);
      await expectRefused(store().shortestPath("", "acme"), "from", /^from must be an entity id$/);
      await expectRefused(store().shortestPath("acme", ""), "to", /^to must be an entity id$/);
      await expectRefused(store().deleteRelationship(""), "id", /^id must be a relationship id$/);
      const missing = await refusal(store().neighborhood("no-such-entity"));
      expect([missing.code, missing.location?.field]).toEqual(["NOT_FOUND", "id"]);
      const missingEnd = await refusal(store().shortestPath("acme", "no-such-entity"));
      expect([missingEnd.code, missingEnd.location?.field]).toEqual(["NOT_FOUND", "to"]);
    });

    it("id lists: values that cannot be ids match nothing, duplicates count once, the caller's order is kept", async () => {
      const ids = ["acme", "", "ada", "acme", null as unknown as string, "nope"];
      expect((await store().getEntities(ids)).map((n) => n.id)).toEqual(["acme", "ada", "acme"]);
      expect(Object.fromEntries(await store().entityTypesOf(ids))).toEqual({ acme: "Organization", ada: "Person" });
      await expectRefused(store().getEntities("acme" as unknown as string[]), "ids", /list of entity ids/);
    });

    it("whole numbers: outside the bounds or not whole is refused with the bounds, on every option that takes one", async () => {
      await expectRefused(store().search("acme", { limit: 0 }), "limit", /^limit must be a whole number from 1 to 100, got 0$/);
      await expectRefused(store().search("acme", { limit: 2.5 }), "limit", /from 1 to 100, got 2.5/);
      await expectRefused(store().neighborhood("acme", { depth: 4 }), "depth", /from 1 to 3, got 4/);
      await expectRefused(store().neighborhood("acme", { offset: -1 }), "offset", /from 0 to/);
      await expectRefused(store().listEntities({ limit: 10_001 }), "limit", /from 1 to 10000/);
      await expectRefused(store().relationshipsOfMany(["acme"], { limit: Number.NaN }), "limit", /got NaN/);
      await expectRefused(store().shortestPath("acme", "ada", { maxHops: 11 }), "maxHops", /from 1 to 10/);
      await expectRefused(store().shortestPaths("acme", "ada", { k: 0 }), "k", /from 1 to 10/);
      await expectRefused(store().runReadQuery("RETURN 1", {}, { rowLimit: 0 }), "rowLimit", /from 1 to 100000/);
      await expectRefused(store().runReadQuery("RETURN 1", {}, { timeoutMs: 600_001 }), "timeoutMs", /from 1 to 600000/);
    });

    it("type names: an unknown entity or relationship type is refused rather than matching nothing", async () => {
      await expectRefused(store().search("acme", { types: ["Spaceship"] }), "types", /unknown type "Spaceship"/);
      await expectRefused(store().listEntities({ types: ["LEADS"] }), "types", /unknown type "LEADS"/);
      await expectRefused(store().neighborhood("acme", { relationshipTypes: ["Person"] }), "relationshipTypes", /unknown type "Person"/);
      await expectRefused(store().shortestPaths("acme", "ada", { excludeEntityTypes: ["Nope"] }), "excludeEntityTypes", /unknown type "Nope"/);
    });

    it("directions: only out, in and both", async () => {
      await expectRefused(store().neighborhood("acme", { direction: "sideways" as "out" }), "direction", /^direction must be out, in or both, got "sideways"$/);
      await expectRefused(store().relationshipsOfMany(["acme"], { direction: "up" as "out" }), "direction", /got "up"/);
    });

    it("dates: a calendar day as YYYY-MM-DD, and a range that runs forwards", async () => {
      await expectRefused(store().validDuring({ from: "2025-13-01" }), "from", /^from must be a date as YYYY-MM-DD, got "2025-13-01"$/);
      await expectRefused(store().validDuring({ to: "2024-02-30" }), "to", /got "2024-02-30"/);
      await expectRefused(store().validDuring({ from: "2025-06-01", to: "2025-01-01" }), "from", /is after to/);
      expect((await store().validDuring({ from: "2024-02-29", to: "2024-02-29" })).entities).toEqual([]);
    });

    it("option objects and parameters: something other than an object is refused by name", async () => {
      await expectRefused(store().search("acme", "fast" as unknown as object), "options", /^options must be an object$/);
      await expectRefused(store().validDuring([] as unknown as object), "range", /^range must be an object$/);
      await expectRefused(store().runReadQuery("RETURN $x AS x", [1] as unknown as Record<string, unknown>), "params", /^params must be an object$/);
      await expectRefused(store().runReadQuery(7 as unknown as string), "statement", /^statement must be text$/);
      await expectRefused(store().search(undefined as unknown as string), "query", /^query must be text$/);
    });

    it("scripts: every statement needs its text", async () => {
      await expectRefused(store().runScript([{ text: "RETURN 1" }, {} as { text: string }]), "statements[1].text", /Statement #2 of the script has no text/);
      await expectRefused(store().runScript("RETURN 1" as unknown as []), "statements", /list of statements/);
    });

    it("writes: two concurrent writes of one new id with different types cannot both pass; one wins whole", async () => {
      try {
        const results = await Promise.allSettled([
          store().writeBatch({ entities: [{ type: "Person", id: "contested-id", properties: { name: "As a person" } }], relationships: [] }),
          store().writeBatch({ entities: [{ type: "Organization", id: "contested-id", properties: { name: "As a company" } }], relationships: [] }),
        ]);
        const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as GraphStoreError] : []));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        // The embedded store refuses the later write in its own check under the write lock; Neo4j
        // may instead stop it at the id's uniqueness constraint. Either way the id is named.
        expect(refused.map((e) => e.code)).toEqual(["INVALID_INPUT"]);
        expect(refused[0]?.message).toContain("contested-id");
        expect((await store().getEntity("contested-id"))?.type).toBe(results[0]?.status === "fulfilled" ? "Person" : "Organization");
      } finally {
        await store()
          .applyChange({ deleteEntities: ["contested-id"] })
          .catch(() => undefined);
      }
      expect(await store().getEntity("contested-id")).toBeNull();
    });
  });
}
