import { isEntityTypeName, NEO4J_SEARCH_KEY, type PropertyValue } from "@kgx/domain";
import {
  int,
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
  isUnboundRelationship,
  isUnsupportedType,
  isUUID,
  isVector,
  type Integer,
  type Node,
  type Path,
  type Relationship,
} from "neo4j-driver";
import { GraphStoreError } from "../errors.ts";
import type { GraphNode, GraphPath, GraphRelationship, JsonValue, ResultValue } from "../port.ts";

/**
 * Conversions between the driver's values and the port's shapes. The driver returns 64-bit
 * `Integer` objects, its own temporal classes and graph elements that know each other only by
 * element id; the port promises JSON-safe values and entity ids.
 */

/** The shared label every entity carries beside its type label. */
export const ENTITY_LABEL = "Entity";

export type EntityIdsByElementId = ReadonlyMap<string, string>;

function integerToJson(value: Integer | bigint): number | string {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  return value.inSafeRange() ? value.toNumber() : value.toString();
}

function isPlainMap(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A property or scalar result value as JSON: safe integers as numbers, dates as `YYYY-MM-DD`, other temporals as ISO 8601. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      // NaN and the infinities have no JSON form; their names survive a round trip through JSON.
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return integerToJson(value);
    case "object":
      break;
    default:
      return String(value);
  }
  if (isInt(value)) return integerToJson(value);
  // Neo4j's Date prints as YYYY-MM-DD; DateTime, LocalDateTime, Time, LocalTime and Duration as ISO 8601.
  if (isDate(value) || isDateTime(value) || isLocalDateTime(value) || isTime(value) || isLocalTime(value) || isDuration(value)) {
    return value.toString();
  }
  if (isPoint(value)) {
    const point: Record<string, JsonValue> = { srid: integerToJson(value.srid as Integer), x: value.x, y: value.y };
    if (value.z !== undefined) point["z"] = value.z;
    return point;
  }
  if (isVector(value)) return Array.from(value.asTypedArray() as ArrayLike<number | bigint>, (item) => toJsonValue(item));
  if (isUUID(value) || isUnsupportedType(value)) return value.toString();
  if (isNode(value) || isRelationship(value) || isUnboundRelationship(value) || isPath(value)) {
    throw new TypeError("graph elements are converted by toResultValue, not toJsonValue");
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  // Byte arrays arrive as Int8Array.
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (isPlainMap(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
  return String(value);
}

/** Every non-null property except `id` and the store's own search key, as JSON. */
export function propertiesToJson(properties: Readonly<Record<string, unknown>>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (key === "id" || key === NEO4J_SEARCH_KEY || value === null || value === undefined) continue;
    out[key] = toJsonValue(value);
  }
  return out;
}

/** The entity type among a node's labels: a type of the domain model first, else any label but `Entity`. */
export function entityTypeOfLabels(labels: readonly string[]): string {
  return labels.find((label) => isEntityTypeName(label)) ?? labels.find((label) => label !== ENTITY_LABEL) ?? ENTITY_LABEL;
}

function entityIdOf(properties: Readonly<Record<string, unknown>>): string {
  const id = toJsonValue(properties["id"]);
  return id === null ? "" : typeof id === "string" ? id : JSON.stringify(id);
}

export function toGraphNode(node: Node): GraphNode {
  return {
    kind: "node",
    id: entityIdOf(node.properties),
    type: entityTypeOfLabels(node.labels),
    properties: propertiesToJson(node.properties),
  };
}

/** `source` and `target` are the entity ids of the relationship's start and end node, which the driver does not carry. */
export function toGraphRelationship(relationship: Relationship, source: string, target: string): GraphRelationship {
  return {
    kind: "relationship",
    id: entityIdOf(relationship.properties),
    type: relationship.type,
    source,
    target,
    properties: propertiesToJson(relationship.properties),
  };
}

export function toGraphPath(path: Path): GraphPath {
  const nodes = [path.start, ...path.segments.map((segment) => segment.end)];
  const ids = new Map(nodes.map((node) => [node.elementId, entityIdOf(node.properties)]));
  return {
    kind: "path",
    nodes: nodes.map(toGraphNode),
    relationships: path.segments.map(({ relationship }) =>
      toGraphRelationship(relationship, ids.get(relationship.startNodeElementId) ?? "", ids.get(relationship.endNodeElementId) ?? ""),
    ),
  };
}

/**
 * Walks a result value and records which nodes it carries (element id → entity id) and which
 * relationship ends it refers to, so that ends not in the result can be looked up in one query.
 */
export function collectElementIds(value: unknown, known: Map<string, string>, wanted: Set<string>): void {
  if (value === null || typeof value !== "object") return;
  if (isNode(value)) {
    known.set(value.elementId, entityIdOf(value.properties));
  } else if (isRelationship(value)) {
    wanted.add(value.startNodeElementId);
    wanted.add(value.endNodeElementId);
  } else if (isPath(value)) {
    for (const node of [value.start, ...value.segments.map((segment) => segment.end)]) {
      known.set(node.elementId, entityIdOf(node.properties));
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectElementIds(item, known, wanted);
  } else if (isPlainMap(value)) {
    for (const item of Object.values(value)) collectElementIds(item, known, wanted);
  }
}

/** A cell of a user query's result in the port's shape. */
export function toResultValue(value: unknown, entityIds: EntityIdsByElementId): ResultValue {
  if (value !== null && typeof value === "object") {
    if (isNode(value)) return toGraphNode(value);
    if (isRelationship(value)) {
      return toGraphRelationship(value, entityIds.get(value.startNodeElementId) ?? "", entityIds.get(value.endNodeElementId) ?? "");
    }
    if (isPath(value)) return toGraphPath(value);
    if (Array.isArray(value)) return value.map((item) => toResultValue(item, entityIds));
    if (isPlainMap(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toResultValue(item, entityIds)]));
    }
  }
  return toJsonValue(value);
}

/** A stored property as a record value for export: lists become lists of strings, as the domain model's lists are. */
export function toPropertyValue(value: unknown): PropertyValue {
  const json = toJsonValue(value);
  if (Array.isArray(json)) return json.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
  if (json !== null && typeof json === "object") return JSON.stringify(json);
  return json;
}

/**
 * User parameters arrive as JSON. The driver sends every JavaScript number as a Cypher Float,
 * but `LIMIT $n`, `SKIP $n`, list indexes and `range()` need an Integer, and Neo4j's own tools
 * read `5` as an Integer; so whole numbers in the safe range become Integers, other numbers stay Floats.
 */
export function toDriverParameter(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isSafeInteger(value)) return int(value);
      if (Number.isFinite(value)) return value;
      break;
    case "object":
      if (Array.isArray(value)) return value.map((item) => toDriverParameter(item, name));
      if (isPlainMap(value)) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toDriverParameter(item, name)]));
      }
      break;
  }
  throw new GraphStoreError("INVALID_INPUT", `Parameter $${name} holds a value that is not JSON (${String(value).slice(0, 40)}).`, {
    location: { field: name },
  });
}

export function toDriverParameters(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, toDriverParameter(value, name)]));
}
