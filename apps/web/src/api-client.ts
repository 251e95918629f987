import type { Citation, GraphEdge, GraphNode, SourceRef, Subgraph } from "./graph-data.ts";

/**
 * The explorer's only way to the graph: GraphQL at `/graphql` on its own origin (the web server
 * forwards it to the API). Failures come back as two kinds of error the UI treats differently:
 * the API cannot be reached (a banner with retry) or it answered with a coded error.
 */

export class ApiUnreachableError extends Error {
  override readonly name = "ApiUnreachableError";
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    message: string,
    readonly code: string,
    /** The input field at fault (`extensions.field` of BAD_USER_INPUT), when the API names one. */
    readonly field?: string,
    /** Everything the error's `extensions` held, e.g. the stored source's id of ARTICLE_EXISTS. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  /** Headers of this request only, e.g. `authorization` for a mutation that needs the write token. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface GraphqlClient {
  request<T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<T>;
}

/** Status codes the web server's forwarder answers with when the API is down or too slow. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

export function createGraphqlClient(endpoint = "/graphql", fetchImpl: Fetch = (input, init) => fetch(input, init)): GraphqlClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetchImpl(endpoint, {
          method: "POST",
          headers: { ...options.headers, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ query, variables }),
        });
      } catch (error) {
        throw new ApiUnreachableError(`network error: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (UNREACHABLE_STATUSES.has(response.status)) {
        throw new ApiUnreachableError(`HTTP ${response.status} from ${endpoint}`);
      }
      let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string; field?: unknown; [key: string]: unknown } }[] };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new ApiUnreachableError(`unreadable answer, HTTP ${response.status} from ${endpoint}`);
      }
      const first = body.errors?.[0];
      if (first) {
        const field = first.extensions?.field;
        throw new ApiError(first.message, first.extensions?.code ?? "INTERNAL_SERVER_ERROR", typeof field === "string" ? field : undefined, first.extensions ?? {});
      }
      if (!body.data) throw new ApiError("The API answered without data.", "INTERNAL_SERVER_ERROR");
      return body.data;
    },
  };
}

const SOURCE_FIELDS = "id title url publishedAt publishedAtPrecision publisher citationNote";
const CITATION_FIELDS = `locator quote claim source { ${SOURCE_FIELDS} }`;

const SUBGRAPH_FIELDS = `
  nodes { id name nameJa type properties }
  edges { id type source target claim properties sources { ${SOURCE_FIELDS} } citations { ${CITATION_FIELDS} } }
  truncated
  totalNeighbors`;

export interface EntitySummary {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly nameJa: string | null;
  readonly aliases: readonly string[];
  readonly description: string | null;
}

export async function searchEntities(client: GraphqlClient, query: string, first = 8): Promise<EntitySummary[]> {
  const data = await client.request<{ search: EntitySummary[] }>(
    `query Search($query: String!, $first: Int) { search(query: $query, first: $first) { id type name nameJa aliases description } }`,
    { query, first },
  );
  return data.search;
}

/** A search hit and whether it is only near the query (a typo, other kana, no middle dot): what "did you mean" offers. */
export interface SearchMatch {
  readonly entity: EntitySummary;
  readonly similar: boolean;
}

/** Entities for the query, direct matches first, then names near it (flagged `similar`). */
export async function searchMatches(client: GraphqlClient, query: string, first = 8): Promise<SearchMatch[]> {
  const data = await client.request<{ searchMatches: { entity: EntitySummary; rank: string }[] }>(
    `query SearchMatches($query: String!, $first: Int) { searchMatches(query: $query, first: $first) { rank entity { id type name nameJa aliases description } } }`,
    { query, first },
  );
  return data.searchMatches.map((m) => ({ entity: m.entity, similar: m.rank === "SIMILAR" }));
}

/** One entity as a one-node subgraph, or null when there is none with this id. */
export async function fetchEntityNode(client: GraphqlClient, id: string): Promise<Subgraph | null> {
  const data = await client.request<{ entity: GraphNode | null }>(`query EntityNode($id: ID!) { entity(id: $id) { id name nameJa type properties } }`, { id });
  return data.entity ? { nodes: [data.entity], edges: [], truncated: false, totalNeighbors: 0 } : null;
}

export async function fetchNeighborhood(client: GraphqlClient, id: string, types: readonly string[], limit: number): Promise<Subgraph | null> {
  try {
    const data = await client.request<{ neighborhood: Subgraph }>(
      `query Neighborhood($id: ID!, $types: [String!], $limit: Int) { neighborhood(id: $id, types: $types, limit: $limit) {${SUBGRAPH_FIELDS} } }`,
      { id, types: types.length > 0 ? types : null, limit },
    );
    return data.neighborhood;
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** The shortest path that uses none of `excludeTypes` (relationship types), or null. */
export async function fetchShortestPath(client: GraphqlClient, from: string, to: string, excludeTypes: readonly string[] = []): Promise<Subgraph | null> {
  try {
    const data = await client.request<{ shortestPath: Subgraph | null }>(
      `query ShortestPath($from: ID!, $to: ID!, $excludeTypes: [String!]) { shortestPath(from: $from, to: $to, excludeTypes: $excludeTypes) {${SUBGRAPH_FIELDS} } }`,
      { from, to, excludeTypes: excludeTypes.length > 0 ? [...excludeTypes] : null },
    );
    return data.shortestPath;
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** How many paths the path finder offers to choose from. */
export const PATH_CHOICES = 5;

/**
 * Up to `k` shortest paths that use none of `excludeTypes` (relationship types) and pass through
 * no entity of `excludeEntityTypes`, as one subgraph (their union) with the paths listed in rank
 * order; null when an end is unknown or no path is short enough.
 */
export async function fetchShortestPaths(
  client: GraphqlClient,
  from: string,
  to: string,
  excludeTypes: readonly string[] = [],
  excludeEntityTypes: readonly string[] = [],
  k: number = PATH_CHOICES,
): Promise<Subgraph | null> {
  try {
    const data = await client.request<{ shortestPaths: Subgraph[] }>(
      `query ShortestPaths($from: ID!, $to: ID!, $k: Int, $excludeTypes: [String!], $excludeEntityTypes: [String!]) {
        shortestPaths(from: $from, to: $to, k: $k, excludeTypes: $excludeTypes, excludeEntityTypes: $excludeEntityTypes) {${SUBGRAPH_FIELDS} } }`,
      { from, to, k, excludeTypes: [...excludeTypes], excludeEntityTypes: [...excludeEntityTypes] },
    );
    const found = data.shortestPaths;
    if (found.length === 0) return null;
    const nodes = new Map(found.flatMap((p) => p.nodes).map((n) => [n.id, n]));
    const edges = new Map(found.flatMap((p) => p.edges).map((e) => [e.id, e]));
    return {
      nodes: [...nodes.values()],
      edges: [...edges.values()],
      truncated: false,
      totalNeighbors: found[0]?.edges.length ?? 0,
      paths: found.map((p) => ({ nodes: p.nodes.map((n) => n.id), edges: p.edges.map((e) => e.id) })),
    };
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

export interface EntityRef {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly nameJa: string | null;
}

export interface RelationshipDetail {
  readonly direction: "OUT" | "IN";
  readonly other: EntityRef;
  readonly node: {
    readonly id: string;
    readonly type: string;
    readonly claim: string | null;
    readonly validFrom: string | null;
    readonly validTo: string | null;
    readonly validFromPrecision: string | null;
    readonly validToPrecision: string | null;
    readonly properties: Readonly<Record<string, unknown>>;
    readonly sources: readonly SourceRef[];
    readonly evidence: { readonly citations: readonly Citation[] };
  };
}

export interface StatementDetail {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly date: string | null;
  readonly datePrecision: string | null;
  readonly stance: string | null;
  readonly channel: string | null;
  readonly saidBy: readonly EntityRef[];
  readonly about: readonly EntityRef[];
  readonly reportedIn: readonly SourceRef[];
}

export interface EntityDetail extends EntitySummary {
  readonly properties: Readonly<Record<string, unknown>>;
  readonly relationships: { readonly totalCount: number; readonly edges: readonly RelationshipDetail[] };
  readonly statements: readonly StatementDetail[];
}

const ENTITY_REF = "id type name nameJa";
const SOURCE_REF = "id ... on Source { title url publishedAt publishedAtPrecision publisher citationNote }";

export async function fetchEntityDetail(client: GraphqlClient, id: string): Promise<EntityDetail | null> {
  const data = await client.request<{ entity: (Omit<EntityDetail, "statements"> & { statements: unknown[] }) | null }>(
    `query EntityDetail($id: ID!) {
      entity(id: $id) {
        id type name nameJa aliases description properties
        relationships(first: 500) {
          totalCount
          edges {
            direction
            other { ${ENTITY_REF} }
            node { id type claim validFrom validTo validFromPrecision validToPrecision properties sources { ${SOURCE_REF} } evidence { citations { ${CITATION_FIELDS} } } }
          }
        }
        statements {
          id name description
          ... on Statement { date datePrecision stance channel saidBy { ${ENTITY_REF} } about { ${ENTITY_REF} } reportedIn { ${SOURCE_REF} } }
        }
      }
    }`,
    { id },
  );
  return data.entity as EntityDetail | null;
}

export interface TimelineItem {
  readonly date: string;
  readonly endDate: string | null;
  /** The entity's properties, where the precision of its dates is read from. */
  readonly entity: EntityRef & { readonly properties: Readonly<Record<string, unknown>> };
}

export async function fetchTimeline(client: GraphqlClient): Promise<TimelineItem[]> {
  const data = await client.request<{ timeline: TimelineItem[] }>(`query Timeline { timeline { date endDate entity { ${ENTITY_REF} properties } } }`);
  return data.timeline;
}

export type { Citation, GraphEdge, GraphNode, SourceRef };
