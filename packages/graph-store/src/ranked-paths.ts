import { isEntityTypeName } from "@kgx/domain";
import { GraphStoreError } from "./errors.ts";
import { BOUNDS, compareText, knownTypes, pathRelationshipTypes, wholeNumber } from "./options.ts";
import type { GraphNode, GraphPath, GraphRelationship, RelationshipPage, RelationshipPageOptions, ShortestPathsOptions } from "./port.ts";

/**
 * The k shortest simple paths between two entities, ranked the same way on every backend.
 *
 * Kùzu's `ALL SHORTEST` and Neo4j's `allShortestPaths` return only paths of the least length and
 * each in its own order, so neither gives "the next best" path nor the same tie-break. Both
 * adapters therefore answer through this one search over two calls of the port they already
 * pass the contract for (`relationshipsOfMany`, `getEntities`): the same graph read gives the
 * same paths in the same order.
 *
 * The search grows a breadth-first ball around the target, one hop at a time, so it knows every
 * entity's distance to the target up to the length being enumerated. Paths of that length are then
 * walked depth-first from the source, neighbours in id order, and a step is taken only when the
 * neighbour can still reach the target in the hops left: the walk finds paths in ranked order
 * (length, then the ids of the entities along the way, then relationship type and id) and stops
 * once it has k of them, without listing every path of the graph.
 */

export interface PathGraphReader {
  getEntities(ids: readonly string[]): Promise<GraphNode[]>;
  relationshipsOfMany(ids: readonly string[], options?: RelationshipPageOptions): Promise<Map<string, RelationshipPage>>;
}

interface Step {
  readonly rel: GraphRelationship;
  readonly next: string;
}

/** How many relationships of one entity a path search reads: the page limit's ceiling. */
const RELATIONSHIPS_PER_ENTITY = BOUNDS.pageLimit.max;

function compareSteps(a: Step, b: Step): number {
  return compareText(a.next, b.next) || compareText(a.rel.type, b.rel.type) || compareText(a.rel.id, b.rel.id);
}

export async function rankedShortestPaths(reader: PathGraphReader, fromId: string, toId: string, options: ShortestPathsOptions = {}): Promise<GraphPath[]> {
  const k = wholeNumber(options.k, BOUNDS.pathCount, "k");
  const maxHops = wholeNumber(options.maxHops, BOUNDS.maxHops, "maxHops");
  const relationshipTypes = pathRelationshipTypes(options);
  const hiddenTypes = new Set(knownTypes(options.excludeEntityTypes, isEntityTypeName, "excludeEntityTypes"));
  for (const [id, field] of [
    [fromId, "from"],
    [toId, "to"],
  ] as const) {
    if (typeof id !== "string" || id === "") throw new GraphStoreError("INVALID_INPUT", `${field} must be an entity id`, { location: { field } });
  }

  const nodes = new Map((await reader.getEntities([fromId, toId])).map((node) => [node.id, node]));
  const from = nodes.get(fromId);
  const to = nodes.get(toId);
  if (!from) throw new GraphStoreError("NOT_FOUND", `No entity with id "${fromId}".`, { location: { field: "from" } });
  if (!to) throw new GraphStoreError("NOT_FOUND", `No entity with id "${toId}".`, { location: { field: "to" } });
  // An end of a hidden type cannot be shown, so no path to it can be either.
  if (hiddenTypes.has(from.type) || hiddenTypes.has(to.type)) return [];
  if (fromId === toId) return [{ kind: "path", nodes: [from], relationships: [] }];
  if (relationshipTypes?.length === 0) return [];

  const steps = new Map<string, Step[]>();
  async function loadSteps(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !steps.has(id));
    if (missing.length === 0) return;
    const pages = await reader.relationshipsOfMany(missing, { relationshipTypes, limit: RELATIONSHIPS_PER_ENTITY });
    const unseen = new Set<string>();
    for (const page of pages.values()) {
      for (const rel of page.relationships) {
        for (const end of [rel.source, rel.target]) if (!nodes.has(end)) unseen.add(end);
      }
    }
    if (unseen.size > 0) for (const node of await reader.getEntities([...unseen])) nodes.set(node.id, node);
    for (const id of missing) {
      const out: Step[] = [];
      for (const rel of pages.get(id)?.relationships ?? []) {
        const next = rel.source === id ? rel.target : rel.source;
        const node = nodes.get(next);
        // A self-loop never belongs to a simple path; a hidden entity is never passed through.
        if (next === id || !node || hiddenTypes.has(node.type)) continue;
        out.push({ rel, next });
      }
      steps.set(id, out.sort(compareSteps));
    }
  }

  const distanceToTarget = new Map<string, number>([[toId, 0]]);
  let frontier = [toId];
  const found: GraphPath[] = [];
  for (let length = 1; length <= maxHops && found.length < k; length++) {
    await loadSteps(frontier);
    const next: string[] = [];
    for (const id of frontier) {
      for (const step of steps.get(id) ?? []) {
        if (distanceToTarget.has(step.next)) continue;
        distanceToTarget.set(step.next, length);
        next.push(step.next);
      }
    }
    frontier = next;
    if (!distanceToTarget.has(fromId)) continue;
    await walk(length, k - found.length);
  }
  return found;

  /** Appends to `found`, in ranked order, up to `wanted` simple paths of exactly `length` hops. */
  async function walk(length: number, wanted: number): Promise<void> {
    const pathIds = [fromId];
    const pathRels: GraphRelationship[] = [];
    const onPath = new Set(pathIds);
    let taken = 0;
    async function extend(at: string): Promise<boolean> {
      const depth = pathRels.length;
      if (depth === length) {
        if (at !== toId) return false;
        found.push({ kind: "path", nodes: pathIds.map((id) => nodes.get(id) as GraphNode), relationships: [...pathRels] });
        taken++;
        return taken >= wanted;
      }
      await loadSteps([at]);
      for (const step of steps.get(at) ?? []) {
        if (onPath.has(step.next)) continue;
        const left = distanceToTarget.get(step.next);
        if (left === undefined || depth + 1 + left > length) continue;
        // The target ends a path; passing through it would not be a path to it.
        if (step.next === toId && depth + 1 < length) continue;
        pathIds.push(step.next);
        pathRels.push(step.rel);
        onPath.add(step.next);
        const done = await extend(step.next);
        onPath.delete(step.next);
        pathRels.pop();
        pathIds.pop();
        if (done) return true;
      }
      return false;
    }
    await extend(fromId);
  }
}
