/** The shapes the explorer draws, as the GraphQL API's `Subgraph` delivers them. */

export interface SourceRef {
  readonly id: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly publishedAt: string | null;
  readonly publisher: string | null;
  /** How much of publishedAt is known (day, week, month, year); day when null. */
  readonly publishedAtPrecision?: string | null;
  /** Why the article has no address, shown in place of a link. */
  readonly citationNote?: string | null;
}

/** One article behind a relationship and where in it the evidence stands (¶N). */
export interface Citation {
  readonly source: SourceRef;
  readonly locator: string | null;
  /** The article's sentence the relationship rests on (kept for ingested articles), or null. */
  readonly quote?: string | null;
  /** What this article says about the relationship in the analyst's words, when it differs from the relationship's claim. */
  readonly claim?: string | null;
}

export interface GraphNode {
  readonly id: string;
  readonly name: string;
  readonly nameJa?: string | null;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface GraphEdge {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly claim: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly sources: readonly SourceRef[];
  /** The same articles as sources, in the same order, each with its locator. */
  readonly citations: readonly Citation[];
}

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
