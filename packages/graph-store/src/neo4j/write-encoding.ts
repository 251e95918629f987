import {
  ENTITY_TYPE_NAMES,
  RELATIONSHIP_TYPES,
  entityProperties,
  relationshipProperties,
  type EntityRecord,
  type PropertySpec,
  type PropertyValue,
  type RelationshipRecord,
} from "@kgx/domain";
import { int, type ManagedTransaction } from "neo4j-driver";
import { GraphStoreError } from "../errors.ts";
import { throwIfCancelled } from "../options.ts";
import type { GraphBatch, WriteOptions } from "../port.ts";
import { toCount } from "./reads.ts";
import { DELETE_MOVED_RELATIONSHIPS, UPSERT_ENTITIES, UPSERT_RELATIONSHIPS } from "./statements.ts";

/** Rows per UNWIND: large enough to keep round trips few, small enough for steady progress reports. */
const WRITE_CHUNK_SIZE = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The properties a record writes (non-null, without id), with dates apart so the statement can store them as Cypher dates. */
function writeRow(specs: readonly PropertySpec[], properties: Readonly<Record<string, PropertyValue>>) {
  const kinds = new Map(specs.map((spec) => [spec.name, spec.kind]));
  const values: Record<string, unknown> = {};
  const dates: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name === "id" || value === undefined) continue;
    const kind = kinds.get(name);
    // A null clears the property, as on the embedded store: `+=` removes a key whose value is null.
    // (A date keeps its stored value when the record leaves it out or gives null.)
    if (value === null) {
      if (kind !== "date") values[name] = null;
    } else if (kind === "date") dates[name] = value as string;
    // Integers must be sent as Integer: the driver sends every JavaScript number as a Float.
    else if (kind === "int") values[name] = int(value as number);
    else values[name] = value;
  }
  return { properties: values, dates };
}

function groupRows<R extends { readonly type: K }, K extends string, Row>(records: readonly R[], toRow: (record: R) => Row): Map<K, Row[]> {
  const groups = new Map<K, Row[]>();
  for (const record of records) {
    const rows = groups.get(record.type) ?? [];
    rows.push(toRow(record));
    groups.set(record.type, rows);
  }
  return groups;
}

function entityRow(record: EntityRecord) {
  return { id: record.id, ...writeRow(entityProperties(record.type), record.properties) };
}

function relationshipRow(record: RelationshipRecord) {
  return { id: record.id, from: record.from, to: record.to, ...writeRow(relationshipProperties(record.type), record.properties) };
}

/** Upserts a validated batch inside a write transaction: entities, then relationships, in chunks. */
export async function writeBatchIn(tx: ManagedTransaction, batch: GraphBatch, options: WriteOptions, total: number, doneBefore: number): Promise<void> {
  const entityRows = groupRows(batch.entities, entityRow);
  const relationshipRows = groupRows(batch.relationships, relationshipRow);
  let done = doneBefore;
  const report = (count: number) => {
    done += count;
    options.onProgress?.({ done, total });
  };
  for (const type of ENTITY_TYPE_NAMES) {
    for (const rows of chunks(entityRows.get(type) ?? [], WRITE_CHUNK_SIZE)) {
      throwIfCancelled(options.signal);
      await tx.run(UPSERT_ENTITIES[type], { rows });
      report(rows.length);
    }
  }
  if (batch.relationships.length > 0) {
    const rowsById = Object.fromEntries(batch.relationships.map((r) => [r.id, { type: r.type, from: r.from, to: r.to }]));
    await tx.run(DELETE_MOVED_RELATIONSHIPS, { ids: Object.keys(rowsById), rowsById });
  }
  for (const type of RELATIONSHIP_TYPES.map((t) => t.name)) {
    for (const rows of chunks(relationshipRows.get(type) ?? [], WRITE_CHUNK_SIZE)) {
      throwIfCancelled(options.signal);
      const result = await tx.run(UPSERT_RELATIONSHIPS[type], { rows });
      const written = toCount(result.records[0]?.get("written"));
      // Both ends were checked above in this transaction, so a shortfall is a bug; throwing rolls everything back.
      if (written !== rows.length) {
        throw new GraphStoreError("INVALID_INPUT", `${rows.length - written} ${type} relationship(s) found no endpoint; nothing was saved.`);
      }
      report(rows.length);
    }
  }
}
