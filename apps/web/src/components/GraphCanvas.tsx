"use client";

import type { Core, ElementDefinition, LayoutOptions, NodeSingular } from "cytoscape";
import { useEffect, useRef, useState } from "react";
import { FIT_PADDING, WORKER_LAYOUT_MIN_NODES, fcoseOptions, type LayoutRequest } from "../fcose-layout.ts";
import { displayName } from "../entity-format.ts";
import { GRAPH_STYLE, nodeLabel } from "../graph-style.ts";
import type { VisibleEdge, VisibleNode } from "../graph-view.ts";
import { LayoutClient } from "../layout-client.ts";
import { ringPlacement, settleNewcomers, type PlacementPoint } from "../layout-placement.ts";
import { positionKey, type Language, type LayoutName, type Point, type Viewport } from "../view-state.ts";
import { supportsWebgl2 } from "../webgl.ts";

export interface GraphHandle {
  fit(): void;
  png(): Promise<Blob>;
}

/** Read-only introspection of the drawn graph for the browser tests; only their build has it (see INSTALL_GRAPH_PROBE). */
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
  /** The relationship whose edge is marked as selected (its evidence is on show). */
  selectedEdgeId(): string | undefined;
  /** Where a node is in the graph's own coordinates (what stays put when the graph grows). */
  modelPosition(id: string): { x: number; y: number } | null;
  /** Each node's drawn box (body only, without its label), in model coordinates. */
  nodeBoxes(): { id: string; x1: number; y1: number; x2: number; y2: number }[];
  /** A node's label as drawn on the canvas. */
  label(id: string): string | undefined;
  /** Cytoscape's computed style of a node, for checks of what a renderer is asked to draw. */
  nodeStyle(id: string, property: string): string | undefined;
  /** How many layouts ran, and of what kind: a full one lays everything out, an incremental one only newcomers. */
  layoutRuns(): { full: number; incremental: number };
  /** The ids of a node's neighbours. */
  neighbourIds(id: string): string[];
  /** Zooms in on one node (at twice the usual size), so that what is drawn at its centre is its own body. */
  centreOn(id: string): void;
}

declare global {
  interface Window {
    kgxGraph?: GraphProbe;
  }
}

/**
 * Only the browser tests' build installs the probe (apps/web/web-builds.ts). next.config.ts
 * inlines the value, so in the production build the probe's code is unreachable and left out.
 */
const INSTALL_GRAPH_PROBE = process.env.KGX_GRAPH_PROBE === "1";

interface GraphCanvasProps {
  readonly nodes: readonly VisibleNode[];
  readonly edges: readonly VisibleEdge[];
  readonly focus: readonly string[];
  readonly layout: LayoutName;
  readonly selected: string | undefined;
  /** The relationship whose evidence is on show, drawn as the selected edge. */
  readonly selectedRelationship?: string | undefined;
  readonly language: Language;
  /** Remembered positions, keyed by `positionKey(id)`; see ViewState.positions. */
  readonly positions: ReadonlyMap<string, Point>;
  readonly viewport: Viewport | undefined;
  /** Changes when the reader asks for the whole graph to be laid out afresh. */
  readonly relayoutToken: number;
  /** Changes when an earlier view comes back (Back, Forward, undo): its zoom and pan are restored too. */
  readonly restoreToken: number;
  readonly onSelect: (id: string | undefined) => void;
  readonly onExpand: (id: string) => void;
  /** A tap on an edge: the relationship's id, to show its evidence. */
  readonly onSelectRelationship?: (id: string) => void;
  readonly onReady: (handle: GraphHandle) => void;
  /** Where nodes now are, after a layout or a drag, keyed by `positionKey(id)`. */
  readonly onPositions: (positions: ReadonlyMap<string, Point>) => void;
  readonly onViewport: (viewport: Viewport) => void;
}

const COMFORTABLE_ZOOM = 1.4;

