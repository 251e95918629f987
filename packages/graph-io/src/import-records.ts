import {
  isEntityTypeName,
  isRelationshipTypeName,
  validateEntityRecord,
  validateRelationshipRecord,
  type EntityRecord,
  type EntityTypeName,
  type PropertyValue,
  type RecordProblem,
  type RelationshipRecord,
} from "@kgx/domain";
import type { GraphBatch } from "@kgx/graph-store";
import { ProblemList, describeValue } from "./problems.ts";

/**
 * Entity types of ids that are not defined in the file being imported, typically the store's
 * `entityTypesOf`: pass `(ids) => store.entityTypesOf(ids)`. A plain map works for tests and for
 * files checked against each other. Ids that do not exist are simply absent from the answer.
 */
export type EntityTypeLookup =
  ReadonlyMap<string, EntityTypeName> | ((ids: readonly string[]) => ReadonlyMap<string, EntityTypeName> | Promise<ReadonlyMap<string, EntityTypeName>>);

/** A record as a format reader found it: fields as written, not yet checked against the model. */
export interface SourceRecord {
  readonly category: "entity" | "relationship";
  /** Line the record starts on. */
  readonly line: number;
  readonly type: unknown;
  /** Undefined when the record has no id; relationships then get one derived from from, type and to. */
  readonly id: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Line of each field that was written on a line of its own or in its own cell. */
  readonly fieldLines: ReadonlyMap<string, number>;
}

/** The id a relationship gets when the file gives none: `${from}-${type lowercased, _→-}-${to}`. */
export function defaultRelationshipId(from: string, type: string, to: string): string {
  return `${from}-${type.toLowerCase().replaceAll("_", "-")}-${to}`;
}

interface CheckedEntity {
  readonly source: SourceRecord;
  readonly type: EntityTypeName;
  readonly id: string;
}

/**
 * Checks every record against the domain model and against each other, resolving relationship
 * endpoints from this file first and then from `knownEntityTypes`. Adds every problem found to
 * `problems` and returns the batch, which the caller must not use when `problems` is not empty.
 */
