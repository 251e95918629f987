import { RELATIONSHIP_TYPES, type RelationshipTypeName } from "@kgx/domain";
import type { GraphEdge, GraphNode, Subgraph } from "./graph-data.ts";
import { entityTimeSpan, inRange, isRangeSet, relationshipTimeSpan } from "./time-range.ts";
import { encodeViewState, type Expansion, type ViewState } from "./view-state.ts";
import { jsonObject } from "./graphql.ts";

/**
 * Expansion bookkeeping: the graph on screen is the union of what the view asked the API for
 * (each opened entity, each expansion, the path), minus what is hidden or filtered out. Because
 * it is derived, undoing an expansion or collapsing a node removes exactly the entities that only
 * that expansion brought in.
 */

/** Keys of the API answers a view needs; the same key means the same request. */
export function expansionKey(e: Expansion): string {
  return `expand:${e.id}~${[...e.types].sort().join(".")}~${e.limit}`;
}
export function entityKey(id: string): string {
  return `entity:${id}`;
}
/**
 * The relationship types that join two entities only through an article: a path over them says
 * "both were named in one source", not that one had anything to do with the other.
 */
export const CO_MENTION_RELATIONSHIP_TYPES: readonly RelationshipTypeName[] = ["MENTIONS", "REPORTED_IN", "CITES"];

/**
 * The relationship types the path finder leaves out: the co-mentions unless the view allows them,
 * the relationship types the filters hide, and those whose every endpoint pair has a hidden entity
 * type (so a hidden Source or Statement is never a step of the path).
 */
export function pathExclusions(view: ViewState): RelationshipTypeName[] {
  const hiddenEntities = new Set<string>(view.hiddenEntityTypes);
  const excluded = new Set<RelationshipTypeName>(view.path?.viaArticles ? [] : CO_MENTION_RELATIONSHIP_TYPES);
  for (const spec of RELATIONSHIP_TYPES) {
    if (view.hiddenRelationshipTypes.includes(spec.name)) excluded.add(spec.name);
    else if (hiddenEntities.size > 0 && spec.endpoints.every(([a, b]) => hiddenEntities.has(a) || hiddenEntities.has(b))) excluded.add(spec.name);
  }
  return [...excluded].sort();
}

export function pathKey(from: string, to: string, excludeTypes: readonly string[] = [], excludeEntityTypes: readonly string[] = []): string {
  return `path:${from}~${to}${excludeTypes.length > 0 ? `~without:${excludeTypes.join("|")}` : ""}${excludeEntityTypes.length > 0 ? `~hiding:${excludeEntityTypes.join("|")}` : ""}`;
}

/** What the path finder asks the API for: the ends, the relationship types left out, and the entity types hidden. */
export interface PathRequest {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly excludeTypes: readonly RelationshipTypeName[];
  readonly excludeEntityTypes: readonly string[];
}

export function pathRequest(view: ViewState): PathRequest | undefined {
  if (!view.path) return undefined;
  const { from, to } = view.path;
  const excludeTypes = pathExclusions(view);
  // A hidden entity type is never passed through, not only left undrawn (see pathExclusions for relationships).
  const excludeEntityTypes = [...new Set(view.hiddenEntityTypes)].sort();
  return { key: pathKey(from, to, excludeTypes, excludeEntityTypes), from, to, excludeTypes, excludeEntityTypes };
}

/** The view's path with another of the paths found chosen; the first (0) is the default and is not written. */
export function withPathChoice(path: NonNullable<ViewState["path"]>, choice: number): NonNullable<ViewState["path"]> {
  const { choice: _previous, ...rest } = path;
  return choice > 0 ? { ...rest, choice } : rest;
}

