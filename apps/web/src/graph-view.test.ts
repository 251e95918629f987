import { describe, expect, it } from "vitest";
import type { GraphEdge, GraphNode, Subgraph } from "./graph-data.ts";
import { assembleGraph, entityKey, expansionKey, exportVisibleGraph, pathExclusions, pathKey, requiredKeys, type LoadedAnswers } from "./graph-view.ts";
import { EMPTY_VIEW, collapse, expand, hideNode, openEntity, toggleRelationshipType, type ViewState } from "./view-state.ts";
import { pushView, startHistory, undo } from "./view-history.ts";

const node = (id: string, type = "Organization", properties: Record<string, unknown> = {}): GraphNode => ({
  id,
  name: id.toUpperCase(),
  nameJa: null,
  type,
  properties,
});
const edge = (id: string, type: string, source: string, target: string, properties: Record<string, unknown> = {}): GraphEdge => ({
  id,
  type,
  source,
  target,
  claim: null,
  properties,
  sources: [],
  citations: [],
});
const sub = (nodes: GraphNode[], edges: GraphEdge[], totalNeighbors = nodes.length - 1): Subgraph => ({
  nodes,
  edges,
  truncated: totalNeighbors > nodes.length - 1,
  totalNeighbors,
});

const NVIDIA = node("nvidia");
const HUAWEI = node("huawei");
const RESUMPTION = node("resumption", "Policy", { effectiveFrom: "2025-07-01" });
const SMIC = node("smic");

function answers(view: ViewState): LoadedAnswers {
  const all = new Map<string, Subgraph | null>([
    [entityKey("nvidia"), sub([NVIDIA], [])],
    [entityKey("ghost"), null],
    [
      expansionKey({ id: "nvidia", types: [], limit: 100 }),
      sub(
        [NVIDIA, HUAWEI, RESUMPTION],
        [edge("n-h", "COMPETES_WITH", "nvidia", "huawei"), edge("r-n", "TARGETS", "resumption", "nvidia", { validFrom: "2025-07-01" })],
        40,
      ),
    ],
    [
      expansionKey({ id: "huawei", types: [], limit: 100 }),
      sub([HUAWEI, NVIDIA, SMIC], [edge("n-h", "COMPETES_WITH", "nvidia", "huawei"), edge("s-h", "MANUFACTURES", "smic", "huawei")]),
    ],
    [
      pathKey("smic", "nvidia", ["CITES", "MENTIONS", "REPORTED_IN"]),
      sub([SMIC, HUAWEI, NVIDIA], [edge("s-h", "MANUFACTURES", "smic", "huawei"), edge("n-h", "COMPETES_WITH", "nvidia", "huawei")]),
    ],
  ]);
  return new Map(requiredKeys(view).flatMap((key) => (all.has(key) ? [[key, all.get(key) ?? null] as const] : [])));
}

const ids = (view: ViewState) =>
  assembleGraph(view, answers(view))
    .nodes.map((n) => n.id)
    .sort();

