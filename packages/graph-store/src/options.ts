import { isIsoDate, isRelationshipTypeName, RELATIONSHIP_TYPES } from "@kgx/domain";
import { GraphStoreError } from "./errors.ts";
import type { Direction, GraphNode, GraphRelationship, ShortestPathOptions } from "./port.ts";

/**
 * Option checks and orderings both adapters share, so that the same input is refused with the
 * same message and the same answer comes back in the same order whichever backend serves it.
 */

export interface WholeNumberBounds {
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
}

export const BOUNDS = {
  searchLimit: { fallback: 10, min: 1, max: 100 },
  neighborLimit: { fallback: 100, min: 1, max: 10_000 },
  neighborDepth: { fallback: 1, min: 1, max: 3 },
  offset: { fallback: 0, min: 0, max: 10_000_000 },
  pageLimit: { fallback: 50, min: 1, max: 10_000 },
  maxHops: { fallback: 6, min: 1, max: 10 },
  pathCount: { fallback: 1, min: 1, max: 10 },
  rowLimit: { fallback: 1000, min: 1, max: 100_000 },
  timeoutMs: { fallback: 10_000, min: 1, max: 600_000 },
} as const satisfies Record<string, WholeNumberBounds>;

export function wholeNumber(value: number | undefined, bounds: WholeNumberBounds, field: string): number {
  if (value === undefined) return bounds.fallback;
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new GraphStoreError("INVALID_INPUT", `${field} must be a whole number from ${bounds.min} to ${bounds.max}, got ${value}`, {
      location: { field },
    });
  }
  return value;
}

/** Unknown type names are refused rather than matching nothing, so a typo does not read as "no results". */
export function knownTypes(types: readonly string[] | undefined, isKnown: (name: string) => boolean, field: string): string[] {
  const list = [...new Set(types ?? [])];
  for (const type of list) {
    if (!isKnown(type)) throw new GraphStoreError("INVALID_INPUT", `${field}: unknown type "${type}"`, { location: { field } });
  }
  return list;
}

/**
 * The relationship types a path may use: undefined for every type, else the named types (or all
 * of the model's) less the excluded ones, which may leave none.
 */
export function pathRelationshipTypes(options: ShortestPathOptions): string[] | undefined {
  const only = knownTypes(options.relationshipTypes, isRelationshipTypeName, "relationshipTypes");
  const excluded = new Set(knownTypes(options.excludeRelationshipTypes, isRelationshipTypeName, "excludeRelationshipTypes"));
  if (only.length === 0 && excluded.size === 0) return undefined;
  const candidates = only.length > 0 ? only : RELATIONSHIP_TYPES.map((t) => t.name);
  return candidates.filter((type) => !excluded.has(type));
}

export function checkDirection(direction: string | undefined): Direction {
  const value = direction ?? "both";
  if (value !== "out" && value !== "in" && value !== "both") {
    throw new GraphStoreError("INVALID_INPUT", `direction must be out, in or both, got "${value}"`, { location: { field: "direction" } });
  }
  return value;
}

export function checkDate(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  // The model's own rule, so both backends refuse the same dates (2025-02-29 included) alike.
  if (typeof value !== "string" || !isIsoDate(value)) {
    throw new GraphStoreError("INVALID_INPUT", `${field} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`, { location: { field } });
  }
  return value;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new GraphStoreError("CANCELLED", "Stopped on request; nothing of this write was kept.");
}

/** Code-point order, not locale order, so both backends (and every machine) sort alike. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareByNameThenId(a: GraphNode, b: GraphNode): number {
  return compareText(String(a.properties["name"] ?? ""), String(b.properties["name"] ?? "")) || compareText(a.id, b.id);
}

export function relationshipKey(rel: GraphRelationship): string {
  return `${rel.type}:${rel.id}:${rel.source}:${rel.target}`;
}

export function compareRelationships(a: GraphRelationship, b: GraphRelationship): number {
  return compareText(a.type, b.type) || compareText(a.id, b.id) || compareText(a.source, b.source) || compareText(a.target, b.target);
}

/**
 * Whether a relationship among the returned entities of a deeper neighbourhood was crossed on the
 * way out: one end is fewer than `depth` hops from the centre (the source for `out`, the target
 * for `in`). `distance` holds every returned entity's hop count, the centre at 0.
 */
export function crossedWhileExpanding(rel: GraphRelationship, distance: ReadonlyMap<string, number>, direction: Direction, depth: number): boolean {
  const from = distance.get(rel.source) ?? Number.POSITIVE_INFINITY;
  const to = distance.get(rel.target) ?? Number.POSITIVE_INFINITY;
  if (direction === "out") return from < depth;
  if (direction === "in") return to < depth;
  return Math.min(from, to) < depth;
}

/**
 * How deeply a query parameter may nest lists and maps. Kùzu converts nested maps in time that
 * grows steeply with depth (minutes at 1000 levels, with the process blocked), and recursive
 * checks of a deep value overflow the stack; no real query needs more than a few levels.
 */
export const MAX_PARAM_DEPTH = 32;

/** Refuses parameters nested deeper than MAX_PARAM_DEPTH; walks with its own stack, so any depth is safe to check. */
export function checkParamDepth(params: Readonly<Record<string, unknown>>): void {
  const pending: { value: unknown; depth: number; path: string }[] = Object.entries(params).map(([name, value]) => ({ value, depth: 0, path: `$${name}` }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== "object") continue;
    const depth = next.depth + 1;
    if (depth > MAX_PARAM_DEPTH) {
      throw new GraphStoreError("INVALID_INPUT", `${next.path} nests lists and maps more than ${MAX_PARAM_DEPTH} levels deep.`, {
        location: { field: next.path },
      });
    }
    // The path names the first branch that is too deep, which is enough to find it.
    if (Array.isArray(next.value)) next.value.forEach((child, index) => pending.push({ value: child, depth, path: `${next.path}[${index}]` }));
    else for (const [key, child] of Object.entries(next.value)) pending.push({ value: child, depth, path: `${next.path}.${key}` });
  }
}
