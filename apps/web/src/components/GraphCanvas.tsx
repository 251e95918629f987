"use client";

import type { Core, ElementDefinition, LayoutOptions, NodeSingular } from "cytoscape";
import { useEffect, useRef, useState } from "react";
import { FIT_PADDING, WORKER_LAYOUT_MIN_NODES, fcoseOptions, type LayoutPositions, type LayoutRequest } from "../fcose-layout.ts";
import { GRAPH_STYLE, nodeLabel } from "../graph-style.ts";
import type { VisibleEdge, VisibleNode } from "../graph-view.ts";
import { LayoutClient } from "../layout-client.ts";
import type { LayoutName } from "../view-state.ts";
import { supportsWebgl2 } from "../webgl.ts";

export interface GraphHandle {
  fit(): void;
  png(): Promise<Blob>;
}

/** Read-only introspection of the drawn graph for scripts and browser automation. */
export interface GraphProbe {
  readonly renderer: "webgl" | "canvas";
  nodeIds(): string[];
  edgeIds(): string[];
  /** Where a node is drawn, in CSS pixels relative to the page's viewport. */
  clientPosition(id: string): { x: number; y: number } | null;
  /** Which nodes are drawn faded (outside the time range). */
  fadedIds(): string[];
  /** Which nodes the hover highlight dims. */
  hoverFadedIds(): string[];
  /** The node marked as selected. */
  selectedId(): string | undefined;
}

declare global {
  interface Window {
    kgxGraph?: GraphProbe;
  }
}

interface GraphCanvasProps {
  readonly nodes: readonly VisibleNode[];
  readonly edges: readonly VisibleEdge[];
  readonly focus: readonly string[];
  readonly layout: LayoutName;
  readonly selected: string | undefined;
  readonly onSelect: (id: string | undefined) => void;
  readonly onExpand: (id: string) => void;
  /** A tap on an edge: the relationship's id, to show its evidence. */
  readonly onSelectRelationship?: (id: string) => void;
  readonly onReady: (handle: GraphHandle) => void;
}

const COMFORTABLE_ZOOM = 1.4;

function layoutOptions(name: LayoutName, roots: readonly string[], incremental: boolean): LayoutOptions {
  switch (name) {
    case "concentric":
      return { name: "concentric", animate: false, fit: true, padding: 40, minNodeSpacing: 60, spacingFactor: 1.2, concentric: (node) => node.degree(false), levelWidth: () => 2 } as LayoutOptions;
    case "breadthfirst":
      return { name: "breadthfirst", animate: false, fit: true, padding: 40, directed: false, spacingFactor: 1.1, roots: roots.length > 0 ? roots.map((r) => `#${CSS.escape(r)}`).join(",") : undefined } as LayoutOptions;
    default:
      return { ...fcoseOptions(incremental), fit: true, padding: FIT_PADDING } as LayoutOptions;
  }
}

/** A handful of nodes would otherwise be fitted at a zoom where labels look like headlines. */
function limitZoom(cy: Core): void {
  if (cy.zoom() > COMFORTABLE_ZOOM) {
    cy.zoom(COMFORTABLE_ZOOM);
    cy.center();
  }
}

function runLayoutInPlace(cy: Core, name: LayoutName, roots: readonly string[], incremental: boolean): void {
  cy.layout(layoutOptions(name, roots, incremental)).run();
  limitZoom(cy);
}

function workerLayoutRequest(cy: Core, incremental: boolean): LayoutRequest {
  return {
    nodes: cy.nodes().map((node) => {
      const { x, y } = node.position();
      const { w, h } = node.layoutDimensions({ nodeDimensionsIncludeLabels: false });
      return { id: node.id(), x, y, width: w, height: h, locked: node.locked() };
    }),
    edges: cy.edges().map((edge) => ({ id: edge.id(), source: edge.source().id(), target: edge.target().id() })),
    options: fcoseOptions(incremental),
  };
}

/** One batch, then the same fit as an in-place layout. A node the reader holds or locked stays put. */
function applyWorkerPositions(cy: Core, positions: LayoutPositions): void {
  cy.batch(() => {
    for (const [id, x, y] of positions) {
      const node = cy.getElementById(id);
      if (node.nonempty() && !node.locked() && !node.grabbed()) node.position({ x, y });
    }
  });
  cy.fit(undefined, FIT_PADDING);
  limitZoom(cy);
}

