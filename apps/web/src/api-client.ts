import { print } from "graphql";
import { CITATION_FIELDS, SOURCE_FIELDS, SUBGRAPH_FIELDS, type Citation, type GraphEdge, type GraphNode, type SourceRef, type Subgraph } from "./graph-data.ts";
import { isEntityTypeName, isRelationshipTypeName, type EntityTypeName, type RelationshipTypeName } from "@kgx/domain";
import { graphql, type ResultOf, type TadaDocumentNode } from "./graphql.ts";

/**
 * The explorer's only way to the graph: GraphQL at `/graphql` on its own origin (the web server
 * forwards it to the API). Every operation is a document typed from the schema (graphql.ts), so
 * what comes back has the schema's types. Failures come back as two kinds of error the UI treats
 * differently: the API cannot be reached (a banner with retry) or it answered with a coded error.
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

/** A document's variables, then options; the variables may be left out when the document has none. */
// `{} extends Variables` is the test for "every variable is optional": `{}` here is the empty record, not "any value".
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type RequestArguments<Variables> = {} extends Variables
  ? [variables?: Variables, options?: RequestOptions]
  : [variables: Variables, options?: RequestOptions];

export interface GraphqlClient {
  request<Result, Variables>(document: TadaDocumentNode<Result, Variables>, ...args: RequestArguments<Variables>): Promise<Result>;
}

/** Status codes the web server's forwarder answers with when the API is down or too slow. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

export function createGraphqlClient(endpoint = "/graphql", fetchImpl: Fetch = (input, init) => fetch(input, init)): GraphqlClient {
  return {
    async request<Result, Variables>(
      document: TadaDocumentNode<Result, Variables>,
      ...[variables, options = {}]: RequestArguments<Variables>
    ): Promise<Result> {
      const query = print(document);
      let response: Response;
      try {
        response = await fetchImpl(endpoint, {
          method: "POST",
          headers: { ...options.headers, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ query, variables: variables ?? {} }),
        });
      } catch (error) {
        throw new ApiUnreachableError(`network error: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (UNREACHABLE_STATUSES.has(response.status)) {
        throw new ApiUnreachableError(`HTTP ${response.status} from ${endpoint}`);
      }
      let body: { data?: Result | null; errors?: { message: string; extensions?: { code?: string; field?: unknown; [key: string]: unknown } }[] };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new ApiUnreachableError(`unreadable answer, HTTP ${response.status} from ${endpoint}`);
      }
      const first = body.errors?.[0];
      if (first) {
        const field = first.extensions?.field;
        throw new ApiError(
          first.message,
          first.extensions?.code ?? "INTERNAL_SERVER_ERROR",
          typeof field === "string" ? field : undefined,
          first.extensions ?? {},
        );
      }
      if (!body.data) throw new ApiError("The API answered without data.", "INTERNAL_SERVER_ERROR");
      return body.data;
    },
  };
}

const ENTITY_SUMMARY_FIELDS = graphql(`
  fragment EntitySummaryFields on Entity {
    id
    type
    name
    nameJa
    aliases
    description
  }
`);

const ENTITY_REF_FIELDS = graphql(`
  fragment EntityRefFields on Entity {
    id
    type
    name
    nameJa
  }
`);

export type EntitySummary = ResultOf<typeof ENTITY_SUMMARY_FIELDS>;

const SEARCH = graphql(
  `
    query Search($query: String!, $first: Int) {
      search(query: $query, first: $first) {
        ...EntitySummaryFields
      }
    }
  `,
  [ENTITY_SUMMARY_FIELDS],
);

export async function searchEntities(client: GraphqlClient, query: string, first = 8): Promise<EntitySummary[]> {
  return (await client.request(SEARCH, { query, first })).search;
}

/** A search hit and whether it is only near the query (a typo, other kana, no middle dot): what "did you mean" offers. */
export interface SearchMatch {
  readonly entity: EntitySummary;
  readonly similar: boolean;
}

const SEARCH_MATCHES = graphql(
  `
    query SearchMatches($query: String!, $first: Int) {
      searchMatches(query: $query, first: $first) {
        rank
        entity {
          ...EntitySummaryFields
        }
      }
    }
  `,
  [ENTITY_SUMMARY_FIELDS],
);

/** Entities for the query, direct matches first, then names near it (flagged `similar`). */
export async function searchMatches(client: GraphqlClient, query: string, first = 8): Promise<SearchMatch[]> {
  const data = await client.request(SEARCH_MATCHES, { query, first });
  return data.searchMatches.map((m) => ({ entity: m.entity, similar: m.rank === "SIMILAR" }));
}

const ENTITY_NODE = graphql(`
  query EntityNode($id: ID!) {
    entity(id: $id) {
      id
      name
      nameJa
      type
      properties
    }
  }
`);

