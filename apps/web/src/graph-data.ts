import { graphql, type ResultOf } from "./graphql.ts";

/**
 * The shapes the explorer draws, as the GraphQL API's `Subgraph` delivers them: the fragments
 * below are the selections, and the types are what the schema says those selections return.
 */

export const SOURCE_FIELDS = graphql(`
  fragment SourceFields on Source {
    id
    title
    url
    publishedAt
    publishedAtPrecision
    publisher
    citationNote
  }
`);

export const CITATION_FIELDS = graphql(
  `
    fragment CitationFields on Citation {
      locator
      quote
      claim
      source {
        ...SourceFields
      }
    }
  `,
  [SOURCE_FIELDS],
);

export const SUBGRAPH_FIELDS = graphql(
  `
    fragment SubgraphFields on Subgraph {
      nodes {
        id
        name
        nameJa
        type
        properties
      }
      edges {
        id
        type
        source
        target
        claim
        properties
        sources {
          ...SourceFields
        }
        citations {
          ...CitationFields
        }
      }
      truncated
      totalNeighbors
    }
  `,
  [SOURCE_FIELDS, CITATION_FIELDS],
);

type SubgraphResult = ResultOf<typeof SUBGRAPH_FIELDS>;

/** An article behind a relationship (title, publisher, url or why there is none, date and its precision). */
export type SourceRef = ResultOf<typeof SOURCE_FIELDS>;

/** One article behind a relationship and where in it the evidence stands (¶N), with its sentence and claim when kept. */
export type Citation = ResultOf<typeof CITATION_FIELDS>;

export type GraphNode = SubgraphResult["nodes"][number];

export type GraphEdge = SubgraphResult["edges"][number];

/** A subgraph as the API sends it, or as the explorer puts one together (a single entity, the union of paths). */
export interface Subgraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly truncated: boolean;
  readonly totalNeighbors: number;
  /** For the path finder's answer: each path found, best first, as the ids along it (nodes and edges are their union). */
  readonly paths?: readonly PathIds[];
}

/** One path: nodes[i] and nodes[i+1] are joined by edges[i]. */
export interface PathIds {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
}
