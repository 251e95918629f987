import {
  allEntityPropertyKinds,
  allRelationshipPropertyKinds,
  coercePropertyText,
  isEntityTypeName,
  isRelationshipTypeName,
  type PropertyKind,
  type PropertySpec,
} from "@kgx/domain";
import { CsvSyntaxError, parseCsv, type CsvCell, type CsvRow } from "./csv-text.ts";
import type { SourceRecord } from "./import-records.ts";
import type { ProblemList } from "./problems.ts";
import { entityPropertySpecs, relationshipPropertySpecs } from "./property-specs.ts";

type Category = SourceRecord["category"];

/** Columns that identify a record; they are never properties, and surrounding spaces are dropped. */
const RECORD_COLUMNS: Readonly<Record<Category, readonly string[]>> = {
  entity: ["type", "id"],
  relationship: ["type", "id", "from", "to"],
};

const REQUIRED_COLUMNS: Readonly<Record<Category, readonly string[]>> = {
  entity: ["type", "id", "name"],
  relationship: ["type", "from", "to", "sources"],
};

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const KIND_EXPECTATIONS: Readonly<Record<PropertyKind, string>> = {
  string: "text",
  "string[]": "a list of texts separated by |",
  int: "a whole number",
  float: "a number",
  date: "a date as YYYY-MM-DD",
  boolean: "true or false",
};

/**
 * Reads a CSV file of entities (header `type,id,name,…`) or of relationships (header with `from`
 * and `to`). Cells become property values by the kind the domain model gives the column for the
 * row's type; empty cells are left out, since CSV cannot tell an empty text from a missing one.
 */
export function readCsvRecords(text: string, problems: ProblemList): SourceRecord[] {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text).filter((row) => !(row.cells.length === 1 && row.cells[0]?.text.trim() === ""));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.add({ line: error.line, column: error.column, message: error.message });
    return [];
  }
  const header = rows[0];
  if (!header) {
    problems.add({ line: 1, message: "expected a header row naming the columns" });
    return [];
  }
  const columns = header.cells.map((cell) => cell.text.trim());
  const hasFrom = columns.includes("from");
  const hasTo = columns.includes("to");
  const category: Category = hasFrom || hasTo ? "relationship" : "entity";
  if (!checkHeader(header, columns, category, problems)) return [];

  const records: SourceRecord[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.length !== columns.length) {
      problems.add({ line: row.line, message: `expected ${columns.length} cells as in the header, got ${row.cells.length}` });
      continue;
    }
    records.push(rowRecord(row, columns, category, problems));
  }
  return records;
}

/** Reports header problems; false when rows cannot be read against this header. */
function checkHeader(header: CsvRow, columns: readonly string[], category: Category, problems: ProblemList): boolean {
  const before = problems.count;
  const known = new Set([...RECORD_COLUMNS[category], ...(category === "entity" ? allEntityPropertyKinds() : allRelationshipPropertyKinds()).keys()]);
  const seen = new Set<string>();
  header.cells.forEach((cell, index) => {
    const name = columns[index] as string;
    const at = { line: cell.line, column: cell.column };
    if (name === "") {
      problems.add({ ...at, message: `column ${index + 1} has no name` });
    } else if (seen.has(name)) {
      problems.add({ ...at, field: name, message: `column "${name}" appears twice` });
    } else if (!known.has(name)) {
      const what = category === "entity" ? "entity" : "relationship";
      problems.add({ ...at, field: name, message: `unknown column "${name}": no ${what} type has this property (allowed: ${[...known].join(", ")})` });
    }
    seen.add(name);
  });
  for (const required of REQUIRED_COLUMNS[category]) {
    if (!seen.has(required)) {
      const why = category === "relationship" ? "a relationship file (one with from and to columns) needs" : "an entity file needs";
      problems.add({ line: header.line, field: required, message: `missing column "${required}": ${why} ${REQUIRED_COLUMNS[category].join(", ")}` });
    }
  }
  return problems.count === before;
}

/** Rows that fit on one line need no per-field lines: every field is on the row's line. */
const ONE_LINE: ReadonlyMap<string, number> = new Map();

function rowRecord(row: CsvRow, columns: readonly string[], category: Category, problems: ProblemList): SourceRecord {
  const cells = row.cells;
  const spansLines = cells.some((cell) => cell.line !== row.line);
  const fieldLines = spansLines ? new Map(columns.map((name, index) => [name, (cells[index] as CsvCell).line])) : ONE_LINE;
  const recordField = (name: string) => {
    const index = columns.indexOf(name);
    const text = index < 0 ? undefined : cells[index]?.text.trim();
    return text === "" ? undefined : text;
  };
  const type = recordField("type") ?? "";
  const specs = propertySpecsFor(category, type);
  // Column names have been checked against the model, so none of them is "__proto__".
  const properties: Record<string, unknown> = {};
  for (let index = 0; index < columns.length; index++) {
    const name = columns[index] as string;
    const cell = cells[index] as CsvCell;
    if (RECORD_COLUMNS[category].includes(name) || cell.text.trim() === "") continue;
    // Without a known type there is no kind to convert by; the unknown type is reported instead.
    if (!specs) continue;
    const spec = specs.get(name);
    if (!spec) {
      // Left as text so that validation names the property this type does not have.
      properties[name] = cell.text;
      continue;
    }
    const value = cellValue(spec.kind, cell.text);
    if (value === undefined) {
      problems.add({ line: cell.line, field: name, message: `expected ${KIND_EXPECTATIONS[spec.kind]}, got ${JSON.stringify(cell.text)}` });
    } else {
      properties[name] = value;
    }
  }
  const base = { category, line: row.line, type, id: recordField("id"), properties, fieldLines };
  return category === "relationship" ? { ...base, from: recordField("from") ?? "", to: recordField("to") ?? "" } : base;
}

function propertySpecsFor(category: Category, type: string): ReadonlyMap<string, PropertySpec> | undefined {
  if (category === "entity" && isEntityTypeName(type)) return entityPropertySpecs(type).byName;
  if (category === "relationship" && isRelationshipTypeName(type)) return relationshipPropertySpecs(type).byName;
  return undefined;
}

/**
 * Converts a cell by the model's kind. Spaces around numbers, dates and booleans carry no meaning
 * and are dropped; numbers must be written in decimal (Number() alone would also accept "0x1f"
 * and read " " as 0); TRUE and FALSE are accepted as spreadsheets write them.
 */
function cellValue(kind: PropertyKind, text: string): unknown {
  switch (kind) {
    case "string":
    case "string[]":
      return coercePropertyText(kind, text);
    case "int":
    case "float": {
      const trimmed = text.trim();
      return NUMBER_TEXT.test(trimmed) ? coercePropertyText(kind, trimmed) : undefined;
    }
    case "boolean":
      return coercePropertyText(kind, text.trim().toLowerCase());
    case "date":
      return coercePropertyText(kind, text.trim());
  }
}