function layoutOptions(name: LayoutName, roots: readonly string[], incremental: boolean): LayoutOptions {
  switch (name) {
    case "concentric":
      return {
        name: "concentric",
        animate: false,
        fit: true,
        padding: 40,
        minNodeSpacing: 60,
        spacingFactor: 1.2,
        concentric: (node) => node.degree(false),
        levelWidth: () => 2,
      } as LayoutOptions;
    case "breadthfirst":
      return {
        name: "breadthfirst",
        animate: false,
        fit: true,
        padding: 40,
        directed: false,
        spacingFactor: 1.1,
        roots: roots.length > 0 ? roots.map((r) => `#${CSS.escape(r)}`).join(",") : undefined,
      } as LayoutOptions;
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

function workerLayoutRequest(cy: Core, incremental: boolean, fixed: ReadonlySet<string>): LayoutRequest {
  return {
    nodes: cy.nodes().map((node) => {
      const { x, y } = node.position();
      const { w, h } = node.layoutDimensions({ nodeDimensionsIncludeLabels: false });
      return { id: node.id(), x, y, width: w, height: h, locked: node.locked() || fixed.has(node.id()) };
    }),
    edges: cy.edges().map((edge) => ({ id: edge.id(), source: edge.source().id(), target: edge.target().id() })),
    options: fcoseOptions(incremental),
  };
}

/** Every node's position, rounded as the view keeps it, keyed by `positionKey(id)`. */
function currentPositions(cy: Core): Map<string, Point> {
  const out = new Map<string, Point>();
  cy.nodes().forEach((node) => {
    const p = node.position();
    out.set(positionKey(node.id()), { x: Math.round(p.x), y: Math.round(p.y) });
  });
  return out;
}

/** Rounds every position in place, so that what is drawn is exactly what the view records. */
function roundPositions(cy: Core): void {
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      const p = node.position();
      node.position({ x: Math.round(p.x), y: Math.round(p.y) });
    });
  });
}

function positionsOf(cy: Core, ids: Iterable<string>): Map<string, PlacementPoint> {
  const out = new Map<string, PlacementPoint>();
  for (const id of ids) {
    const node = cy.getElementById(id);
    if (node.nonempty()) out.set(id, { ...node.position() });
  }
  return out;
}

/** Moves the newcomers to where the layout put them, corrected for any shift of the fixed nodes. */
function applyNewcomers(
  cy: Core,
  fixedBefore: ReadonlyMap<string, PlacementPoint>,
  after: ReadonlyMap<string, PlacementPoint>,
  newIds: readonly string[],
): void {
  const settled = settleNewcomers(fixedBefore, after, newIds);
  cy.batch(() => {
    for (const [id, p] of fixedBefore) cy.getElementById(id).position({ ...p });
    for (const [id, p] of settled) {
      const node = cy.getElementById(id);
      if (node.nonempty() && !node.grabbed()) node.position({ x: Math.round(p.x), y: Math.round(p.y) });
    }
  });
}

/** After the graph grew: the view moves only when a newcomer would be off screen. */
function keepNewcomersInView(cy: Core, newIds: readonly string[]): void {
  const extent = cy.extent();
  const outside = newIds.some((id) => {
    const p = cy.getElementById(id).position();
    return p.x < extent.x1 || p.x > extent.x2 || p.y < extent.y1 || p.y > extent.y2;
  });
  if (outside) {
    cy.fit(undefined, FIT_PADDING);
    limitZoom(cy);
  }
}

/**
 * Classes the canvas sets itself, in answer to the pointer and the selection, rather than from
 * the view's data: an update of the data keeps them. (Replacing them on every update ended the
 * hover highlight as soon as a zoom or pan reached the view, 300 ms after it, and dropped the
 * selection's mark.)
 */
const TRANSIENT_CLASSES = ["hover-faded", "hover-focus", "selected"] as const;

function withTransientClasses(element: { hasClass(name: string): boolean }, classes: readonly string[]): string[] {
  return [...classes, ...TRANSIENT_CLASSES.filter((name) => element.hasClass(name))];
}

