import {
  ENTITY_TYPES,
  NEO4J_SEARCH_KEY,
  isEntityTypeName,
  isRelationshipTypeName,
  type EntityRecord,
  type EntityTypeName,
  type PropertyValue,
  type RelationshipRecord,
} from "@kgx/domain";
import { int, type ManagedTransaction, type Node, type Relationship } from "neo4j-driver";
import type { ConnectionCount, EntityPage, GraphBatch, GraphNode, GraphRelationship, StoreStats, ValidDuring } from "../port.ts";
import { orderedConnections } from "../schema-counts.ts";
import type { DateRangeRequest, EntityListRequest, RelationshipsRequest } from "../store-requests.ts";
import {
  COUNT_CONNECTIONS,
  COUNT_ENTITIES,
  COUNT_ENTITIES_BY_TYPE,
  COUNT_RELATIONSHIPS_BY_TYPE,
  EARLIEST_DATE,
  ENTITY_PAGE,
  ENTITY_TYPES_OF,
  EXPORT_ENTITIES,
  EXPORT_RELATIONSHIPS,
  GET_ENTITIES,
  LATEST_DATE,
  RELATIONSHIPS_OF_MANY,
  VALID_DURING_ENTITIES,
  VALID_DURING_RELATIONSHIPS,
} from "./statements.ts";
import type { Neo4jStoreContext } from "./store-context.ts";
import { entityTypeOfLabels, toGraphNode, toGraphRelationship, toJsonValue, toPropertyValue } from "./values.ts";

export function toCount(value: unknown): number {
  const json = toJsonValue(value);
  return typeof json === "number" ? json : Number(json);
}

export async function fetchEntities(tx: ManagedTransaction, ids: readonly string[]): Promise<GraphNode[]> {
  const result = await tx.run(GET_ENTITIES, { ids: [...ids] });
  return result.records.map((record) => toGraphNode(record.get("n") as Node));
}

export async function fetchEntityTypes(tx: ManagedTransaction, ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
  const types = new Map<string, EntityTypeName>();
  if (ids.length === 0) return types;
  const result = await tx.run(ENTITY_TYPES_OF, { ids: [...new Set(ids)] });
  for (const record of result.records) {
    const type = (record.get("labels") as string[]).find(isEntityTypeName);
    if (type) types.set(String(record.get("id")), type);
  }
  return types;
}

/** A relationship row that returned its end ids as `source` and `target`. */
export function relationshipOfRow(row: { get(key: string): unknown }): GraphRelationship {
  return toGraphRelationship(row.get("r") as Relationship, String(row.get("source")), String(row.get("target")));
}

export function listEntities(ctx: Neo4jStoreContext, request: EntityListRequest): Promise<EntityPage> {
  const { types, limit, offset } = request;
  return ctx.read(async (tx) => {
    const counts = await tx.run(COUNT_ENTITIES_BY_TYPE);
    const total = counts.records
      .filter((record) => types.length === 0 || (types as readonly string[]).includes(String(record.get("label"))))
      .reduce((sum, record) => sum + toCount(record.get("count")), 0);
    if (offset >= total) return { nodes: [], totalCount: total };
    const page = await tx.run(ENTITY_PAGE, { types, offset: int(offset), limit: int(limit) });
    return { nodes: page.records.map((r) => toGraphNode(r.get("n") as Node)), totalCount: total };
  });
}

export async function relationshipsOf(
  ctx: Neo4jStoreContext,
  ids: readonly string[],
  request: RelationshipsRequest,
): Promise<Map<string, GraphRelationship[]>> {
  const { direction, relationshipTypes } = request;
  const result = await ctx.read((tx) => tx.run(RELATIONSHIPS_OF_MANY, { ids: [...ids], direction, relationshipTypes }));
  const found = new Map<string, GraphRelationship[]>();
  for (const row of result.records) {
    const owner = String(row.get("owner"));
    found.set(owner, [...(found.get(owner) ?? []), relationshipOfRow(row)]);
  }
  return found;
}

