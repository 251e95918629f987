import {
  ENTITY_TYPES,
  RELATIONSHIP_TYPES,
  relationshipTypeSpec,
  type EntityRecord,
  type EntityTypeName,
  type PropertyValue,
  type RelationshipRecord,
  type RelationshipTypeName,
} from "@kgx/domain";
import type { KuzuValue } from "kuzu";
import { compareByNameThenId } from "../options.ts";
import type { ConnectionCount, EntityPage, GraphBatch, GraphNode, GraphRelationship, StoreStats, ValidDuring } from "../port.ts";
import { orderedConnections } from "../schema-counts.ts";
import type { DateRangeRequest, EntityListRequest, RelationshipsRequest } from "../store-requests.ts";
import type { KuzuRow } from "./kuzu-handle.ts";
import * as cypher from "./statements.ts";
import type { KuzuStoreContext } from "./store-context.ts";
import { internalIdKey, isKuzuNode, isKuzuRel, toGraphNode, toGraphRelationship, type EndpointIndex, type KuzuInternalId } from "./values.ts";

/**
 * Up to this many ids of one type are fetched one primary-key lookup each; more are fetched with one
 * statement that scans the table (a lookup costs about a sixth of the scan).
 */
const SINGLE_LOOKUP_MAX_IDS = 6;

export async function getEntities(ctx: KuzuStoreContext, ids: readonly string[]): Promise<GraphNode[]> {
  const types = await ctx.entityTypesOf(ids);
  const byType = new Map<EntityTypeName, string[]>();
  for (const [id, type] of types) byType.set(type, [...(byType.get(type) ?? []), id]);
  const found: GraphNode[] = [];
  await ctx.read(async (session) => {
    for (const [type, typeIds] of byType) {
      const rows: KuzuRow[] = [];
      if (typeIds.length <= SINGLE_LOOKUP_MAX_IDS) {
        for (const id of typeIds) rows.push(...(await session.all(cypher.getEntityOfType(type), { id })));
      } else {
        rows.push(...(await session.all(cypher.getEntitiesOfType(type), { ids: typeIds })));
      }
      for (const row of rows) if (isKuzuNode(row["n"])) found.push(toGraphNode(row["n"]));
    }
  });
  return found;
}

export function listEntities(ctx: KuzuStoreContext, request: EntityListRequest): Promise<EntityPage> {
  const { types, limit, offset } = request;
  return ctx.read(async (session) => {
    const total = Number((await session.all(cypher.countEntities(types)))[0]?.["total"] ?? 0);
    const nodes: GraphNode[] = [];
    if (offset < total) {
      for (const row of await session.all(cypher.entityPage(types), { offset, limit })) {
        if (isKuzuNode(row["n"])) nodes.push(toGraphNode(row["n"]));
      }
    }
    return { nodes, totalCount: total };
  });
}

export async function relationshipsOf(ctx: KuzuStoreContext, ids: readonly string[], request: RelationshipsRequest): Promise<Map<string, GraphRelationship[]>> {
  const { direction, relationshipTypes } = request;
  const found = new Map<string, GraphRelationship[]>();
  const idsByType = new Map<EntityTypeName, string[]>();
  for (const [id, type] of await ctx.entityTypesOf(ids)) idsByType.set(type, [...(idsByType.get(type) ?? []), id]);
  const sides = direction === "both" ? (["out", "in"] as const) : ([direction] as const);
  await ctx.read(async (session) => {
    for (const [type, typeIds] of idsByType) {
      for (const side of sides) {
        const allowed = relationshipTypesOnSide(type, side, relationshipTypes);
        if (allowed.length === 0) continue;
        for (const row of await session.all(cypher.relationshipsOnSide(type, allowed, side), { ids: typeIds })) {
          const r = row["r"];
          if (!isKuzuRel(r)) continue;
          const owner = String(row["owner"]);
          found.set(owner, [...(found.get(owner) ?? []), toGraphRelationship(r, endpointIndexOf(r, row))]);
        }
      }
    }
  });
  return found;
}