function toElements(nodes: readonly VisibleNode[], edges: readonly VisibleEdge[], focus: readonly string[], language: Language): ElementDefinition[] {
  const focused = new Set(focus);
  return [
    ...nodes.map((n) => ({
      group: "nodes" as const,
      // "both" puts the Japanese name on a second line of the label; the tooltip has the whole of both.
      data: { id: n.id, label: nodeLabel(displayName(n, language, "\n")), name: displayName(n, language), type: n.type },
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
  const layoutRuns = useRef({ full: 0, incremental: 0 });

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
      // A node the reader moved stays where they put it, in the view and in a shared link.
      cy.on("dragfree", "node", () => {
        latest.current.onPositions(currentPositions(cy));
      });
      // Zoom and pan go into the view once the reader stops moving it.
      let viewportTimer: ReturnType<typeof setTimeout> | undefined;
      cy.on("viewport", () => {
        clearTimeout(viewportTimer);
        viewportTimer = setTimeout(() => {
          if (!cy.destroyed()) latest.current.onViewport({ zoom: cy.zoom(), pan: { ...cy.pan() } });
        }, 300);
      });
      // The node under the pointer whose neighbourhood is highlighted, if any.
      let hovered: NodeSingular | undefined;
      const startHover = (node: NodeSingular) => {
        // Every move over the hovered node comes here too: only a new node redoes the highlight.
        if (hovered?.id() === node.id()) return;
        hovered = node;
        const hood = node.closedNeighborhood();
        cy.batch(() => {
          cy.elements().removeClass("hover-faded hover-focus");
          cy.elements().not(hood).addClass("hover-faded");
          hood.addClass("hover-focus");
        });
        if (container.current) {
          container.current.style.cursor = "pointer";
          // The canvas label is cut at 28 characters; the browser's tooltip gives the whole name.
          container.current.title = String(node.data("name") ?? "");
        }
      };
      const endHover = () => {
        if (!hovered) return;
        hovered = undefined;
        cy.batch(() => cy.elements().removeClass("hover-faded hover-focus"));
        if (container.current) {
          container.current.style.cursor = "";
          container.current.title = "";
        }
      };
      // A pointer that comes back onto the node it left the canvas from gets no new "mouseover"
      // (cytoscape still thinks it is there), hence the highlight also starts on a move over a node.
      cy.on("mouseover mousemove", "node", (event) => startHover(event.target as NodeSingular));
      cy.on("mouseout", "node", endHover);
      // A pointer that leaves the canvas straight from a node gets no "mouseout" on that node
      // (cytoscape follows the pointer only inside its container), only one on the graph itself:
      // without this the graph stayed dimmed after the pointer had gone.
      cy.on("mouseout", (event) => {
        if (event.target === cy) endHover();
      });
      // A hovered node that is removed (hidden, collapsed) takes its highlight with it.
      cy.on("remove", "node", (event) => {
        if (hovered && (event.target as NodeSingular).id() === hovered.id()) endHover();
      });
      if (INSTALL_GRAPH_PROBE) {
        window.kgxGraph = {
          renderer: webgl ? "webgl" : "canvas",
          nodeIds: () => cy.nodes().map((n) => n.id()),
          edgeIds: () => cy.edges().map((e) => (e.id() as string).replace(/^edge:/, "")),
          fadedIds: () => cy.nodes(".time-faded").map((n) => n.id()),
          hoverFadedIds: () => cy.nodes(".hover-faded").map((n) => n.id()),
          selectedId: () => cy.nodes(".selected").first().id() || undefined,
          selectedEdgeId: () => (cy.edges(".selected").first().id() || "").replace(/^edge:/, "") || undefined,
          modelPosition: (id) => {
            const node = cy.getElementById(id);
            return node.empty() ? null : { ...node.position() };
          },
          nodeBoxes: () =>
            cy.nodes().map((n) => {
              const b = n.boundingBox({ includeLabels: false, includeOverlays: false });
              return { id: n.id(), x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
            }),
          label: (id) => {
            const node = cy.getElementById(id);
            return node.empty() ? undefined : String(node.data("label"));
          },
          nodeStyle: (id, property) => {
            const node = cy.getElementById(id);
            return node.empty() ? undefined : String(node.style(property));
          },
          layoutRuns: () => ({ ...layoutRuns.current }),
          neighbourIds: (id) =>
            cy
              .getElementById(id)
              .neighborhood("node")
              .map((n) => n.id()),
          centreOn: (id) => {
            const node = cy.getElementById(id);
            if (node.empty()) return;
            cy.zoom(2);
            cy.center(node);
          },
          clientPosition: (id) => {
            const node = cy.getElementById(id);
            const box = container.current?.getBoundingClientRect();
            if (node.empty() || !box) return null;
            // An edge (asked for as "edge:" and its id) is found at the middle of its line.
            const p = node.isEdge() ? node.renderedMidpoint() : (node as NodeSingular).renderedPosition();
            return { x: box.left + p.x, y: box.top + p.y };
          },
        };
      }
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
      if (INSTALL_GRAPH_PROBE) delete window.kgxGraph;
    };
  }, []);

  const { nodes, edges, focus, layout, selected, selectedRelationship, language, positions, viewport, relayoutToken, restoreToken } = props;
  const lastRelayout = useRef(relayoutToken);
  const lastRestore = useRef(restoreToken);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !ready) return;
    const wanted = toElements(nodes, edges, focus, language);
    const wantedIds = new Set(wanted.map((e) => e.data.id as string));
    const wasEmpty = cy.nodes().empty();
    const newIds: string[] = [];
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!wantedIds.has(el.id())) el.remove();
      });
      for (const def of wanted) {
        if (def.group !== "nodes") continue;
        const id = def.data.id as string;
        const remembered = positions.get(positionKey(id));
        const existing = cy.getElementById(id);
        if (existing.nonempty()) {
          existing.classes(withTransientClasses(existing, def.classes as string[]));
          existing.data(def.data);
          // Back, Forward and undo bring their positions with them; otherwise they are where they are.
          const p = existing.position();
          if (remembered && !existing.grabbed() && (p.x !== remembered.x || p.y !== remembered.y)) existing.position({ ...remembered });
          continue;
        }
        // A node seen before (hidden, filtered out, or in a shared link) comes back where it was.
        if (remembered) cy.add({ ...def, position: { ...remembered } });
        else {
          cy.add(def);
          newIds.push(id);
        }
      }
      for (const def of wanted) {
        if (def.group !== "edges") continue;
        const existing = cy.getElementById(def.data.id as string);
        // An edge already drawn can come onto a path or into the time range.
        if (existing.nonempty()) existing.classes(withTransientClasses(existing, def.classes as string[]));
        else cy.add(def);
      }
    });

    const relayoutAsked = lastRelayout.current !== relayoutToken;
    const layoutChanged = lastLayout.current !== "" && lastLayout.current !== layout;
    const restoring = lastRestore.current !== restoreToken;
    lastRelayout.current = relayoutToken;
    lastRestore.current = restoreToken;
    lastLayout.current = layout;
    const nothingPlaced = newIds.length > 0 && newIds.length === cy.nodes().length;
    const box = container.current;
    const client = (layoutClient.current ??= new LayoutClient());
    const live = () => cyRef.current === cy && !cy.destroyed();
    const report = () => {
      if (!live()) return;
      roundPositions(cy);
      latest.current.onPositions(currentPositions(cy));
      latest.current.onViewport({ zoom: cy.zoom(), pan: { ...cy.pan() } });
      if (box) box.dataset.layout = "done";
    };

    if (cy.nodes().nonempty() && (relayoutAsked || layoutChanged || nothingPlaced)) {
      // The whole graph afresh: the first drawing of a view without positions, or on request.
      layoutRuns.current.full++;
      if (layout === "fcose" && cy.nodes().length >= WORKER_LAYOUT_MIN_NODES) {
        // fcose on this many nodes would freeze the page for seconds: the worker computes the
        // positions while the nodes stay drawn (spread out on a grid meanwhile, rather than
        // stacked on one spot), and the page can be used.
        if (box) box.dataset.layout = "running";
        cy.layout({ name: "grid", animate: false, fit: true, padding: FIT_PADDING }).run();
        void client.run(workerLayoutRequest(cy, false, new Set())).then(
          (outcome) => {
            if (outcome.kind === "superseded" || !live()) return;
            cy.batch(() => {
              for (const [id, x, y] of outcome.positions) {
                const node = cy.getElementById(id);
                if (node.nonempty() && !node.locked() && !node.grabbed()) node.position({ x, y });
              }
            });
            cy.fit(undefined, FIT_PADDING);
            limitZoom(cy);
            report();
          },
          (error: unknown) => {
            if (!live()) return;
            console.warn(`Laying the graph out on the page instead: ${error instanceof Error ? error.message : String(error)}`);
            runLayoutInPlace(cy, layout, focus, false);
            report();
          },
        );
      } else {
        client.cancel();
        runLayoutInPlace(cy, layout, focus, false);
        report();
      }
      return;
    }

    if (newIds.length > 0) {
      // The graph grew: everything drawn stays exactly where it is; the newcomers start on rings
      // around the nodes they came from and a short layout settles them among the fixed rest.
      layoutRuns.current.incremental++;
      const newSet = new Set(newIds);
      const fixedIds = cy
        .nodes()
        .map((n) => n.id())
        .filter((id) => !newSet.has(id));
      const fixedBefore = positionsOf(cy, fixedIds);
      const start = ringPlacement(
        newIds,
        fixedBefore,
        cy.edges().map((e) => ({ source: e.source().id(), target: e.target().id() })),
      );
      cy.batch(() => {
        for (const [id, p] of start) cy.getElementById(id).position({ ...p });
      });
      const finish = (after: ReadonlyMap<string, PlacementPoint>) => {
        applyNewcomers(cy, fixedBefore, after, newIds);
        keepNewcomersInView(cy, newIds);
        report();
      };
      if (cy.nodes().length >= WORKER_LAYOUT_MIN_NODES) {
        if (box) box.dataset.layout = "running";
        void client.run(workerLayoutRequest(cy, true, new Set(fixedIds))).then(
          (outcome) => {
            if (outcome.kind === "superseded" || !live()) return;
            finish(new Map(outcome.positions.map(([id, x, y]) => [id, { x, y }])));
          },
          (error: unknown) => {
            if (!live()) return;
            console.warn(`Placing the new nodes without a layout: ${error instanceof Error ? error.message : String(error)}`);
            finish(start);
          },
        );
      } else {
        client.cancel();
        const fixedNodeConstraint = [...fixedBefore].map(([nodeId, position]) => ({ nodeId, position: { ...position } }));
        cy.layout({ ...fcoseOptions(true), fit: false, ...(fixedNodeConstraint.length > 0 ? { fixedNodeConstraint } : {}) } as LayoutOptions).run();
        finish(positionsOf(cy, newIds));
      }
      return;
    }

    // Nothing new to place: a link or an earlier view shows its own zoom and pan.
    if (cy.nodes().nonempty() && (restoring || wasEmpty)) {
      if (viewport) cy.viewport({ zoom: viewport.zoom, pan: { ...viewport.pan } });
      else if (wasEmpty) {
        cy.fit(undefined, FIT_PADDING);
        limitZoom(cy);
      }
    }
    if (box && box.dataset.layout !== "running") box.dataset.layout = "done";
  }, [nodes, edges, focus, layout, ready, language, positions, viewport, relayoutToken, restoreToken]);

  useEffect(() => () => layoutClient.current?.dispose(), []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !ready) return;
    cy.batch(() => {
      cy.elements(".selected").removeClass("selected");
      if (selected) cy.getElementById(selected).addClass("selected");
      if (selectedRelationship) cy.getElementById(`edge:${selectedRelationship}`).addClass("selected");
    });
  }, [selected, selectedRelationship, nodes, edges, ready]);

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
