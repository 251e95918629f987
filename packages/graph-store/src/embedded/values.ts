import type { GraphNode, GraphPath, GraphRelationship, JsonValue, ResultValue } from "../port.ts";

/**
 * Conversion of Kùzu's JavaScript values into the port's result shape. Kùzu hands back nodes as
 * objects with `_label`/`_id`, relationships with internal `_src`/`_dst` ids, paths as
 * `{_nodes, _rels}`, dates as `Date`, and large integers as `bigint`.
 */

export interface KuzuInternalId {
  readonly offset: number;
  readonly table: number;
}

export function internalIdKey(id: KuzuInternalId): string {
  return `${id.table}:${id.offset}`;
}

/** Maps engine-internal node ids to entity ids, so relationships can name their endpoints. */
export type EndpointIndex = Map<string, string>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function isKuzuNode(value: unknown): value is Record<string, unknown> & { _label: string; _id: KuzuInternalId } {
  return isObject(value) && "_label" in value && "_id" in value && !("_src" in value) && isObject(value["_id"]);
}

export function isKuzuRel(value: unknown): value is Record<string, unknown> & { _label: string; _src: KuzuInternalId; _dst: KuzuInternalId } {
  return isObject(value) && "_src" in value && "_dst" in value;
}

export function isKuzuPath(value: unknown): value is { _nodes: unknown[]; _rels: unknown[] } {
  return isObject(value) && Array.isArray(value["_nodes"]) && Array.isArray(value["_rels"]);
}

/** A `DATE` arrives as midnight UTC; show it as the calendar day. Other instants keep their time. */
export function dateToJson(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

export function scalarToJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return dateToJson(value);
  if (Array.isArray(value)) return value.map(scalarToJson);
  if (isObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scalarToJson(v);
    return out;
  }
  return String(value);
}

/** Properties without engine fields, the id, and nulls (a node read through an unlabeled match carries every table's columns). */
function cleanProperties(raw: Record<string, unknown>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("_") || key === "id" || value === null || value === undefined) continue;
    out[key] = scalarToJson(value);
  }
  return out;
}

export function toGraphNode(raw: Record<string, unknown> & { _label: string; _id: KuzuInternalId }, index?: EndpointIndex): GraphNode {
  const id = String(raw["id"]);
  index?.set(internalIdKey(raw._id), id);
  return { kind: "node", id, type: raw._label, properties: cleanProperties(raw) };
}

export function toGraphRelationship(
  raw: Record<string, unknown> & { _label: string; _src: KuzuInternalId; _dst: KuzuInternalId },
  index: EndpointIndex,
): GraphRelationship {
  const source = index.get(internalIdKey(raw._src));
  const target = index.get(internalIdKey(raw._dst));
  return {
    kind: "relationship",
    id: raw["id"] === null || raw["id"] === undefined ? `${internalIdKey(raw._src)}>${internalIdKey(raw._dst)}` : String(raw["id"]),
    type: raw._label,
    source: source ?? internalIdKey(raw._src),
    target: target ?? internalIdKey(raw._dst),
    properties: cleanProperties(raw),
  };
}

export function toGraphPath(raw: { _nodes: unknown[]; _rels: unknown[] }, index: EndpointIndex): GraphPath {
  const nodes = raw._nodes.filter(isKuzuNode).map((n) => toGraphNode(n, index));
  const relationships = raw._rels.filter(isKuzuRel).map((r) => toGraphRelationship(r, index));
  return { kind: "path", nodes, relationships };
}

/** Registers every node found anywhere in a value, so relationships elsewhere in the same result can be resolved. */
export function collectNodes(value: unknown, index: EndpointIndex): void {
  if (isKuzuNode(value)) {
    index.set(internalIdKey(value._id), String(value["id"]));
  } else if (isKuzuPath(value)) {
    for (const n of value._nodes) collectNodes(n, index);
  } else if (Array.isArray(value)) {
    for (const v of value) collectNodes(v, index);
  } else if (isObject(value) && !isKuzuRel(value)) {
    for (const v of Object.values(value)) collectNodes(v, index);
  }
}

/** Internal ids of relationship endpoints that no node in the result names. */
export function unresolvedEndpoints(value: unknown, index: EndpointIndex, out: Map<string, KuzuInternalId>): void {
  if (isKuzuRel(value)) {
    for (const end of [value._src, value._dst]) if (!index.has(internalIdKey(end))) out.set(internalIdKey(end), end);
  } else if (isKuzuPath(value)) {
    for (const r of value._rels) unresolvedEndpoints(r, index, out);
  } else if (Array.isArray(value)) {
    for (const v of value) unresolvedEndpoints(v, index, out);
  } else if (isObject(value) && !isKuzuNode(value)) {
    for (const v of Object.values(value)) unresolvedEndpoints(v, index, out);
  }
}

export function toResultValue(value: unknown, index: EndpointIndex): ResultValue {
  if (isKuzuNode(value)) return toGraphNode(value, index);
  if (isKuzuRel(value)) return toGraphRelationship(value, index);
  if (isKuzuPath(value)) return toGraphPath(value, index);
  if (Array.isArray(value)) return value.map((v) => toResultValue(v, index));
  if (isObject(value)) {
    const out: Record<string, ResultValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toResultValue(v, index);
    return out;
  }
  return scalarToJson(value);
}