/** One path the finder offers: the entities along it and the relationships between them, in order. */
export interface PathOption {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/**
 * The paths of an answer that the view can show, best first: those through an entity hidden on
 * its own are dropped, since the store is asked to avoid types, not single entities.
 */
function pathOptions(answer: Subgraph, hiddenNodes: ReadonlySet<string>): PathOption[] {
  const nodes = new Map(answer.nodes.map((n) => [n.id, n]));
  const edges = new Map(answer.edges.map((e) => [e.id, e]));
  const listed = answer.paths ?? [{ nodes: answer.nodes.map((n) => n.id), edges: answer.edges.map((e) => e.id) }];
  return listed.flatMap((p) => {
    if (p.nodes.some((id) => hiddenNodes.has(id))) return [];
    const pathNodes = p.nodes.flatMap((id) => nodes.get(id) ?? []);
    const pathEdges = p.edges.flatMap((id) => edges.get(id) ?? []);
    return pathNodes.length === p.nodes.length && pathEdges.length === p.edges.length ? [{ nodes: pathNodes, edges: pathEdges }] : [];
  });
}

/** What has been fetched: a subgraph per key, `null` when the API said the entity or path does not exist. */
export type LoadedAnswers = ReadonlyMap<string, Subgraph | null>;

export function requiredKeys(view: ViewState): string[] {
  return [...view.focus.map(entityKey), ...view.expansions.map(expansionKey), ...(view.path ? [pathRequest(view)?.key ?? ""] : [])];
}

export interface VisibleNode extends GraphNode {
  /** Outside the time range while the view fades rather than hides. */
  readonly fadedByTime: boolean;
  readonly onPath: boolean;
  readonly expanded: boolean;
}

export interface VisibleEdge extends GraphEdge {
  readonly fadedByTime: boolean;
  readonly onPath: boolean;
}

export interface ExpansionStatus {
  readonly id: string;
  readonly types: readonly string[];
  readonly shown: number;
  readonly total: number;
  readonly truncated: boolean;
}

export interface AssembledGraph {
  readonly nodes: readonly VisibleNode[];
  readonly edges: readonly VisibleEdge[];
  /** Every node the view reached before filters, for legends, counts and the date bounds. */
  readonly allNodes: readonly GraphNode[];
  readonly allEdges: readonly GraphEdge[];
  /** Opened ids the API does not know. */
  readonly unknownIds: readonly string[];
  readonly expansionStatus: readonly ExpansionStatus[];
  /** Null when the path was looked up and there is none; undefined when no path was asked for. */
  readonly path: { readonly nodes: readonly string[]; readonly edges: readonly string[] } | null | undefined;
  /** Every path found that the view can show, best first; `path` is the chosen one of them. */
  readonly pathOptions: readonly PathOption[];
  readonly chosenPath: number;
  /** Keys still being fetched. */
  readonly pending: readonly string[];
}

export function assembleGraph(view: ViewState, loaded: LoadedAnswers): AssembledGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const pending: string[] = [];
  const unknownIds: string[] = [];
  const add = (sub: Subgraph) => {
    for (const n of sub.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of sub.edges) if (!edges.has(e.id)) edges.set(e.id, e);
  };
  for (const id of view.focus) {
    const answer = loaded.get(entityKey(id));
    if (answer === undefined) pending.push(entityKey(id));
    else if (answer === null) unknownIds.push(id);
    else add(answer);
  }
  const expansionStatus: ExpansionStatus[] = [];
  for (const e of view.expansions) {
    const answer = loaded.get(expansionKey(e));
    if (answer === undefined) pending.push(expansionKey(e));
    else if (answer === null) {
      if (!unknownIds.includes(e.id)) unknownIds.push(e.id);
    } else {
      add(answer);
      expansionStatus.push({
        id: e.id,
        types: e.types,
        shown: Math.max(0, answer.nodes.length - 1),
        total: answer.totalNeighbors,
        truncated: answer.truncated,
      });
    }
  }
  let path: AssembledGraph["path"];
  let options: PathOption[] = [];
  let chosenPath = 0;
  const request = pathRequest(view);
  if (request) {
    const answer = loaded.get(request.key);
    if (answer === undefined) pending.push(request.key);
    else if (answer === null) path = null;
    else {
      options = pathOptions(answer, new Set(view.hiddenNodes));
      chosenPath = Math.min(view.path?.choice ?? 0, Math.max(0, options.length - 1));
      const chosen = options[chosenPath];
      if (!chosen) path = null;
      else {
        // Only the chosen path joins the graph; the others are listed in the path finder to choose from.
        add({ nodes: chosen.nodes, edges: chosen.edges, truncated: false, totalNeighbors: chosen.edges.length });
        path = { nodes: chosen.nodes.map((n) => n.id), edges: chosen.edges.map((e) => e.id) };
      }
    }
  }

  const range = { from: view.from, to: view.to };
  const timed = isRangeSet(range);
  const hiddenNodes = new Set(view.hiddenNodes);
  const hiddenTypes = new Set(view.hiddenEntityTypes);
  const hiddenRels = new Set(view.hiddenRelationshipTypes);
  const pathNodes = new Set(path?.nodes ?? []);
  const pathEdges = new Set(path?.edges ?? []);
  const expandedIds = new Set(view.expansions.map((e) => e.id));

  const visibleNodes: VisibleNode[] = [];
  for (const n of nodes.values()) {
    if (hiddenNodes.has(n.id) || hiddenTypes.has(n.type)) continue;
    const outside = timed && !inRange(entityTimeSpan(n.type, jsonObject(n.properties)), range);
    if (outside && !view.fadeOutsideTime) continue;
    visibleNodes.push({ ...n, fadedByTime: outside, onPath: pathNodes.has(n.id), expanded: expandedIds.has(n.id) });
  }
  const shown = new Set(visibleNodes.map((n) => n.id));
  const fadedNodes = new Set(visibleNodes.filter((n) => n.fadedByTime).map((n) => n.id));
  const visibleEdges: VisibleEdge[] = [];
  for (const e of edges.values()) {
    if (hiddenRels.has(e.type) || !shown.has(e.source) || !shown.has(e.target)) continue;
    const outside = timed && !inRange(relationshipTimeSpan(jsonObject(e.properties)), range);
    if (outside && !view.fadeOutsideTime) continue;
    visibleEdges.push({ ...e, fadedByTime: outside || fadedNodes.has(e.source) || fadedNodes.has(e.target), onPath: pathEdges.has(e.id) });
  }
  return {
    nodes: visibleNodes,
    edges: visibleEdges,
    allNodes: [...nodes.values()],
    allEdges: [...edges.values()],
    unknownIds,
    expansionStatus,
    path,
    pathOptions: options,
    chosenPath,
    pending,
  };
}

/** The visible subgraph as a JSON document: the view's address, then every entity and relationship shown. */
export function exportVisibleGraph(view: ViewState, graph: AssembledGraph): string {
  return JSON.stringify(
    {
      view: encodeViewState(view),
      nodes: graph.nodes.map(({ id, type, name, properties }) => ({ id, type, name, properties })),
      edges: graph.edges.map(({ id, type, source, target, claim, properties, sources }) => ({
        id,
        type,
        source,
        target,
        claim,
        properties,
        sources: sources.map((s) => ({ id: s.id, title: s.title, url: s.url, publishedAt: s.publishedAt })),
      })),
    },
    null,
    2,
  );
}