export async function validateSourceRecords(
  records: readonly SourceRecord[],
  problems: ProblemList,
  knownEntityTypes: EntityTypeLookup | undefined,
): Promise<GraphBatch> {
  const fieldLine = (record: SourceRecord, field: string) => record.fieldLines.get(field) ?? record.line;
  const report = (record: SourceRecord, found: readonly RecordProblem[]) => {
    for (const p of found) problems.add({ line: fieldLine(record, p.field), field: p.field, message: p.message });
  };

  const fileTypes = new Map<string, EntityTypeName>();
  const firstEntityLine = new Map<string, number>();
  const checkedEntities: CheckedEntity[] = [];
  for (const record of records) {
    if (record.category !== "entity") continue;
    if (typeof record.type !== "string") {
      problems.add({ line: fieldLine(record, "type"), field: "type", message: `expected an entity type name, got ${describeValue(record.type)}` });
      continue;
    }
    const found = validateEntityRecord({ type: record.type, id: record.id, properties: record.properties });
    report(record, found);
    if (typeof record.id !== "string" || !isEntityTypeName(record.type)) continue;
    const idLine = fieldLine(record, "id");
    const earlier = firstEntityLine.get(record.id);
    if (earlier !== undefined) {
      problems.add({
        line: idLine,
        field: "id",
        message: `duplicate entity id ${JSON.stringify(record.id)}: defined at line ${earlier} and again at line ${idLine}`,
      });
      continue;
    }
    firstEntityLine.set(record.id, idLine);
    fileTypes.set(record.id, record.type);
    if (found.length === 0) checkedEntities.push({ source: record, type: record.type, id: record.id });
  }

  const relationships: { source: SourceRecord; type: string; id: unknown; derivedId: boolean }[] = [];
  const referenced = new Set<string>();
  for (const record of records) {
    if (record.category !== "relationship") continue;
    if (typeof record.type !== "string") {
      problems.add({ line: fieldLine(record, "type"), field: "type", message: `expected a relationship type name, got ${describeValue(record.type)}` });
      continue;
    }
    const derivedId = record.id === undefined;
    const id =
      derivedId && typeof record.from === "string" && typeof record.to === "string" ? defaultRelationshipId(record.from, record.type, record.to) : record.id;
    relationships.push({ source: record, type: record.type, id, derivedId });
    for (const end of [record.from, record.to]) if (typeof end === "string" && !fileTypes.has(end)) referenced.add(end);
    const sources = record.properties["sources"];
    if (Array.isArray(sources)) for (const s of sources) if (typeof s === "string" && !fileTypes.has(s)) referenced.add(s);
  }

  // Entities in the file are asked about too: ids are unique across types, so a file must not
  // redefine an existing entity as another type.
  const known = await resolveKnownTypes(knownEntityTypes, [...referenced, ...fileTypes.keys()]);
  for (const entity of checkedEntities) {
    const existing = known.get(entity.id);
    if (existing !== undefined && existing !== entity.type) {
      problems.add({
        line: fieldLine(entity.source, "type"),
        field: "type",
        message: `${JSON.stringify(entity.id)} already exists as ${existing}; an id names one entity of one type`,
      });
    }
  }
  const typeOf = (id: string) => fileTypes.get(id) ?? known.get(id);

  const firstRelationshipLine = new Map<string, number>();
  const batchRelationships: RelationshipRecord[] = [];
  for (const { source: record, type, id, derivedId } of relationships) {
    const found = validateRelationshipRecord({ type, id, from: record.from, to: record.to, properties: record.properties }, typeOf);
    const endpointsFound = found.every((p) => p.field !== "from" && p.field !== "to");
    for (const p of found) {
      if (p.field === "id" && derivedId) {
        // A missing id is only worth reporting when from and to are right; otherwise those problems explain it.
        if (endpointsFound) {
          problems.add({
            line: record.line,
            field: "id",
            message: `the id derived from from, type and to (${describeValue(id)}) is not a valid id; give the relationship an "id"`,
          });
        }
        continue;
      }
      problems.add({ line: fieldLine(record, p.field), field: p.field, message: p.message });
    }
    if (typeof id !== "string") continue;
    const idLine = derivedId ? record.line : fieldLine(record, "id");
    const earlier = firstRelationshipLine.get(id);
    if (earlier !== undefined) {
      const how = derivedId ? ` (derived from from, type and to; give each relationship its own "id")` : "";
      problems.add({
        line: idLine,
        field: "id",
        message: `duplicate relationship id ${JSON.stringify(id)}: defined at line ${earlier} and again at line ${idLine}${how}`,
      });
      continue;
    }
    firstRelationshipLine.set(id, idLine);
    if (found.length === 0 && isRelationshipTypeName(type) && typeof record.from === "string" && typeof record.to === "string") {
      batchRelationships.push({ type, id, from: record.from, to: record.to, properties: propertyValues(record.properties) });
    }
  }

  const batchEntities: EntityRecord[] = checkedEntities.map((e) => ({ type: e.type, id: e.id, properties: propertyValues(e.source.properties) }));
  return { entities: batchEntities, relationships: batchRelationships };
}

async function resolveKnownTypes(lookup: EntityTypeLookup | undefined, ids: readonly string[]): Promise<ReadonlyMap<string, EntityTypeName>> {
  if (lookup === undefined || ids.length === 0) return new Map();
  if (typeof lookup !== "function") return lookup;
  return await lookup(ids);
}

/**
 * The properties of a record that passed validation: the domain validators have checked every
 * value against its property's kind, so each one is a PropertyValue.
 */
function propertyValues(properties: Readonly<Record<string, unknown>>): Readonly<Record<string, PropertyValue>> {
  return properties as Readonly<Record<string, PropertyValue>>;
}