export function validDuring(ctx: KuzuStoreContext, range: DateRangeRequest): Promise<ValidDuring> {
  const { from, to } = range;
  const params: Record<string, KuzuValue> = {};
  if (from) params["from"] = from;
  if (to) params["to"] = to;
  return ctx.read(async (session) => {
    const entities: { node: GraphNode; at: string }[] = [];
    for (const spec of ENTITY_TYPES) {
      if (!spec.timeProperties) continue;
      const statement = cypher.entitiesInRange(spec.name, spec.timeProperties.from, spec.timeProperties.to, !!from, !!to);
      for (const row of await session.all(statement, params)) {
        if (!isKuzuNode(row["n"])) continue;
        const node = toGraphNode(row["n"]);
        entities.push({ node, at: String(node.properties[spec.timeProperties.from] ?? "") });
      }
    }
    entities.sort((a, b) => a.at.localeCompare(b.at) || compareByNameThenId(a.node, b.node));
    const relationships: GraphRelationship[] = [];
    for (const row of await session.all(cypher.relationshipsInRange(!!from, !!to), params)) {
      const r = row["r"];
      if (isKuzuRel(r)) relationships.push(toGraphRelationship(r, endpointIndexOf(r, row)));
    }
    return { entities: entities.map((e) => e.node), relationships };
  });
}

export async function connectionCounts(ctx: KuzuStoreContext): Promise<ConnectionCount[]> {
  const rows = await ctx.read((session) => session.all(cypher.COUNT_CONNECTIONS));
  return orderedConnections(
    rows.map((row) => ({ relationshipType: String(row["type"]), from: String(row["source"]), to: String(row["target"]), count: Number(row["count"]) })),
  );
}

export function stats(ctx: KuzuStoreContext): Promise<StoreStats> {
  return ctx.read(async (session) => {
    const entitiesByType: Record<string, number> = {};
    for (const row of await session.all(cypher.COUNT_ENTITIES_BY_TYPE)) entitiesByType[String(row["type"])] = Number(row["count"]);
    const relationshipsByType: Record<string, number> = {};
    for (const row of await session.all(cypher.COUNT_RELATIONSHIPS_BY_TYPE)) relationshipsByType[String(row["type"])] = Number(row["count"]);
    const withoutSource = await session.all(cypher.COUNT_RELATIONSHIPS_WITHOUT_SOURCE);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      entities: sum(entitiesByType),
      relationships: sum(relationshipsByType),
      relationshipsWithoutSource: Number(withoutSource[0]?.["count"] ?? 0),
      entitiesByType,
      relationshipsByType,
    };
  });
}

export function exportAll(ctx: KuzuStoreContext): Promise<GraphBatch> {
  return ctx.read(async (session) => {
    const entities: EntityRecord[] = [];
    for (const spec of ENTITY_TYPES) {
      for (const row of await session.all(cypher.exportEntities(spec.name))) {
        if (!isKuzuNode(row["n"])) continue;
        const node = toGraphNode(row["n"]);
        entities.push({ type: spec.name, id: node.id, properties: toRecordProperties(node.properties) });
      }
    }
    const relationships: RelationshipRecord[] = [];
    for (const spec of RELATIONSHIP_TYPES) {
      for (const row of await session.all(cypher.exportRelationships(spec.name))) {
        const r = row["r"];
        if (!isKuzuRel(r)) continue;
        const rel = toGraphRelationship(r, endpointIndexOf(r, row));
        relationships.push({ type: spec.name, id: rel.id, from: rel.source, to: rel.target, properties: toRecordProperties(rel.properties) });
      }
    }
    return { entities, relationships };
  });
}

function toRecordProperties(properties: Readonly<Record<string, unknown>>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map(String);
  }
  return out;
}

/** Relationship types the model allows with `type` on that side, narrowed to `wanted` when given. */
function relationshipTypesOnSide(type: EntityTypeName, side: "out" | "in", wanted: readonly RelationshipTypeName[]): RelationshipTypeName[] {
  const candidates = wanted.length > 0 ? wanted : RELATIONSHIP_TYPES.map((t) => t.name);
  return candidates.filter((name) => relationshipTypeSpec(name).endpoints.some(([from, to]) => (side === "out" ? from : to) === type));
}

/** Endpoint ids of a relationship row that returned them as `source` and `target` columns. */
export function endpointIndexOf(r: { _src: KuzuInternalId; _dst: KuzuInternalId }, row: KuzuRow): EndpointIndex {
  return new Map([
    [internalIdKey(r._src), String(row["source"])],
    [internalIdKey(r._dst), String(row["target"])],
  ]);
}
