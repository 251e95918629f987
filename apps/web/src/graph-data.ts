/** The shapes the explorer draws, as the GraphQL API's `Subgraph` delivers them. */

export interface SourceRef {
  readonly id: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly publishedAt: string | null;
  readonly publisher: string | null;
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
