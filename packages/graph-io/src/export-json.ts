import type { GraphBatch } from "@kgx/graph-store";
import { modelProperties } from "./export-records.ts";
import { entityPropertySpecs, relationshipPropertySpecs } from "./property-specs.ts";

/**
 * The JSON import format, one record per line so that exports diff well and a problem reported
 * by line points at one record.
 */
export function exportJson(batch: GraphBatch): string {
  const entities = batch.entities.map((entity) => {
    const record: Record<string, unknown> = { type: entity.type, id: entity.id };
    for (const { spec, value } of modelProperties(entity, entityPropertySpecs(entity.type).list)) record[spec.name] = value;
    return JSON.stringify(record);
  });
  const relationships = batch.relationships.map((relationship) => {
    const record: Record<string, unknown> = { type: relationship.type, id: relationship.id, from: relationship.from, to: relationship.to };
    for (const { spec, value } of modelProperties(relationship, relationshipPropertySpecs(relationship.type).list)) record[spec.name] = value;
    return JSON.stringify(record);
  });
  return `{\n  "entities": ${jsonList(entities)},\n  "relationships": ${jsonList(relationships)}\n}\n`;
}

function jsonList(items: readonly string[]): string {
  return items.length === 0 ? "[]" : `[\n${items.map((item) => `    ${item}`).join(",\n")}\n  ]`;
}