describe("assembling the view's graph", () => {
  const opened = openEntity(EMPTY_VIEW, "nvidia");

  it("unions the opened entity and its expansions, each node and edge once", () => {
    const view = expand(opened, "huawei");
    const graph = assembleGraph(view, answers(view));
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(["huawei", "nvidia", "resumption", "smic"]);
    expect(graph.edges.map((e) => e.id).sort()).toEqual(["n-h", "r-n", "s-h"]);
    expect(graph.nodes.find((n) => n.id === "huawei")?.expanded).toBe(true);
  });

  it("reports capped expansions as 'showing N of M'", () => {
    const graph = assembleGraph(opened, answers(opened));
    expect(graph.expansionStatus).toEqual([{ id: "nvidia", types: [], shown: 2, total: 40, truncated: true }]);
  });

  it("removes on undo and on collapse exactly what the expansion brought in", () => {
    const history = pushView(startHistory(opened), expand(opened, "huawei"));
    expect(ids(history.present)).toContain("smic");
    expect(ids(undo(history).present)).toEqual(["huawei", "nvidia", "resumption"]);
    expect(ids(collapse(history.present, "huawei"))).toEqual(["huawei", "nvidia", "resumption"]);
  });

  it("lists what is still loading and what does not exist", () => {
    const view = { ...openEntity(EMPTY_VIEW, "ghost"), focus: ["ghost", "nvidia"] };
    const graph = assembleGraph(view, answers(view));
    expect(graph.unknownIds).toEqual(["ghost"]);
    expect(graph.pending).toEqual([expansionKey({ id: "ghost", types: [], limit: 100 })]);
  });

  it("hides nodes, their edges, and relationship types", () => {
    const hidden = hideNode(opened, "huawei");
    const graph = assembleGraph(hidden, answers(hidden));
    expect(graph.nodes.map((n) => n.id)).not.toContain("huawei");
    expect(graph.edges.map((e) => e.id)).toEqual(["r-n"]);
    const noTargets = toggleRelationshipType(opened, "TARGETS");
    expect(assembleGraph(noTargets, answers(noTargets)).edges.map((e) => e.id)).toEqual(["n-h"]);
  });

  it("hides, or fades, what falls outside the time range", () => {
    const before = { ...opened, to: "2025-06-30" };
    expect(ids(before)).toEqual(["huawei", "nvidia"]);
    const faded = assembleGraph({ ...before, fadeOutsideTime: true }, answers(before));
    expect(faded.nodes.filter((n) => n.fadedByTime).map((n) => n.id)).toEqual(["resumption"]);
    expect(faded.edges.find((e) => e.id === "r-n")?.fadedByTime).toBe(true);
  });

  it("marks the path's nodes and edges", () => {
    const view = { ...EMPTY_VIEW, path: { from: "smic", to: "nvidia" } };
    const graph = assembleGraph(view, answers(view));
    expect(graph.path).toEqual({ nodes: ["smic", "huawei", "nvidia"], edges: ["s-h", "n-h"] });
    expect(graph.nodes.every((n) => n.onPath)).toBe(true);
  });

  it("exports the visible subgraph with the view's address", () => {
    const view = { ...opened, to: "2025-06-30" };
    const exported = JSON.parse(exportVisibleGraph(view, assembleGraph(view, answers(view)))) as {
      view: string;
      nodes: { id: string }[];
      edges: { id: string }[];
    };
    expect(exported.view).toBe("focus=nvidia&expand=nvidia&to=2025-06-30&sel=nvidia");
    expect(exported.nodes.map((n) => n.id)).toEqual(["nvidia", "huawei"]);
    expect(exported.edges.map((e) => e.id)).toEqual(["n-h"]);
  });
});

describe("undo history", () => {
  it("keeps at most 50 steps and undoes one at a time", () => {
    let history = startHistory(0);
    for (let i = 1; i <= 60; i++) history = pushView(history, i);
    expect(history.past).toHaveLength(50);
    expect(undo(history).present).toBe(59);
    expect(undo(startHistory(1)).present).toBe(1);
  });
});

describe("what the path finder leaves out", () => {
  const path = { from: "donald-trump", to: "huawei" };

  it("leaves out co-mentions by default, and nothing once paths through an article are allowed", () => {
    expect(pathExclusions({ ...EMPTY_VIEW, path })).toEqual(["CITES", "MENTIONS", "REPORTED_IN"]);
    expect(pathExclusions({ ...EMPTY_VIEW, path: { ...path, viaArticles: true } })).toEqual([]);
  });

  it("follows the filters: hidden relationship types, and the types that only ever touch a hidden entity type", () => {
    const view: ViewState = {
      ...EMPTY_VIEW,
      path: { ...path, viaArticles: true },
      hiddenRelationshipTypes: ["COMPETES_WITH"],
      hiddenEntityTypes: ["Statement"],
    };
    const excluded = pathExclusions(view);
    expect(excluded).toContain("COMPETES_WITH");
    // SAID, ABOUT and REPORTED_IN always have a Statement at one end; LEADS never does.
    expect(excluded).toEqual(expect.arrayContaining(["SAID", "REPORTED_IN"]));
    expect(excluded).not.toContain("LEADS");
    expect(excluded).not.toContain("MENTIONS");
  });

  it("asks again when what is left out changes", () => {
    const strict = requiredKeys({ ...EMPTY_VIEW, path });
    const loose = requiredKeys({ ...EMPTY_VIEW, path: { ...path, viaArticles: true } });
    expect(strict).not.toEqual(loose);
  });
});
