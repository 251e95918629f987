import { isEntityTypeName } from "@kgx/domain";
import type { GraphNode, SearchHit, SearchRank } from "../port.ts";
import type { SearchRequest } from "../store-requests.ts";
import { getEntities } from "./reads.ts";
import type { KuzuStoreContext } from "./store-context.ts";

/**
 * Search on the embedded store: Kùzu has no full-text index that ranks whole names, aliases,
 * prefixes and substrings the way kgx does, so names live in an in-memory index (search-index.ts)
 * and only the hits' entities are read from the store.
 */
export async function search(ctx: KuzuStoreContext, request: SearchRequest): Promise<SearchHit[]> {
  const { text, limit, types } = request;
  const index = await ctx.loadedSearchIndex();
  const hits = index.search(text, limit, types);
  const similar = !request.similar || hits.length >= limit ? [] : index.similar(request.query, limit - hits.length, types, new Set(hits.map((h) => h.id)));
  if (hits.length === 0 && similar.length === 0) return [];
  for (const hit of [...hits, ...similar]) if (isEntityTypeName(hit.type)) ctx.typeCache.set(hit.id, hit.type);
  const nodes = new Map((await getEntities(ctx, [...new Set([...hits, ...similar].map((h) => h.id))])).map((n) => [n.id, n]));
  return [
    ...hits.flatMap((hit) => {
      const node = nodes.get(hit.id);
      return node ? [{ node, rank: hit.rank, matched: matchedName(node, text, hit.rank) }] : [];
    }),
    ...similar.flatMap((hit) => {
      const node = nodes.get(hit.id);
      return node ? [{ node, rank: "similar" as const, matched: hit.matched }] : [];
    }),
  ];
}

/** The name or alias a hit matched by, as stored. */
function matchedName(node: GraphNode, query: string, rank: SearchRank): string {
  const names = [node.properties["name"], node.properties["nameJa"]].filter((v): v is string => typeof v === "string");
  const aliases = Array.isArray(node.properties["aliases"]) ? (node.properties["aliases"] as unknown[]).filter((v): v is string => typeof v === "string") : [];
  const all = [...names, ...aliases];
  const lower = (s: string) => s.normalize("NFKC").toLowerCase();
  const pick = (test: (s: string) => boolean, from: string[]) => from.find((s) => test(lower(s)));
  switch (rank) {
    case "exact":
      return pick((s) => s === query, names) ?? names[0] ?? node.id;
    case "alias":
      return pick((s) => s === query, aliases) ?? names[0] ?? node.id;
    case "prefix":
      return pick((s) => s.startsWith(query), all) ?? names[0] ?? node.id;
    case "contains":
      return pick((s) => s.includes(query), all) ?? names[0] ?? node.id;
    case "similar":
      return names[0] ?? node.id;
  }
}
