import { ENTITY_TYPES, RELATIONSHIP_TYPES, entityProperties, entityTypeSpec, isEntityTypeName, relationshipProperties, type PropertySpec } from "@kgx/domain";
import type { ConnectionCount, GraphNode, GraphRelationship, ReadQueryResult } from "@kgx/graph-store";
import { isGraphStoreError } from "@kgx/graph-store";
import {
  CYPHER_DEFAULT_ROW_LIMIT,
  LIST_LIMITS,
  TIMELINE_DEFAULT_TYPES,
  entityTypeNames,
  encodeCursor,
  intInRange,
  offsetAfter,
  pageInfo,
  relationshipTypeNames,
  withinBounds,
} from "./arguments.ts";
import type { GraphqlContext } from "./context.ts";
import { badUserInput, rateLimited } from "./errors.ts";
import { deleteRelationship, upsertEntity, upsertRelationship, type EntityInput, type RelationshipInput } from "./mutations.ts";
import { DateScalar, JsonScalar } from "./scalars.ts";
import { graphElementsOf, toSubgraphEdge, toSubgraphNode, type SubgraphEdgeValue } from "./subgraph.ts";
import {
  DIRECTIONS,
  citationsOf,
  entityTypeResolvers,
  relationshipResolvers,
  requireEntity,
  sourcesOf,
  text,
  type CitedSources,
  type DirectionArg,
} from "./field-resolvers.ts";

/**
 * Resolvers. Entities travel as the store's `GraphNode` and relationships as `GraphRelationship`;
 * every field that reaches further into the graph goes through the request's loaders, so sibling
 * fields across a list are answered by one store call.
 */

function subgraphOf(
  center: GraphNode | undefined,
  nodes: readonly GraphNode[],
  relationships: readonly GraphRelationship[],
  truncated: boolean,
  total: number,
) {
  return {
    nodes: [...(center ? [center] : []), ...nodes].map(toSubgraphNode),
    edges: relationships.map(toSubgraphEdge),
    truncated,
    totalNeighbors: total,
  };
}

/**
 * The pairs a relationship type may connect, each with how many relationships of it the graph
 * holds between them; a pair the graph holds but the model does not list (a store written
 * before the model changed) is added after them rather than hidden.
 */
