/**
 * The explorer's force-directed (fcose) layout, as plain data and one self-contained function, so
 * that the page, the layout worker and the rendering benchmark all run exactly the same layout.
 * This module imports nothing: the benchmark loads it outside the web app's bundle.
 */

/** fcose's settings in the explorer, whichever thread runs it. */
export const FCOSE_SETTINGS = {
  name: "fcose",
  animate: false,
  quality: "default",
  nodeRepulsion: 30000,
  idealEdgeLength: 140,
  nodeSeparation: 100,
  packComponents: true,
} as const;

/** Space kept around the graph when the view is fitted to it, in pixels. */
export const FIT_PADDING = 40;

/**
 * At and above this many nodes the explorer runs fcose in a worker. fcose's cost grows faster
 * than the node count: here it takes ~0.1 s at 100 nodes, ~0.4 s at 200 and ~13 s at 1,000, all
 * of it a single task that freezes the page. Below the threshold the layout costs about what
 * starting the worker and parsing Cytoscape in it would, and running it in place draws the
 * new nodes in their final places in the same frame instead of moving them a moment later.
 */
export const WORKER_LAYOUT_MIN_NODES = 100;

export interface FcoseOptions {
  readonly [setting: string]: unknown;
}

/**
 * `incremental`: keep what is already placed where the reader saw it; only new nodes move in.
 * Packing components would move whole parts of the drawing to tidy it, so it is off then.
 */
export function fcoseOptions(incremental: boolean): FcoseOptions {
  return incremental ? { ...FCOSE_SETTINGS, randomize: false, packComponents: false } : { ...FCOSE_SETTINGS, randomize: true };
}

export interface LayoutNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  /** The node's drawn size (fcose keeps nodes apart by their boxes). */
  readonly width: number;
  readonly height: number;
  /** Locked nodes stay where they are; the others are arranged around them. */
  readonly locked: boolean;
}

export interface LayoutEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
}

export interface LayoutRequest {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly options: FcoseOptions;
}

/** Where each node goes, as [id, x, y] triples (compact to post between threads). */
export type LayoutPositions = readonly (readonly [string, number, number])[];

/** The part of Cytoscape's factory the layout needs; fcose must already be registered on it. */
export type HeadlessCytoscape = (options: Record<string, unknown>) => {
  layout(options: Record<string, unknown>): { run(): unknown };
  nodes(): { map<T>(fn: (node: { id(): string; position(): { x: number; y: number } }) => T): T[] };
  destroy(): void;
};

/**
 * Runs fcose on a headless Cytoscape instance and returns the final positions. It must not use
 * anything from outside its own body: the benchmark runs its source text in a worker of its own.
 */
export function computeFcosePositions(cytoscape: HeadlessCytoscape, request: LayoutRequest): LayoutPositions {
  const elements: Record<string, unknown>[] = [];
  const fixed: { nodeId: string; position: { x: number; y: number } }[] = [];
  for (const node of request.nodes) {
    elements.push({ group: "nodes", data: { id: node.id, width: node.width, height: node.height }, position: { x: node.x, y: node.y }, locked: node.locked });
    if (node.locked) fixed.push({ nodeId: node.id, position: { x: node.x, y: node.y } });
  }
  for (const edge of request.edges) elements.push({ group: "edges", data: { id: edge.id, source: edge.source, target: edge.target } });
  // Styles on, so that fcose sees each node's real size rather than headless Cytoscape's 1 × 1.
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements,
    // Without it Cytoscape runs its "null" layout on the elements, which puts every node at 0,0.
    layout: { name: "preset" },
    style: [{ selector: "node", style: { width: "data(width)", height: "data(height)", "border-width": 0 } }],
  });
  try {
    // The page fits its viewport once the positions are applied; there is no viewport here.
    const options: Record<string, unknown> = { ...request.options, animate: false, fit: false };
    if (fixed.length > 0) options.fixedNodeConstraint = fixed;
    cy.layout(options).run();
    return cy.nodes().map((node) => {
      const p = node.position();
      return [node.id(), p.x, p.y] as const;
    });
  } finally {
    // A styled headless instance keeps a render loop alive until destroyed.
    cy.destroy();
  }
}

/** A message to the layout worker. */
export interface LayoutWorkerRequest {
  readonly requestId: number;
  readonly request: LayoutRequest;
}

/** The layout worker's answer to one request. */
export type LayoutWorkerResponse = { readonly requestId: number; readonly positions: LayoutPositions } | { readonly requestId: number; readonly error: string };
