"use client";

import type { Core } from "cytoscape";
import { useEffect, useRef, useState } from "react";
import { FIT_PADDING, fcoseOptions } from "../fcose-layout.ts";
import { GRAPH_STYLE, nodeLabel } from "../graph-style.ts";
import type { CypherGraphEdge, CypherGraphNode } from "../notebook-client.ts";
import { supportsWebgl2 } from "../webgl.ts";

interface ResultGraphProps {
  readonly nodes: readonly CypherGraphNode[];
  readonly edges: readonly CypherGraphEdge[];
  readonly onSelect: (node: CypherGraphNode | undefined) => void;
  readonly onSelectEdge: (edge: CypherGraphEdge) => void;
  /** A double-click on a node: add its neighbours. */
  readonly onExpand: (node: CypherGraphNode) => void;
}

/** Above this a handful of nodes would be drawn with labels like headlines. */
const MAX_FITTED_ZOOM = 1.4;
/**
 * Below this the 10 px labels are drawn under 10 px and are hard to read: a larger graph is shown
 * at this zoom from its centre, and the reader pans or zooms out for the rest.
 */
const MIN_READABLE_ZOOM = 1;

function fitReadably(cy: Core): void {
  const zoom = cy.zoom();
  if (zoom > MAX_FITTED_ZOOM || zoom < MIN_READABLE_ZOOM) {
    cy.zoom(Math.min(MAX_FITTED_ZOOM, Math.max(MIN_READABLE_ZOOM, zoom)));
    cy.center();
  }
}

/** Where a node (or an edge, by "edge:" and its id) is drawn on the page, for browser tests to click it. */
interface ResultGraphProbe {
  clientPosition(id: string): { x: number; y: number } | null;
}
const probes = new WeakMap<Element, ResultGraphProbe>();
declare global {
  interface Window {
    kgxResultGraph?: (element: Element) => ResultGraphProbe | undefined;
  }
}
/** Like the explorer's graph probe, only the browser tests' build has this one (apps/web/web-builds.ts). */
const INSTALL_RESULT_GRAPH_PROBE = process.env.KGX_GRAPH_PROBE === "1";
if (INSTALL_RESULT_GRAPH_PROBE && typeof window !== "undefined") window.kgxResultGraph = (element) => probes.get(element);

/** Pairs of node labels whose drawn boxes intersect. */
function overlappingLabels(cy: Core): number {
  const boxes = cy.nodes().map((n) => n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }));
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps++;
    }
  return overlaps;
}

/**
 * A cell's answer drawn with the explorer's styling. Cytoscape is imported when the first graph
 * tab opens, so notebooks that only show tables never download it.
 */
export function ResultGraph({ nodes, edges, onSelect, onSelectEdge, onExpand }: ResultGraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef(onSelect);
  latest.current = onSelect;
  const handlers = useRef({ onSelectEdge, onExpand });
  handlers.current = { onSelectEdge, onExpand };
  const [ready, setReady] = useState(false);
  /** What the reader is shown once laid out, for browser tests: the zoom and how many pairs of node labels overlap. */
  const [drawn, setDrawn] = useState<{ readonly zoom: number; readonly labelOverlaps: number } | undefined>();

  useEffect(() => {
    let disposed = false;
    let cy: Core | undefined;
    (async () => {
      const [{ default: cytoscape }, { default: fcose }] = await Promise.all([import("cytoscape"), import("cytoscape-fcose")]);
      if (disposed || !container.current) return;
      cytoscape.use(fcose);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      cy = cytoscape({
        container: container.current,
        style: GRAPH_STYLE as unknown as cytoscape.StylesheetJson,
        webgl: supportsWebgl2(),
        minZoom: 0.15,
        maxZoom: 4,
        boxSelectionEnabled: false,
        elements: [
          ...nodes.map((n) => ({ group: "nodes" as const, data: { id: n.id, label: nodeLabel(n.name), name: n.name, type: n.type } })),
          ...edges
            .filter((e) => byId.has(e.source) && byId.has(e.target))
            .map((e) => ({ group: "edges" as const, data: { id: `edge:${e.id}`, source: e.source, target: e.target, type: e.type } })),
        ],
      });
      cy.on("tap", "node", (event) => {
        cy?.elements(".selected").removeClass("selected");
        event.target.addClass("selected");
        latest.current(byId.get(event.target.id() as string));
      });
      const edgeById = new Map(edges.map((e) => [`edge:${e.id}`, e]));
      cy.on("tap", "edge", (event) => {
        cy?.elements(".selected").removeClass("selected");
        event.target.addClass("selected");
        const edge = edgeById.get(event.target.id() as string);
        if (edge) handlers.current.onSelectEdge(edge);
      });
      cy.on("dbltap", "node", (event) => {
        const node = byId.get(event.target.id() as string);
        if (node) handlers.current.onExpand(node);
      });
      cy.on("tap", (event) => {
        if (event.target === cy) latest.current(undefined);
      });
      // The canvas label is cut at 28 characters; the browser's tooltip gives the whole name.
      cy.on("mouseover", "node", (event) => {
        if (container.current) container.current.title = String(event.target.data("name") ?? "");
      });
      cy.on("mouseout", "node", () => {
        if (container.current) container.current.title = "";
      });
      // The explorer's fcose settings, with each node's box taken to include its label: results
      // are often many nodes with few edges (MATCH (n) RETURN n), which fcose would otherwise pack
      // edge to edge with their names written over each other.
      cy.layout({ ...fcoseOptions(false), nodeDimensionsIncludeLabels: true, fit: true, padding: FIT_PADDING } as cytoscape.LayoutOptions).run();
      fitReadably(cy);
      if (INSTALL_RESULT_GRAPH_PROBE)
        probes.set(container.current, {
          clientPosition: (id) => {
            const element = cy?.getElementById(id);
            const box = container.current?.getBoundingClientRect();
            if (!element || element.empty() || !box) return null;
            const b = element.renderedBoundingBox({ includeLabels: false });
            return { x: box.left + (b.x1 + b.x2) / 2, y: box.top + (b.y1 + b.y2) / 2 };
          },
        });
      setDrawn({ zoom: cy.zoom(), labelOverlaps: overlappingLabels(cy) });
      setReady(true);
    })();
    return () => {
      disposed = true;
      cy?.destroy();
    };
  }, [nodes, edges]);

  return (
    <div
      ref={container}
      className="result-graph"
      role="img"
      aria-label={`Graph of ${nodes.length} entities and ${edges.length} relationships from this cell`}
      data-ready={ready ? "true" : "false"}
      data-nodes={nodes.length}
      data-edges={edges.length}
      data-zoom={drawn?.zoom.toFixed(3)}
      data-label-overlaps={drawn?.labelOverlaps}
    />
  );
}
