import { isEntityTypeName, isRelationshipTypeName } from "@kgx/domain";
import type { SourceRecord } from "./import-records.ts";
import { JsonSyntaxError, parseJsonWithPositions, type JsonDocument, type TextPosition } from "./json-text.ts";
import { describeValue, type ProblemList } from "./problems.ts";

const SECTIONS = ["entities", "relationships"] as const;

/** Fields that belong to the record itself rather than to its properties. */
const RECORD_FIELDS = {
  entity: new Set(["type", "id"]),
  relationship: new Set(["type", "id", "from", "to"]),
} as const;

/**
 * Reads `{ "entities": [...], "relationships": [...] }`, each record a flat object. A syntax
 * error ends reading (the rest of the text cannot be trusted) and is the only problem reported.
 */
export function readJsonRecords(text: string, problems: ProblemList): SourceRecord[] {
  let doc: JsonDocument;
  try {
    // Positions down to the records' own keys: root, section list, record.
    doc = parseJsonWithPositions(text, { positionDepth: 2 });
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.add({ line: error.line, column: error.column, message: error.message });
    return [];
  }
  const root = doc.value;
  if (!isPlainObject(root)) {
    problems.add({ line: 1, message: `expected an object with "entities" and "relationships" lists, got ${describeValue(root)}` });
    return [];
  }
  const records: SourceRecord[] = [];
  for (const key of Object.keys(root)) {
    if (!(SECTIONS as readonly string[]).includes(key)) {
      problems.add({ line: doc.keyPositionOf(root, key)?.line, field: key, message: `unknown top-level key (expected "entities" and "relationships")` });
    }
  }
  if (!SECTIONS.some((section) => section in root)) {
    problems.add({ line: 1, message: `expected an object with "entities" and "relationships" lists` });
  }
  for (const section of SECTIONS) {
    if (!(section in root)) continue;
    const list = root[section];
    const sectionLine = doc.keyPositionOf(root, section)?.line;
    if (!Array.isArray(list)) {
      problems.add({ line: sectionLine, field: section, message: `expected a list of records, got ${describeValue(list)}` });
      continue;
    }
    const category = section === "entities" ? "entity" : "relationship";
    list.forEach((item: unknown, index) => {
      const line = doc.elementPositionOf(list, index)?.line ?? sectionLine ?? 1;
      if (!isPlainObject(item)) {
        problems.add({ line, message: `expected an object for each ${category}, got ${describeValue(item)}` });
        return;
      }
      records.push(sourceRecord(doc, item, category, line, false));
    });
  }
  return records;
}

/**
 * Reads JSON Lines (https://jsonlines.org): one flat record per line, each parsed on its own so
 * that syntax errors on several lines are all reported.
 *
 * A line says what it is with `"kind": "entity"` or `"kind": "relationship"`, or by its `type`
 * alone, since entity and relationship type names never coincide. Several entity types also have
 * a `kind` property (an Organization's is "company", "agency", …), so any other value of `kind` is
 * that property, and such lines are told apart by their type.
 */
export function readJsonLinesRecords(text: string, problems: ProblemList): SourceRecord[] {
  const records: SourceRecord[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === "") return;
    let doc: JsonDocument;
    try {
      doc = parseJsonWithPositions(lineText, { firstLine: line, positionDepth: 0 });
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      problems.add({ line: error.line, column: error.column, message: error.message });
      return;
    }
    const item = doc.value;
    if (!isPlainObject(item)) {
      problems.add({ line, message: `expected one object per line, got ${describeValue(item)}` });
      return;
    }
    const type = item["type"];
    const kind = item["kind"];
    const declared = kind === "entity" || kind === "relationship" ? kind : undefined;
    const byType = typeof type !== "string" ? undefined : isRelationshipTypeName(type) ? "relationship" : isEntityTypeName(type) ? "entity" : undefined;
    if (declared && byType && declared !== byType) {
      problems.add({
        line,
        field: "kind",
        message: `the line says it is ${declared === "entity" ? "an entity" : "a relationship"}, but ${type} is ${byType === "entity" ? "an entity" : "a relationship"} type`,
      });
    } else if (declared) {
      records.push(sourceRecord(doc, item, declared, line, true));
    } else if (byType) {
      records.push(sourceRecord(doc, item, byType, line, false));
    } else {
      const what = typeof type === "string" ? `unknown type ${JSON.stringify(type)}` : `expected a type name, got ${describeValue(type)}`;
      problems.add({ line, field: "type", message: `${what}; each line needs the "type" of an entity (e.g. Person) or a relationship (e.g. LEADS)` });
    }
  });
  return records;
}

function sourceRecord(
  doc: JsonDocument,
  object: Record<string, unknown>,
  category: SourceRecord["category"],
  line: number,
  kindIsCategory: boolean,
): SourceRecord {
  const ownFields = RECORD_FIELDS[category];
  const properties: Record<string, unknown> = {};
  const fieldLines = new Map<string, number>();
  for (const [key, value] of Object.entries(object)) {
    const at: TextPosition | undefined = doc.keyPositionOf(object, key);
    if (at) fieldLines.set(key, at.line);
    if (ownFields.has(key) || (kindIsCategory && key === "kind")) continue;
    // Assigning "__proto__" would replace the prototype, and validation would never see the key.
    if (key === "__proto__") Object.defineProperty(properties, key, { value, enumerable: true, writable: true, configurable: true });
    else properties[key] = value;
  }
  const base = { category, line, type: object["type"], id: object["id"], properties, fieldLines };
  return category === "relationship" ? { ...base, from: object["from"], to: object["to"] } : base;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
