import { int, type Node } from "neo4j-driver";
import type { SearchHit, SearchRank } from "../port.ts";
import type { SearchRequest } from "../store-requests.ts";
import { fetchEntities, toCount } from "./reads.ts";
import { SEARCH_ENTITIES } from "./statements.ts";
import type { Neo4jStoreContext } from "./store-context.ts";
import { toGraphNode } from "./values.ts";

const SEARCH_RANKS: readonly SearchRank[] = ["exact", "alias", "prefix", "contains"];

/**
 * Search on Neo4j: whole names, aliases, prefixes and substrings ranked by one statement over the
 * entities' search keys; the hits left after those are filled with similar names from an
 * in-memory index (similar-names.ts), which Cypher cannot rank.
 */
export async function search(ctx: Neo4jStoreContext, request: SearchRequest): Promise<SearchHit[]> {
  const { text, limit, types } = request;
  const result = await ctx.read((tx) => tx.run(SEARCH_ENTITIES, { query: text, types, limit: int(limit) }));
  const hits: SearchHit[] = result.records.map((record) => ({
    node: toGraphNode(record.get("n") as Node),
    rank: SEARCH_RANKS[toCount(record.get("rank"))] ?? "contains",
    matched: String(record.get("matched")),
  }));
  if (!request.similar || hits.length >= limit) return hits;
  const similar = (await ctx.loadedSimilarNames()).similar(request.query, limit - hits.length, types, new Set(hits.map((h) => h.node.id)));
  if (similar.length === 0) return hits;
  const nodes = new Map(
    (
      await ctx.read((tx) =>
        fetchEntities(
          tx,
          similar.map((h) => h.id),
        ),
      )
    ).map((n) => [n.id, n]),
  );
  return [
    ...hits,
    ...similar.flatMap((hit) => {
      const node = nodes.get(hit.id);
      return node ? [{ node, rank: "similar" as const, matched: hit.matched }] : [];
    }),
  ];
}