export function validDuring(ctx: Neo4jStoreContext, range: DateRangeRequest): Promise<ValidDuring> {
  const timeProperties = ENTITY_TYPES.flatMap((t) =>
    t.timeProperties ? [{ type: t.name, from: t.timeProperties.from, to: t.timeProperties.to ?? t.timeProperties.from }] : [],
  );
  const params = { from: range.from ?? EARLIEST_DATE, to: range.to ?? LATEST_DATE };
  return ctx.read(async (tx) => {
    const entityResult = await tx.run(VALID_DURING_ENTITIES, { ...params, timeProperties });
    const seen = new Set<string>();
    const entities: GraphNode[] = [];
    for (const record of entityResult.records) {
      const node = toGraphNode(record.get("n") as Node);
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      entities.push(node);
    }
    const relResult = await tx.run(VALID_DURING_RELATIONSHIPS, params);
    return { entities, relationships: relResult.records.map(relationshipOfRow) };
  });
}

export async function connectionCounts(ctx: Neo4jStoreContext): Promise<ConnectionCount[]> {
  const result = await ctx.read((tx) => tx.run(COUNT_CONNECTIONS));
  return orderedConnections(
    result.records.map((record) => ({
      relationshipType: String(record.get("type")),
      from: entityTypeOfLabels(record.get("sourceLabels") as string[]),
      to: entityTypeOfLabels(record.get("targetLabels") as string[]),
      count: toCount(record.get("count")),
    })),
  );
}

export function stats(ctx: Neo4jStoreContext): Promise<StoreStats> {
  return ctx.read(async (tx) => {
    const entityTotal = await tx.run(COUNT_ENTITIES);
    const byLabel = await tx.run(COUNT_ENTITIES_BY_TYPE);
    const byType = await tx.run(COUNT_RELATIONSHIPS_BY_TYPE);
    let relationships = 0;
    let relationshipsWithoutSource = 0;
    const relationshipsByType: Record<string, number> = {};
    for (const record of byType.records) {
      const count = toCount(record.get("count"));
      relationships += count;
      relationshipsWithoutSource += toCount(record.get("withoutSource"));
      relationshipsByType[String(record.get("type"))] = count;
    }
    // Like the embedded store: types that have at least one entity.
    const entitiesByType: Record<string, number> = {};
    for (const record of byLabel.records) {
      const label = String(record.get("label"));
      const count = toCount(record.get("count"));
      if (count > 0 && isEntityTypeName(label)) entitiesByType[label] = count;
    }
    return { entities: toCount(entityTotal.records[0]?.get("count")), relationships, relationshipsWithoutSource, entitiesByType, relationshipsByType };
  });
}

export function exportAll(ctx: Neo4jStoreContext): Promise<GraphBatch> {
  return ctx.read(async (tx) => {
    const entities: EntityRecord[] = [];
    for (const record of (await tx.run(EXPORT_ENTITIES)).records) {
      const node = record.get("n") as Node;
      const type = node.labels.find(isEntityTypeName);
      if (type) entities.push({ type, id: String(toJsonValue(node.properties["id"])), properties: storedProperties(node.properties) });
    }
    const relationships: RelationshipRecord[] = [];
    for (const record of (await tx.run(EXPORT_RELATIONSHIPS)).records) {
      const rel = record.get("r") as Relationship;
      if (!isRelationshipTypeName(rel.type)) continue;
      relationships.push({
        type: rel.type,
        id: String(toJsonValue(rel.properties["id"])),
        from: String(record.get("from")),
        to: String(record.get("to")),
        properties: storedProperties(rel.properties),
      });
    }
    return { entities, relationships };
  });
}

function storedProperties(properties: Readonly<Record<string, unknown>>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name === "id" || name === NEO4J_SEARCH_KEY || value === null || value === undefined) continue;
    out[name] = toPropertyValue(value);
  }
  return out;
}