function toElements(nodes: readonly VisibleNode[], edges: readonly VisibleEdge[], focus: readonly string[]): ElementDefinition[] {
  const focused = new Set(focus);
  return [
    ...nodes.map((n) => ({
      group: "nodes" as const,
      data: { id: n.id, label: nodeLabel(n.name), name: n.name, type: n.type },
      classes: [n.expanded ? "expanded" : "", n.onPath ? "path" : "", n.fadedByTime ? "time-faded" : "", focused.has(n.id) ? "focus" : ""].filter(Boolean),
    })),
    ...edges.map((e) => ({
      group: "edges" as const,
      data: { id: `edge:${e.id}`, source: e.source, target: e.target, type: e.type },
      classes: [e.onPath ? "path" : "", e.fadedByTime ? "time-faded" : ""].filter(Boolean),
    })),
  ];
}

/**
 * The graph drawing. Cytoscape and its fcose layout are loaded here, on first use, so that
 * pages without a graph never download them; WebGL is used only when a throwaway canvas proves a
 * WebGL2 context can be had.
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [ready, setReady] = useState(false);
  const lastLayout = useRef<string>("");
  const layoutClient = useRef<LayoutClient | null>(null);

  useEffect(() => {
    let disposed = false;
    (async () => {
      const [{ default: cytoscape }, { default: fcose }] = await Promise.all([import("cytoscape"), import("cytoscape-fcose")]);
      if (disposed || !container.current) return;
      cytoscape.use(fcose);
      const webgl = supportsWebgl2();
      const cy = cytoscape({
        container: container.current,
        style: GRAPH_STYLE as unknown as cytoscape.StylesheetJson,
        webgl,
        minZoom: 0.15,
        maxZoom: 4,
        boxSelectionEnabled: false,
        selectionType: "single",
      });
      cyRef.current = cy;
      cy.on("tap", "node", (event) => latest.current.onSelect(event.target.id() as string));
      cy.on("tap", "edge", (event) => latest.current.onSelectRelationship?.((event.target.id() as string).replace(/^edge:/, "")));
      cy.on("tap", (event) => {
        if (event.target === cy) latest.current.onSelect(undefined);
      });
      cy.on("dbltap", "node", (event) => latest.current.onExpand(event.target.id() as string));
      cy.on("mouseover", "node", (event) => {
        const hood = event.target.closedNeighborhood();
        cy.batch(() => {
          cy.elements().not(hood).addClass("hover-faded");
          hood.addClass("hover-focus");
        });
        if (container.current) {
          container.current.style.cursor = "pointer";
          // The canvas label is cut at 28 characters; the browser's tooltip gives the whole name.
          container.current.title = String(event.target.data("name") ?? "");
        }
      });
      cy.on("mouseout", "node", () => {
        cy.batch(() => cy.elements().removeClass("hover-faded hover-focus"));
        if (container.current) {
          container.current.style.cursor = "";
          container.current.title = "";
        }
      });
      window.kgxGraph = {
        renderer: webgl ? "webgl" : "canvas",
        nodeIds: () => cy.nodes().map((n) => n.id()),
        edgeIds: () => cy.edges().map((e) => (e.id() as string).replace(/^edge:/, "")),
        fadedIds: () => cy.nodes(".time-faded").map((n) => n.id()),
        hoverFadedIds: () => cy.nodes(".hover-faded").map((n) => n.id()),
        selectedId: () => cy.nodes(".selected").first().id() || undefined,
        clientPosition: (id) => {
          const node = cy.getElementById(id);
          const box = container.current?.getBoundingClientRect();
          if (node.empty() || !box) return null;
          // An edge (asked for as "edge:" and its id) is found at the middle of its line.
          const p = node.isEdge() ? node.renderedMidpoint() : (node as NodeSingular).renderedPosition();
          return { x: box.left + p.x, y: box.top + p.y };
        },
      };
      latest.current.onReady({
        fit: () => cy.animate({ fit: { eles: cy.elements(), padding: 40 }, duration: 200 }),
        png: () => cy.png({ output: "blob-promise", full: true, scale: 2, bg: "#ffffff" }),
      });
      setReady(true);
    })();
    return () => {
      disposed = true;
      cyRef.current?.destroy();
      cyRef.current = null;
      delete window.kgxGraph;
    };
  }, []);

  const { nodes, edges, focus, layout, selected } = props;

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !ready) return;
    const wanted = toElements(nodes, edges, focus);
    const wantedIds = new Set(wanted.map((e) => e.data.id as string));
    const before = new Set(cy.nodes().map((n) => n.id()));
    let added = 0;
    let removed = 0;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!wantedIds.has(el.id())) {
          if (el.isNode()) removed++;
          el.remove();
        }
      });
      const placedNear = new Map<string, { x: number; y: number }>();
      for (const edge of edges) {
        const from = cy.getElementById(edge.source);
        const to = cy.getElementById(edge.target);
        if (from.nonempty() && to.empty()) placedNear.set(edge.target, from.position());
        if (to.nonempty() && from.empty()) placedNear.set(edge.source, to.position());
      }
      for (const def of wanted) {
        const id = def.data.id as string;
        const existing = cy.getElementById(id);
        if (existing.nonempty()) {
          existing.classes(def.classes as string[]);
          continue;
        }
        if (def.group === "nodes") {
          added++;
          const near = placedNear.get(id);
          cy.add(near ? { ...def, position: { x: near.x + (Math.random() - 0.5) * 60, y: near.y + (Math.random() - 0.5) * 60 } } : def);
        }
      }
      for (const def of wanted) if (def.group === "edges" && cy.getElementById(def.data.id as string).empty()) cy.add(def);
    });
    const layoutKey = `${layout}`;
    // Removing nodes (undo, collapse, filters) leaves the rest where the reader last saw them.
    if (added > 0 || lastLayout.current !== layoutKey) {
      const incremental = before.size - removed > 0 && lastLayout.current === layoutKey;
      lastLayout.current = layoutKey;
      const client = (layoutClient.current ??= new LayoutClient());
      if (layout === "fcose" && cy.nodes().length >= WORKER_LAYOUT_MIN_NODES) {
        // fcose on this many nodes would freeze the page for seconds: the worker computes the
        // positions while the nodes stay drawn where they were added, and the page can be used.
        const box = container.current;
        if (box) box.dataset.layout = "running";
        // A fresh layout ignores where nodes start; spread them out meanwhile rather than leave
        // them stacked on one spot (placing a grid costs next to nothing).
        if (!incremental) cy.layout({ name: "grid", animate: false, fit: true, padding: FIT_PADDING }).run();
        const live = () => cyRef.current === cy && !cy.destroyed();
        void client.run(workerLayoutRequest(cy, incremental)).then(
          (outcome) => {
            if (outcome.kind === "superseded" || !live()) return;
            applyWorkerPositions(cy, outcome.positions);
            if (box) box.dataset.layout = "done";
          },
          (error: unknown) => {
            if (!live()) return;
            console.warn(`Laying the graph out on the page instead: ${error instanceof Error ? error.message : String(error)}`);
            runLayoutInPlace(cy, layout, focus, incremental);
            if (box) box.dataset.layout = "done";
          },
        );
      } else {
        // Whatever the worker was doing is out of date now.
        client.cancel();
        if (container.current) container.current.dataset.layout = "done";
        if (cy.nodes().nonempty()) runLayoutInPlace(cy, layout, focus, incremental);
      }
    }
  }, [nodes, edges, focus, layout, ready]);

  useEffect(() => () => layoutClient.current?.dispose(), []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !ready) return;
    cy.batch(() => {
      cy.nodes(".selected").removeClass("selected");
      if (selected) cy.getElementById(selected).addClass("selected");
    });
  }, [selected, nodes, ready]);

  return (
    <div
      ref={container}
      className="graph-canvas"
      role="img"
      aria-label={`Graph of ${nodes.length} entities and ${edges.length} relationships. The same entities are listed under "In view".`}
      data-ready={ready ? "true" : "false"}
    />
  );
}
