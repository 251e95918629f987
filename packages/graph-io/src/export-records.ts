import {
  isEntityTypeName,
  isIsoDate,
  isRelationshipTypeName,
  type EntityRecord,
  type EntityTypeName,
  type PropertyKind,
  type PropertySpec,
  type PropertyValue,
  type RelationshipRecord,
} from "@kgx/domain";
import { GraphStoreError, type GraphBatch } from "@kgx/graph-store";
import { DEFAULT_MAX_REPORTED_PROBLEMS, describeValue } from "./problems.ts";
import { entityPropertySpecs, relationshipPropertySpecs } from "./property-specs.ts";

/** A property of a record next to its model declaration, in the order the model declares them. */
export interface ModelProperty {
  readonly spec: PropertySpec;
  readonly value: Exclude<PropertyValue, null>;
}

/**
 * The record's properties that have a value, in model order. Names come from the model, never from
 * the record, so nothing a record carries can become a label, type or key in the output.
 */
export function modelProperties(record: EntityRecord | RelationshipRecord, specs: readonly PropertySpec[]): ModelProperty[] {
  const out: ModelProperty[] = [];
  for (const spec of specs) {
    if (spec.name === "id" || !Object.hasOwn(record.properties, spec.name)) continue;
    const value = record.properties[spec.name];
    if (value !== null && value !== undefined) out.push({ spec, value });
  }
  return out;
}

/**
 * Refuses a batch that the formats cannot represent faithfully: types or properties outside the
 * model, values of the wrong kind, repeated ids, and (when `endpointsInBatch`) relationships whose
 * endpoints are not in the batch, which GraphML cannot express and Cypher cannot MATCH by label.
 */
export function checkExportableBatch(batch: GraphBatch, endpointsInBatch: boolean): ReadonlyMap<string, EntityTypeName> {
  const problems: string[] = [];
  const typeById = new Map<string, EntityTypeName>();
  for (const entity of batch.entities) {
    const where = `entity ${describeValue(entity.id)}`;
    if (!isEntityTypeName(entity.type)) {
      problems.push(`${where}: unknown entity type ${describeValue(entity.type)}`);
      continue;
    }
    if (typeById.has(entity.id)) problems.push(`${where}: appears more than once`);
    typeById.set(entity.id, entity.type);
    problems.push(...propertyProblems(where, entity.type, entity.properties, entityPropertySpecs(entity.type).byName));
  }
  const relationshipIds = new Set<string>();
  for (const relationship of batch.relationships) {
    const where = `relationship ${describeValue(relationship.id)}`;
    if (!isRelationshipTypeName(relationship.type)) {
      problems.push(`${where}: unknown relationship type ${describeValue(relationship.type)}`);
      continue;
    }
    if (relationshipIds.has(relationship.id)) problems.push(`${where}: appears more than once`);
    relationshipIds.add(relationship.id);
    if (endpointsInBatch) {
      for (const end of ["from", "to"] as const) {
        if (!typeById.has(relationship[end])) problems.push(`${where}: its ${end} entity ${describeValue(relationship[end])} is not in the export`);
      }
    }
    problems.push(...propertyProblems(where, relationship.type, relationship.properties, relationshipPropertySpecs(relationship.type).byName));
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, DEFAULT_MAX_REPORTED_PROBLEMS);
    if (problems.length > listed.length) listed.push(`… and ${problems.length - listed.length} more`);
    throw new GraphStoreError("INVALID_INPUT", [`Cannot export: ${problems.length} problem${problems.length === 1 ? "" : "s"}`, ...listed].join("\n"));
  }
  return typeById;
}

function propertyProblems(
  where: string,
  typeName: string,
  properties: Readonly<Record<string, PropertyValue>>,
  byName: ReadonlyMap<string, PropertySpec>,
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(properties)) {
    const spec = byName.get(name);
    if (!spec) problems.push(`${where}: field "${name}": ${typeName} has no such property`);
    else if (name !== "id" && value !== null && !fitsKind(spec.kind, value)) {
      problems.push(`${where}: field "${name}": expected ${spec.kind}, got ${describeValue(value)}`);
    }
  }
  return problems;
}

function fitsKind(kind: PropertyKind, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "string[]":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "int":
      return typeof value === "number" && Number.isSafeInteger(value);
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && isIsoDate(value);
  }
}