function endpointsWithCounts(type: string, endpoints: readonly (readonly [string, string])[], connections: readonly ConnectionCount[]) {
  const counted = connections.filter((c) => c.relationshipType === type);
  const countOf = (from: string, to: string) => counted.find((c) => c.from === from && c.to === to)?.count ?? 0;
  const listed = endpoints.map(([from, to]) => ({ from, to, count: countOf(from, to) }));
  const unlisted = counted.filter((c) => !endpoints.some(([from, to]) => from === c.from && to === c.to)).map(({ from, to, count }) => ({ from, to, count }));
  return [...listed, ...unlisted];
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const queryResolvers = {
  async search(_root: unknown, args: { query: string; types?: string[] | null; first?: number | null }, ctx: GraphqlContext) {
    const limit = withinBounds(args.first, LIST_LIMITS.searchFirst, "first");
    const types = entityTypeNames(args.types, "types");
    const hits = await ctx.store.search(args.query, { types, limit });
    const nodes = hits.map((h) => h.node);
    ctx.loaders.prime(nodes);
    return nodes;
  },

  async searchMatches(_root: unknown, args: { query: string; types?: string[] | null; first?: number | null; similar?: boolean | null }, ctx: GraphqlContext) {
    const limit = withinBounds(args.first, LIST_LIMITS.searchFirst, "first");
    const types = entityTypeNames(args.types, "types");
    const hits = await ctx.store.search(args.query, { types, limit, similar: args.similar !== false });
    ctx.loaders.prime(hits.map((h) => h.node));
    return hits.map((hit) => ({ entity: hit.node, rank: hit.rank.toUpperCase(), matched: hit.matched }));
  },

  entity: (_root: unknown, args: { id: string }, ctx: GraphqlContext) => ctx.loaders.entities.load(args.id),

  async entities(_root: unknown, args: { type?: string | null; first?: number | null; after?: string | null }, ctx: GraphqlContext) {
    const limit = withinBounds(args.first, LIST_LIMITS.entitiesFirst, "first");
    const offset = offsetAfter(args.after, "after");
    const types = args.type === null || args.type === undefined ? [] : entityTypeNames([args.type], "type");
    const page = await ctx.store.listEntities({ types, limit, offset });
    ctx.loaders.prime(page.nodes);
    return {
      totalCount: page.totalCount,
      edges: page.nodes.map((node, index) => ({ cursor: encodeCursor(offset + index), node })),
      nodes: page.nodes,
      pageInfo: pageInfo(offset, page.nodes.length, page.totalCount),
    };
  },

  async neighborhood(
    _root: unknown,
    args: { id: string; depth?: number | null; types?: string[] | null; limit?: number | null; direction?: DirectionArg | null },
    ctx: GraphqlContext,
  ) {
    const depth = withinBounds(args.depth, LIST_LIMITS.neighborhoodDepth, "depth");
    const limit = withinBounds(args.limit, LIST_LIMITS.neighborhoodLimit, "limit");
    const relationshipTypes = relationshipTypeNames(args.types, "types");
    const hood = await ctx.store.neighborhood(args.id, { depth, limit, relationshipTypes, direction: DIRECTIONS[args.direction ?? "BOTH"] });
    ctx.loaders.prime([hood.center, ...hood.nodes]);
    return subgraphOf(hood.center, hood.nodes, hood.relationships, hood.truncated, hood.totalNeighbors);
  },

  async shortestPath(
    _root: unknown,
    args: { from: string; to: string; maxHops?: number | null; types?: string[] | null; excludeTypes?: string[] | null },
    ctx: GraphqlContext,
  ) {
    const maxHops = withinBounds(args.maxHops, LIST_LIMITS.maxHops, "maxHops");
    const relationshipTypes = relationshipTypeNames(args.types, "types");
    const excludeRelationshipTypes = relationshipTypeNames(args.excludeTypes, "excludeTypes");
    const path = await ctx.store.shortestPath(args.from, args.to, { maxHops, relationshipTypes, excludeRelationshipTypes });
    if (!path) return null;
    ctx.loaders.prime(path.nodes);
    return subgraphOf(undefined, path.nodes, path.relationships, false, path.relationships.length);
  },

  async shortestPaths(
    _root: unknown,
    args: {
      from: string;
      to: string;
      k?: number | null;
      maxHops?: number | null;
      types?: string[] | null;
      excludeTypes?: string[] | null;
      excludeEntityTypes?: string[] | null;
    },
    ctx: GraphqlContext,
  ) {
    const k = withinBounds(args.k, LIST_LIMITS.pathCount, "k");
    const maxHops = withinBounds(args.maxHops, LIST_LIMITS.maxHops, "maxHops");
    const relationshipTypes = relationshipTypeNames(args.types, "types");
    const excludeRelationshipTypes = relationshipTypeNames(args.excludeTypes, "excludeTypes");
    const excludeEntityTypes = entityTypeNames(args.excludeEntityTypes, "excludeEntityTypes");
    const paths = await ctx.store.shortestPaths(args.from, args.to, { k, maxHops, relationshipTypes, excludeRelationshipTypes, excludeEntityTypes });
    for (const path of paths) ctx.loaders.prime(path.nodes);
    return paths.map((path) => subgraphOf(undefined, path.nodes, path.relationships, false, path.relationships.length));
  },

  async timeline(_root: unknown, args: { from?: string | null; to?: string | null; types?: string[] | null }, ctx: GraphqlContext) {
    const types = args.types && args.types.length > 0 ? entityTypeNames(args.types, "types") : [...TIMELINE_DEFAULT_TYPES];
    for (const t of types) {
      if (isEntityTypeName(t) && !entityTypeSpec(t).timeProperties) throw badUserInput("types", `${t} entities have no date, so they are not on the timeline.`);
    }
    if (args.from && args.to && args.from > args.to) throw badUserInput("from", `is after to (${args.from} > ${args.to}).`);
    const during = await ctx.store.validDuring({ ...(args.from ? { from: args.from } : {}), ...(args.to ? { to: args.to } : {}) });
    const wanted = new Set(types);
    return during.entities
      .filter((node) => wanted.has(node.type))
      .flatMap((node) => {
        const time = isEntityTypeName(node.type) ? entityTypeSpec(node.type).timeProperties : undefined;
        const date = time ? text(node, time.from) : null;
        if (!time || !date) return [];
        return [{ date, endDate: time.to ? text(node, time.to) : null, entity: node }];
      });
  },

  async graphSchema(_root: unknown, _args: unknown, ctx: GraphqlContext) {
    const summary = await ctx.store.schemaSummary();
    const counts = new Map([...summary.entityTypes, ...summary.relationshipTypes].map((t) => [t.name, t.count]));
    const info = (p: PropertySpec) => ({ name: p.name, kind: p.kind, description: p.description, unit: p.unit ?? null });
    const typeInfo = (type: { readonly name: string; readonly description: string }, properties: readonly PropertySpec[]) => ({
      name: type.name,
      description: type.description,
      count: counts.get(type.name) ?? 0,
      properties: properties.map((p) => p.name),
      propertyInfo: properties.map(info),
    });
    return {
      entityTypes: ENTITY_TYPES.map((t) => typeInfo(t, entityProperties(t.name))),
      relationshipTypes: RELATIONSHIP_TYPES.map((t) => ({
        ...typeInfo(t, relationshipProperties(t.name)),
        endpoints: endpointsWithCounts(t.name, t.endpoints, summary.connections),
      })),
    };
  },

  async cypher(_root: unknown, args: { statement: string; params?: unknown; limit?: number | null }, ctx: GraphqlContext): Promise<ReadQueryResult> {
    // Before anything else, so a refused call costs the store nothing. Each field counts: aliases
    // cannot fit several statements into one call's allowance.
    const limiter = ctx.client?.cypherRateLimiter;
    if (ctx.client && limiter) {
      const decision = limiter.take(ctx.client.id);
      if (!decision.allowed) throw rateLimited("Cypher statements", limiter.limit, decision.retryAfterSeconds);
    }
    // The server's row limit caps any `limit`, including the default, and `truncated` says so.
    const rowLimit = Math.min(intInRange(args.limit, CYPHER_DEFAULT_ROW_LIMIT, 1, Number.MAX_SAFE_INTEGER, "limit"), ctx.settings.cypherRowLimit);
    if (args.params !== null && args.params !== undefined && !isJsonObject(args.params)) {
      throw badUserInput("params", 'must be a JSON object of parameter values, e.g. {"id": "nvidia"}.');
    }
    const params = (args.params ?? {}) as Record<string, unknown>;
    try {
      return await ctx.store.runReadQuery(args.statement, params, { timeoutMs: ctx.settings.cypherTimeoutMs, rowLimit });
    } catch (error) {
      // Every client waited while the store restarted after this statement: it costs its sender
      // a share of the minute's allowance, so one client cannot keep the store restarting.
      if (ctx.client && limiter && isGraphStoreError(error) && error.endedStore) {
        limiter.charge(ctx.client.id, Math.ceil(limiter.limit * STORE_ENDING_STATEMENT_COST));
      }
      throw error;
    }
  },
};

/** Most nodes whose relationships among each other a Cypher result's graph fetches. */
export const CONNECT_MAX_NODES = 300;
/** Relationships read per node when connecting; a hub beyond it is connected through its first ones. */
const CONNECT_PER_NODE = 1000;

/** The relationships with both ends among `ids` that are not in `returned`, in one store call. */
async function relationshipsAmong(ids: readonly string[], returned: readonly GraphRelationship[], ctx: GraphqlContext): Promise<GraphRelationship[]> {
  const unique = [...new Set(ids)];
  if (unique.length < 2 || unique.length > CONNECT_MAX_NODES) return [];
  const inSet = new Set(unique);
  const key = (r: GraphRelationship) => `${r.type}:${r.id}:${r.source}:${r.target}`;
  const seen = new Set(returned.map(key));
  const pages = await ctx.store.relationshipsOfMany(unique, { direction: "out", limit: CONNECT_PER_NODE });
  const found: GraphRelationship[] = [];
  for (const page of pages.values()) {
    for (const rel of page.relationships) {
      if (!inSet.has(rel.target) || seen.has(key(rel))) continue;
      seen.add(key(rel));
      found.push(rel);
    }
  }
  return found;
}

/** The share of a client's per-minute Cypher allowance that a statement which ended the store costs. */
export const STORE_ENDING_STATEMENT_COST = 0.25;

const mutationResolvers = {
  upsertEntity: (_root: unknown, args: { input: EntityInput }, ctx: GraphqlContext) => upsertEntity(args.input, ctx),
  upsertRelationship: (_root: unknown, args: { input: RelationshipInput }, ctx: GraphqlContext) => upsertRelationship(args.input, ctx),
  deleteRelationship: (_root: unknown, args: { id: string }, ctx: GraphqlContext) => deleteRelationship(args.id, ctx),
};

export function buildResolvers() {
  return {
    Date: DateScalar,
    JSON: JsonScalar,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    Entity: { __resolveType: (node: GraphNode) => node.type },
    ...Object.fromEntries(ENTITY_TYPES.map((t) => [t.name, entityTypeResolvers(t.name)])),
    Relationship: relationshipResolvers,
    RelationshipEdge: {
      other: (edge: { otherId: string }, _args: unknown, ctx: GraphqlContext) => requireEntity(edge.otherId, ctx, "other"),
    },
    Evidence: {
      sources: (evidence: CitedSources, _args: unknown, ctx: GraphqlContext) => sourcesOf(evidence.sourceIds, ctx),
      citations: (evidence: CitedSources, _args: unknown, ctx: GraphqlContext) => citationsOf(evidence, ctx),
    },
    SubgraphNode: {
      entity: (node: { id: string }, _args: unknown, ctx: GraphqlContext) => ctx.loaders.entities.load(node.id),
    },
    SubgraphEdge: {
      sources: (edge: SubgraphEdgeValue, _args: unknown, ctx: GraphqlContext) => sourcesOf(edge.sourceIds, ctx),
      citations: (edge: SubgraphEdgeValue, _args: unknown, ctx: GraphqlContext) => citationsOf(edge, ctx),
    },
    CypherResult: {
      async graph(result: ReadQueryResult, args: { connect?: boolean | null }, ctx: GraphqlContext) {
        const { nodes, relationships } = graphElementsOf(result.rows);
        // A drawing needs both ends of every edge; fetch the ends the statement did not return, in one batch.
        const known = new Set(nodes.map((n) => n.id));
        const missing = relationships.flatMap((r) => [r.source, r.target]).filter((id) => !known.has(id));
        const ends = missing.length > 0 ? await ctx.loaders.entitiesByIds(missing) : [];
        const connecting = args.connect
          ? await relationshipsAmong(
              [...nodes, ...ends].map((n) => n.id),
              relationships,
              ctx,
            )
          : [];
        return { nodes: [...nodes, ...ends].map(toSubgraphNode), edges: relationships.map(toSubgraphEdge), connecting: connecting.map(toSubgraphEdge) };
      },
    },
  };
}
