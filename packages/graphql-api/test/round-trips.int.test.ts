import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ApolloServer } from "@apollo/server";
import { seedKnowledge } from "@kgx/cli";
import type { EntityRecord, RelationshipRecord } from "@kgx/domain";
import { countStoreCalls, type CountingStore } from "@kgx/graph-store/contract";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createGraphqlServer, type GraphqlContext } from "../src/index.ts";

/**
 * No N+1: a query over many entities, their relationships, the entities at the other end, the
 * evidence and its sources costs the same few store calls whether it covers 10 entities or 500.
 */
const NESTED = `query Nested($first: Int!) {
  entities(first: $first) {
    totalCount
    edges {
      node {
        id
        name
        relationships(first: 20) {
          totalCount
          edges {
            direction
            other { id name }
            node {
              type
              from { id }
              to { id name }
              evidence { claim sources { title publisher url publishedAt } }
            }
          }
        }
        statements { name }
        sources { title }
      }
    }
  }
}`;

const EXTRA_ENTITIES = 420;

describe("store round trips of a nested query", () => {
  let dir: string;
  let counting: CountingStore;
  let server: ApolloServer<GraphqlContext>;
  const settings = { cypherTimeoutMs: 10_000, cypherRowLimit: 1000 };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-round-trips-"));
    const store = await openEmbeddedGraphStore({ dataDir: dir });
    await seedKnowledge(store);
    // Many more entities, each with relationships and evidence, so "many" is really many.
    const entities: EntityRecord[] = [];
    const relationships: RelationshipRecord[] = [];
    for (let i = 0; i < EXTRA_ENTITIES; i++) {
      const id = `buyer-${String(i).padStart(3, "0")}`;
      entities.push({ type: "Organization", id, properties: { name: `Buyer ${i}`, kind: "company" } });
      for (const [type, to] of [
        ["ADOPTS", "h20"],
        ["DEPENDS_ON", "nvidia"],
        ["ADOPTS", "ascend-910c"],
      ] as const) {
        relationships.push({
          type,
          id: `${id}-${type.toLowerCase()}-${to}`,
          from: id,
          to,
          properties: { sources: ["src-cryptopolitan-2025-07-22"], claim: `${id} ${type} ${to}` },
        });
      }
    }
    await store.writeBatch({ entities, relationships });
    counting = countStoreCalls(store);
    server = createGraphqlServer({ nodeEnv: "test", limits: { maxCost: 100_000_000 } });
    await server.start();
  });

  afterAll(async () => {
    await server?.stop();
    await counting?.store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function roundTrips(first: number): Promise<{ calls: number; entities: number; relationships: number }> {
    counting.reset();
    const response = await server.executeOperation({ query: NESTED, variables: { first } }, contextFor(counting.store, settings));
    if (response.body.kind !== "single") throw new Error("expected a single result");
    const { data, errors } = response.body.singleResult;
    expect(errors).toBeUndefined();
    const edges = (data as { entities: { edges: { node: { relationships: { edges: { node: { evidence: { sources: unknown[] } } }[] } } }[] } }).entities.edges;
    const relationships = edges.flatMap((e) => e.node.relationships.edges);
    expect(relationships.every((r) => r.node.evidence.sources.length > 0)).toBe(true);
    return { calls: counting.total(), entities: edges.length, relationships: relationships.length };
  }

  it("takes at most a handful of store calls, however many entities the page holds", async () => {
    const runs = [await roundTrips(10), await roundTrips(200), await roundTrips(500)];
    for (const run of runs) {
      console.log(`store round trips: ${run.calls} for ${run.entities} entities with ${run.relationships} relationships`);
    }
    expect(runs.map((r) => r.entities)).toEqual([10, 200, 500]);
    expect(runs[2]?.relationships).toBeGreaterThan(1000);
    // The bound comes from the shape of the query, not from its size: one call for the page, one
    // per kind of relationship list (the paged one, and all of them for statements and sources),
    // and one per wave of entities to look up (the far ends, then statements and sources). Two
    // waves merge into one when their relationship calls happen to finish together, and entities
    // already in hand are not fetched again, so a run may need fewer.
    for (const run of runs) expect(run.calls).toBeLessThanOrEqual(5);
  });
});
