import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpHandler } from "@kgx/api";
import type { GraphStore } from "@kgx/graph-store";
import { countStoreCalls } from "@kgx/graph-store/contract";
import { contextFor, createGraphqlServer, type ApiSettings } from "@kgx/graphql-api";
import { formatNumber, ms, percentile, type BenchRow } from "./report.ts";

/**
 * Rows measured inside the bench process over an open store: round trips to the store, and the
 * cost of the typed GraphQL schema against the same bytes served pre-serialised.
 */

const SETTINGS: ApiSettings = { writeToken: undefined, cypherTimeoutMs: 10_000, cypherRowLimit: 10_000 };

/** Entities → their relationships → each relationship's sources: the shape that goes N+1 without batching. */
const NESTED_QUERY = `query Nested($hub: ID!, $n: Int!) {
  neighborhood(id: $hub, depth: 1, limit: $n) {
    nodes { entity { id name relationships(first: 3) { totalCount nodes { id type sources { id title } } } } }
  }
}`;

export async function roundTripsRow(store: GraphStore, hubId: string, sizes: readonly [number, number]): Promise<BenchRow> {
  const counting = countStoreCalls(store);
  const server = createGraphqlServer({ nodeEnv: "production", introspection: false });
  await server.start();
  try {
    const counts: { entities: number; calls: number; byMethod: Record<string, number> }[] = [];
    for (const n of sizes) {
      counting.reset();
      const response = await server.executeOperation({ query: NESTED_QUERY, variables: { hub: hubId, n } }, contextFor(counting.store, SETTINGS));
      if (response.body.kind !== "single" || response.body.singleResult.errors) {
        throw new Error(`nested query failed: ${JSON.stringify(response.body.kind === "single" ? response.body.singleResult.errors : "incremental")}`);
      }
      const data = response.body.singleResult.data as { neighborhood: { nodes: unknown[] } };
      counts.push({ entities: data.neighborhood.nodes.length, calls: counting.total(), byMethod: Object.fromEntries(counting.calls) });
    }
    const [small, large] = counts as [(typeof counts)[0], (typeof counts)[0]];
    return {
      name: "round trips (entities → relationships → sources)",
      how: `store calls for one nested query at ${small.entities} and at ${large.entities} entities`,
      value: large.calls,
      unit: "store calls",
      shown: `${large.calls} store calls at ${formatNumber(large.entities)} entities`,
      baseline: small.calls,
      baselineShown: `${small.calls} store calls at ${small.entities} entities`,
      ratio: large.calls / small.calls,
      target: "the same count at both sizes",
      met: large.calls === small.calls,
      details: { counts },
    };
  } finally {
    await server.stop();
  }
}

const SUBGRAPH_QUERY = `query Cluster($hub: ID!) {
  neighborhood(id: $hub, depth: 2, limit: 1000) {
    totalNeighbors truncated
    nodes { id name type properties }
    edges { id type source target claim properties }
  }
}`;

/**
 * The same server answers `/graphql` through the typed schema and one extra path with the same
 * response body captured once and sent as bytes: the difference is what the schema costs. The extra
 * path exists only in this bench process; the API app has no such route.
 */
export async function graphqlOverheadRow(store: GraphStore, hubId: string, repeats: number): Promise<BenchRow> {
  // The store's answer is fetched once and handed out again from memory, so both sides start from
  // the same data in memory and the difference is GraphQL alone: parsing, validation, the cost
  // check, resolvers and serialisation.
  const hood = await store.neighborhood(hubId, { depth: 2, limit: 1000 });
  const memoised = new Proxy(store, {
    get(target, property, receiver) {
      if (property === "neighborhood") return async () => hood;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  const apollo = createGraphqlServer({ nodeEnv: "production", introspection: false });
  await apollo.start();
  const handler = createHttpHandler({ apollo, store: memoised, settings: SETTINGS, maxBodyBytes: 1024 * 1024, log: () => undefined });
  let preserialised = Buffer.alloc(0);
  const server = http.createServer((req, res) => {
    if (req.url === "/bench/preserialised") {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": preserialised.length });
      res.end(preserialised);
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const typed = () =>
      fetch(`${origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: SUBGRAPH_QUERY, variables: { hub: hubId } }),
      });
    const first = await (await typed()).text();
    const parsed = JSON.parse(first) as { errors?: unknown; data?: { neighborhood: { nodes: unknown[]; edges: unknown[] } } };
    if (parsed.errors || !parsed.data) throw new Error(`subgraph query failed: ${first.slice(0, 300)}`);
    preserialised = Buffer.from(first);
    const nodes = parsed.data.neighborhood.nodes.length;
    const edges = parsed.data.neighborhood.edges.length;

    const typedSamples: number[] = [];
    const rawSamples: number[] = [];
    for (let i = 0; i < repeats + 3; i++) {
      // Interleaved, so drift in the machine's load touches both sides alike; the first rounds warm up.
      let started = performance.now();
      await (await typed()).arrayBuffer();
      const typedMs = performance.now() - started;
      started = performance.now();
      await (await fetch(`${origin}/bench/preserialised`)).arrayBuffer();
      const rawMs = performance.now() - started;
      if (i >= 3) {
        typedSamples.push(typedMs);
        rawSamples.push(rawMs);
      }
    }
    const typedP50 = percentile(typedSamples, 50);
    const rawP50 = percentile(rawSamples, 50);
    const ratio = typedP50 / rawP50;
    return {
      name: `GraphQL overhead (${formatNumber(nodes)} nodes, ${formatNumber(edges)} edges)`,
      how: "the subgraph through the typed schema (store answer held in memory) vs the same bytes pre-serialised, same server, median of interleaved requests",
      value: typedP50,
      unit: "ms (p50)",
      shown: `${ms(typedP50)} (${formatNumber(preserialised.length / 1024)} KB)`,
      baseline: rawP50,
      baselineShown: `pre-serialised ${ms(rawP50)}`,
      ratio,
      target: "≤ 2×",
      met: ratio <= 2,
      details: {
        nodes,
        edges,
        bytes: preserialised.length,
        typedP50,
        typedP95: percentile(typedSamples, 95),
        rawP50,
        rawP95: percentile(rawSamples, 95),
        repeats,
      },
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await apollo.stop();
  }
}
