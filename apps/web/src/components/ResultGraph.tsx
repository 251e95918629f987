"use client";

import type { Core } from "cytoscape";
import { useEffect, useRef, useState } from "react";
import { GRAPH_STYLE, nodeLabel } from "../graph-style.ts";
import type { CypherGraphEdge, CypherGraphNode } from "../notebook-client.ts";
import { supportsWebgl2 } from "../webgl.ts";

interface ResultGraphProps {
  readonly nodes: readonly CypherGraphNode[];
  readonly edges: readonly CypherGraphEdge[];
  readonly onSelect: (node: CypherGraphNode | undefined) => void;
}

/**
 * A cell's answer drawn with the explorer's styling. Cytoscape is imported when the first graph
 * tab opens, so notebooks that only show tables never download it.
 */
export function ResultGraph({ nodes, edges, onSelect }: ResultGraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef(onSelect);
  latest.current = onSelect;
  const [ready, setReady] = useState(false);

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
        cy?.nodes(".selected").removeClass("selected");
        event.target.addClass("selected");
        latest.current(byId.get(event.target.id() as string));
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
      cy.layout({ name: "fcose", animate: false, fit: true, padding: 30, randomize: true, nodeRepulsion: 30000, idealEdgeLength: 120 } as cytoscape.LayoutOptions).run();
      if (cy.zoom() > 1.4) {
        cy.zoom(1.4);
        cy.center();
      }
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
    />
  );
}
