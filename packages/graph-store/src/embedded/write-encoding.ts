import {
  entityProperties,
  relationshipProperties,
  type EntityRecord,
  type EntityTypeName,
  type PropertyKind,
  type PropertyValue,
  type RelationshipRecord,
  type RelationshipTypeName,
} from "@kgx/domain";
import type { KuzuValue } from "kuzu";
import { GraphStoreError } from "../errors.ts";
import { throwIfCancelled } from "../options.ts";
import type { WriteOptions } from "../port.ts";
import type { KuzuSession } from "./kuzu-handle.ts";

/**
 * How records become rows of UNWIND statements on Kùzu. Kùzu's Node.js binding infers a
 * parameter's type from the first element of a list, and silently reinterprets the bits of later
 * elements of another numeric type. So batch rows carry every value as a string and the statement
 * converts it back with the property's declared kind.
 */

const WRITE_CHUNK_ROWS = 2000;
/** Separates string-list items inside one string parameter (see encodeValue). */
const LIST_SEPARATOR = "\u001f";
/**
 * Kùzu's string_split drops empty items ("a,,b" → [a, b]), and per-source lists (quotes,
 * sourceClaims, locators) keep a source's place with an empty string. Such a list is sent with a
 * mark before every item, which the statement strips after splitting.
 */
const ITEM_MARK = "\u001e";

export interface WriteGroup {
  readonly statement: string;
  readonly rows: Record<string, string>[];
}

function encodeValue(kind: PropertyKind, value: PropertyValue, field: string): string | null {
  if (value === null) return null;
  if (kind === "string[]") {
    const items = value as string[];
    if (items.length === 0) return null;
    if (items.some((item) => item.includes(LIST_SEPARATOR))) {
      throw new GraphStoreError("INVALID_INPUT", `field "${field}": list items may not contain the control character U+001F`, { location: { field } });
    }
    return keepsEmptyItems(kind, value) ? items.map((item) => `${ITEM_MARK}${item}`).join(LIST_SEPARATOR) : items.join(LIST_SEPARATOR);
  }
  return String(value);
}

function keepsEmptyItems(kind: PropertyKind, value: PropertyValue): boolean {
  return kind === "string[]" && Array.isArray(value) && value.some((item) => item === "");
}

/** An empty list stays an empty list (as a Cypher import would store it); anything else absent is NULL. */
function nullOrEmpty(kind: PropertyKind, value: PropertyValue): string {
  return kind === "string[]" && Array.isArray(value) ? "CAST([] AS STRING[])" : "NULL";
}

function decodeExpression(kind: PropertyKind, expression: string, marked = false): string {
  switch (kind) {
    case "string":
      return expression;
    case "string[]":
      return marked
        ? `list_transform(string_split(${expression}, $separator), item -> substring(item, 2, size(item)))`
        : `string_split(${expression}, $separator)`;
    case "int":
      return `CAST(${expression} AS INT64)`;
    case "float":
      return `CAST(${expression} AS DOUBLE)`;
    case "boolean":
      return `CAST(${expression} AS BOOLEAN)`;
    case "date":
      return `date(${expression})`;
  }
}

/** One record's row and the SET clauses for exactly the properties it gives (`variable` is n or r). */
function rowAndSetters(
  kinds: ReadonlyMap<string, PropertyKind>,
  properties: Readonly<Record<string, PropertyValue>>,
  row: Record<string, string>,
  variable: string,
): string[] {
  const setters: string[] = [];
  for (const [key, value] of Object.entries(properties).sort(([a], [b]) => a.localeCompare(b))) {
    const kind = kinds.get(key);
    if (!kind || key === "id") continue;
    const encoded = encodeValue(kind, value, key);
    if (encoded === null) setters.push(`${variable}.${key} = ${nullOrEmpty(kind, value)}`);
    else {
      row[key] = encoded;
      setters.push(`${variable}.${key} = ${decodeExpression(kind, `row.${key}`, keepsEmptyItems(kind, value))}`);
    }
  }
  return setters;
}

function addToGroup(groups: Map<string, WriteGroup>, statement: string, row: Record<string, string>): void {
  const group = groups.get(statement) ?? { statement, rows: [] };
  group.rows.push(row);
  groups.set(statement, group);
}

/** Rows grouped by type and by which properties they set, so each UNWIND statement sets exactly those. */
export function entityWriteGroups(entities: readonly EntityRecord[]): WriteGroup[] {
  const groups = new Map<string, WriteGroup>();
  for (const entity of entities) {
    const kinds = new Map(entityProperties(entity.type).map((p) => [p.name, p.kind]));
    const row: Record<string, string> = { id: entity.id };
    const setters = rowAndSetters(kinds, entity.properties, row, "n");
    addToGroup(groups, `UNWIND $rows AS row MERGE (n:${entity.type} {id: row.id})` + (setters.length > 0 ? ` SET ${setters.join(", ")}` : ""), row);
  }
  return [...groups.values()];
}

/** The same for relationships; `endpointTypes` holds the table of every endpoint (validated to exist). */
export function relationshipWriteGroups(relationships: readonly RelationshipRecord[], endpointTypes: ReadonlyMap<string, EntityTypeName>): WriteGroup[] {
  const groups = new Map<string, WriteGroup>();
  for (const rel of relationships) {
    const fromType = endpointTypes.get(rel.from);
    const toType = endpointTypes.get(rel.to);
    if (!fromType || !toType) continue; // validateBatch has already refused dangling endpoints
    const kinds = new Map(relationshipProperties(rel.type).map((p) => [p.name, p.kind]));
    const row: Record<string, string> = { id: rel.id, from: rel.from, to: rel.to };
    const setters = rowAndSetters(kinds, rel.properties, row, "r");
    const statement =
      // MERGE on the endpoints' primary keys is an index lookup, where MATCH inside UNWIND joins
      // against a scan of the whole table; validateBatch has already proved both ends exist with
      // exactly these types, so the MERGE never creates a node.
      `UNWIND $rows AS row MERGE (a:${fromType} {id: row.from}) MERGE (b:${toType} {id: row.to}) ` +
      `MERGE (a)-[r:${rel.type as RelationshipTypeName} {id: row.id}]->(b)` +
      (setters.length > 0 ? ` SET ${setters.join(", ")}` : "");
    addToGroup(groups, statement, row);
  }
  return [...groups.values()];
}

/** Runs the groups' statements in chunks, reporting progress after each. */
export async function runWriteGroups(session: KuzuSession, groups: readonly WriteGroup[], total: number, options: WriteOptions, doneBefore = 0): Promise<void> {
  let done = doneBefore;
  for (const group of groups) {
    for (let start = 0; start < group.rows.length; start += WRITE_CHUNK_ROWS) {
      throwIfCancelled(options.signal);
      const rows = group.rows.slice(start, start + WRITE_CHUNK_ROWS);
      // Kùzu refuses parameters a statement does not use.
      const params: Record<string, KuzuValue> = group.statement.includes("$separator") ? { rows, separator: LIST_SEPARATOR } : { rows };
      await session.all(group.statement, params);
      done += rows.length;
      options.onProgress?.({ done, total });
    }
  }
}