/** One entity as a one-node subgraph, or null when there is none with this id. */
export async function fetchEntityNode(client: GraphqlClient, id: string): Promise<Subgraph | null> {
  const data = await client.request(ENTITY_NODE, { id });
  return data.entity ? { nodes: [data.entity], edges: [], truncated: false, totalNeighbors: 0 } : null;
}

/**
 * The explorer keeps type filters as plain strings (from the legend, the address bar); the API
 * takes them as its EntityType and RelationshipType enums, which are the model's names. Names the
 * model does not know are dropped here: none can come from the legend.
 */
function relationshipTypes(types: readonly string[]): RelationshipTypeName[] {
  return types.filter(isRelationshipTypeName);
}

function entityTypes(types: readonly string[]): EntityTypeName[] {
  return types.filter(isEntityTypeName);
}

const NEIGHBORHOOD = graphql(
  `
    query Neighborhood($id: ID!, $types: [RelationshipType!], $limit: Int) {
      neighborhood(id: $id, types: $types, limit: $limit) {
        ...SubgraphFields
      }
    }
  `,
  [SUBGRAPH_FIELDS],
);

export async function fetchNeighborhood(client: GraphqlClient, id: string, types: readonly string[], limit: number): Promise<Subgraph | null> {
  try {
    const data = await client.request(NEIGHBORHOOD, { id, types: types.length > 0 ? relationshipTypes(types) : null, limit });
    return data.neighborhood;
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

const SHORTEST_PATH = graphql(
  `
    query ShortestPath($from: ID!, $to: ID!, $excludeTypes: [RelationshipType!]) {
      shortestPath(from: $from, to: $to, excludeTypes: $excludeTypes) {
        ...SubgraphFields
      }
    }
  `,
  [SUBGRAPH_FIELDS],
);

/** The shortest path that uses none of `excludeTypes` (relationship types), or null. */
export async function fetchShortestPath(client: GraphqlClient, from: string, to: string, excludeTypes: readonly string[] = []): Promise<Subgraph | null> {
  try {
    const data = await client.request(SHORTEST_PATH, { from, to, excludeTypes: excludeTypes.length > 0 ? relationshipTypes(excludeTypes) : null });
    return data.shortestPath;
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** How many paths the path finder offers to choose from. */
export const PATH_CHOICES = 5;

const SHORTEST_PATHS = graphql(
  `
    query ShortestPaths($from: ID!, $to: ID!, $k: Int, $excludeTypes: [RelationshipType!], $excludeEntityTypes: [EntityType!]) {
      shortestPaths(from: $from, to: $to, k: $k, excludeTypes: $excludeTypes, excludeEntityTypes: $excludeEntityTypes) {
        ...SubgraphFields
      }
    }
  `,
  [SUBGRAPH_FIELDS],
);

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
    const data = await client.request(SHORTEST_PATHS, {
      from,
      to,
      k,
      excludeTypes: relationshipTypes(excludeTypes),
      excludeEntityTypes: entityTypes(excludeEntityTypes),
    });
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

export type EntityRef = ResultOf<typeof ENTITY_REF_FIELDS>;

const ENTITY_DETAIL = graphql(
  `
    query EntityDetail($id: ID!) {
      entity(id: $id) {
        id
        type
        name
        nameJa
        aliases
        description
        properties
        relationships(first: 500) {
          totalCount
          edges {
            direction
            other {
              ...EntityRefFields
            }
            node {
              id
              type
              claim
              validFrom
              validTo
              validFromPrecision
              validToPrecision
              properties
              sources {
                ...SourceFields
              }
              evidence {
                citations {
                  ...CitationFields
                }
              }
            }
          }
        }
        statements {
          id
          name
          description
          date
          datePrecision
          stance
          channel
          saidBy {
            ...EntityRefFields
          }
          about {
            ...EntityRefFields
          }
          reportedIn {
            ...SourceFields
          }
        }
      }
    }
  `,
  [ENTITY_REF_FIELDS, SOURCE_FIELDS, CITATION_FIELDS],
);

export type EntityDetail = NonNullable<ResultOf<typeof ENTITY_DETAIL>["entity"]>;
export type RelationshipDetail = EntityDetail["relationships"]["edges"][number];
export type StatementDetail = EntityDetail["statements"][number];

export async function fetchEntityDetail(client: GraphqlClient, id: string): Promise<EntityDetail | null> {
  return (await client.request(ENTITY_DETAIL, { id })).entity;
}

const TIMELINE = graphql(
  `
    query Timeline {
      timeline {
        date
        endDate
        entity {
          ...EntityRefFields
          properties
        }
      }
    }
  `,
  [ENTITY_REF_FIELDS],
);

/** A dated entity; its properties are where the precision of its dates is read from. */
export type TimelineItem = ResultOf<typeof TIMELINE>["timeline"][number];

export async function fetchTimeline(client: GraphqlClient): Promise<TimelineItem[]> {
  return (await client.request(TIMELINE)).timeline;
}

export type { Citation, GraphEdge, GraphNode, SourceRef };
