import { entityProperties, isAllowedEndpoint, isEntityTypeName, isRelationshipTypeName, relationshipProperties } from "./lookup.ts";
import { DATE_PRECISIONS, type EntityTypeName, type PropertyKind, type PropertySpec, type RelationshipTypeName } from "./model.ts";

/** A property value as it travels between layers: JSON-safe; dates are `YYYY-MM-DD` strings. */
export type PropertyValue = string | number | boolean | string[] | null;

/** An entity as written to the store: its type, its stable id and its properties (name, nameJa, … included). */
export interface EntityRecord {
  readonly type: EntityTypeName;
  readonly id: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

/** A relationship as written to the store. `sources` and `claim` live in `properties`. */
export interface RelationshipRecord {
  readonly type: RelationshipTypeName;
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

/** One thing wrong with a record, naming the field so the person who wrote it can find it. */
export interface RecordProblem {
  readonly field: string;
  readonly message: string;
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,127}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function checkValue(spec: PropertySpec, value: unknown, field: string): RecordProblem | null {
  if (value === null || value === undefined) return null;
  const bad = (expected: string): RecordProblem => ({
    field,
    message: `expected ${expected}, got ${JSON.stringify(value)?.slice(0, 60) ?? typeof value}`,
  });
  switch (spec.kind) {
    case "string":
      return typeof value === "string" ? null : bad("a string");
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string") ? null : bad("a list of strings");
    case "int":
      return typeof value === "number" && Number.isSafeInteger(value) ? null : bad("a whole number");
    case "float":
      return typeof value === "number" && Number.isFinite(value) ? null : bad("a number");
    case "boolean":
      return typeof value === "boolean" ? null : bad("true or false");
    case "date":
      return typeof value === "string" && isIsoDate(value) ? null : bad("a date as YYYY-MM-DD");
  }
}

function checkProperties(specs: readonly PropertySpec[], properties: Readonly<Record<string, unknown>>, typeName: string): RecordProblem[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const problems: RecordProblem[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const spec = byName.get(key);
    if (!spec) {
      problems.push({ field: key, message: `${typeName} has no property "${key}" (allowed: ${specs.map((s) => s.name).join(", ")})` });
      continue;
    }
    const problem = checkValue(spec, value, key);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * A precision says how much of its date is known, and a month or a year is stored as its first
 * day: "2025-04" is written 2025-04-01 with precision month, "the week before 22 July 2025" 2025-07-14 with precision week. A precision without its date, or a
 * month-precision date that is not the first of a month, would show a reader a date nobody gave.
 */
function checkDatePrecisions(specs: readonly PropertySpec[], properties: Readonly<Record<string, unknown>>): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const spec of specs) {
    if (!spec.precisionOf) continue;
    const precision = properties[spec.name];
    if (precision === null || precision === undefined) continue;
    if (typeof precision !== "string" || !(DATE_PRECISIONS as readonly string[]).includes(precision)) {
      problems.push({ field: spec.name, message: `expected one of ${DATE_PRECISIONS.join(", ")}, got ${JSON.stringify(precision)?.slice(0, 60)}` });
      continue;
    }
    const date = properties[spec.precisionOf];
    if (typeof date !== "string" || !isIsoDate(date)) {
      problems.push({ field: spec.name, message: `a precision needs its date: ${spec.precisionOf} is not set` });
    } else if (precision === "week" && new Date(`${date}T00:00:00Z`).getUTCDay() !== 1) {
      problems.push({ field: spec.name, message: `a week-precision ${spec.precisionOf} is stored as the Monday of its week, got ${date}` });
    } else if ((precision === "month" && !date.endsWith("-01")) || (precision === "year" && !date.endsWith("-01-01"))) {
      problems.push({ field: spec.name, message: `a ${precision}-precision ${spec.precisionOf} is stored as the first day of its ${precision}, got ${date}` });
    }
  }
  return problems;
}

/** `¶3`, `¶2–3` or `¶2, ¶5`: paragraph numbers of the source text, counted as docs/knowledge-model.md says. */
export const LOCATOR_PATTERN = /^¶\d+(?:[–-]\d+)?(?:, ¶\d+(?:[–-]\d+)?)*$/;

/** One locator per source, in the same order: a list of another length cannot say which source each belongs to. */
function checkLocators(properties: Readonly<Record<string, unknown>>): RecordProblem[] {
  const locators = properties["locators"];
  const sources = properties["sources"];
  if (locators === null || locators === undefined || !Array.isArray(locators)) return [];
  const problems: RecordProblem[] = [];
  const sourceCount = Array.isArray(sources) ? sources.length : 0;
  if (locators.length !== sourceCount) {
    problems.push({ field: "locators", message: `needs one locator per source: ${locators.length} locators for ${sourceCount} sources` });
  }
  locators.forEach((locator, index) => {
    // An empty string keeps the place of a source whose locator is not recorded, so a source added later can carry its own.
    if (typeof locator === "string" && locator !== "" && !LOCATOR_PATTERN.test(locator)) {
      problems.push({
        field: `locators[${index}]`,
        message: `expected paragraph numbers such as ¶3, ¶2–3 or ¶2, ¶5, got ${JSON.stringify(locator).slice(0, 60)}`,
      });
    }
  });
  return problems;
}

/**
 * Lists kept per source (quotes, sourceClaims) follow the same rule as locators: one entry per
 * source, in the same order, or the list cannot say which source each entry belongs to.
 */
function checkParallelToSources(properties: Readonly<Record<string, unknown>>, name: string, what: string): RecordProblem[] {
  const list = properties[name];
  if (list === null || list === undefined || !Array.isArray(list)) return [];
  const sources = properties["sources"];
  const sourceCount = Array.isArray(sources) ? sources.length : 0;
  return list.length === sourceCount
    ? []
    : [{ field: name, message: `needs one ${what} per source (an empty string where there is none): ${list.length} for ${sourceCount} sources` }];
}

/** Checks an entity against the domain model. An empty list means the record may be written. */
export function validateEntityRecord(record: { type: string; id: unknown; properties: Readonly<Record<string, unknown>> }): RecordProblem[] {
  const problems: RecordProblem[] = [];
  if (!isEntityTypeName(record.type)) {
    return [{ field: "type", message: `unknown entity type "${record.type}"` }];
  }
  if (typeof record.id !== "string" || !ID_PATTERN.test(record.id)) {
    problems.push({ field: "id", message: `id must be a lowercase slug (a-z, 0-9, . _ : -), got ${JSON.stringify(record.id)}` });
  }
  const name = record.properties["name"];
  if (typeof name !== "string" || name.trim() === "") problems.push({ field: "name", message: "name is required" });
  const props = { ...record.properties };
  delete props["id"];
  problems.push(...checkProperties(entityProperties(record.type), props, record.type));
  problems.push(...checkDatePrecisions(entityProperties(record.type), props));
  return problems;
}

/**
 * Checks a relationship against the domain model. `typeOf` resolves the entity type of an
 * endpoint id (from the same import or from the store); undefined means the endpoint is missing.
 */
export function validateRelationshipRecord(
  record: { type: string; id: unknown; from: unknown; to: unknown; properties: Readonly<Record<string, unknown>> },
  typeOf: (id: string) => EntityTypeName | undefined,
): RecordProblem[] {
  if (!isRelationshipTypeName(record.type)) return [{ field: "type", message: `unknown relationship type "${record.type}"` }];
  const problems: RecordProblem[] = [];
  if (typeof record.id !== "string" || !ID_PATTERN.test(record.id)) {
    problems.push({ field: "id", message: `id must be a lowercase slug (a-z, 0-9, . _ : -), got ${JSON.stringify(record.id)}` });
  }
  const fromType = typeof record.from === "string" ? typeOf(record.from) : undefined;
  const toType = typeof record.to === "string" ? typeOf(record.to) : undefined;
  if (!fromType) problems.push({ field: "from", message: `no entity with id ${JSON.stringify(record.from)}` });
  if (!toType) problems.push({ field: "to", message: `no entity with id ${JSON.stringify(record.to)}` });
  if (fromType && toType && !isAllowedEndpoint(record.type, fromType, toType)) {
    problems.push({ field: "type", message: `${record.type} cannot connect ${fromType} to ${toType}` });
  }
  const sources = record.properties["sources"];
  if (!Array.isArray(sources) || sources.length === 0) {
    problems.push({ field: "sources", message: "every relationship needs at least one source (an id of a Source entity)" });
  } else {
    for (const s of sources) {
      if (typeof s === "string" && typeOf(s) !== undefined && typeOf(s) !== "Source") {
        problems.push({ field: "sources", message: `${JSON.stringify(s)} is not a Source entity` });
      } else if (typeof s === "string" && typeOf(s) === undefined) {
        problems.push({ field: "sources", message: `no Source entity with id ${JSON.stringify(s)}` });
      }
    }
  }
  const props = { ...record.properties };
  delete props["id"];
  problems.push(...checkProperties(relationshipProperties(record.type), props, record.type));
  problems.push(...checkDatePrecisions(relationshipProperties(record.type), props));
  problems.push(...checkLocators(props));
  problems.push(...checkParallelToSources(props, "quotes", "quote"));
  problems.push(...checkParallelToSources(props, "sourceClaims", "claim"));
  return problems;
}

/** Turns a raw text value (from CSV, say) into the kind a property expects. Returns undefined when it cannot. */
export function coercePropertyText(kind: PropertyKind, text: string): PropertyValue | undefined {
  if (text === "") return null;
  switch (kind) {
    case "string":
    case "date":
      return text;
    case "string[]":
      return text
        .split("|")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    case "int": {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case "float": {
      const n = Number(text);
      return Number.isFinite(n) ? n : undefined;
    }
    case "boolean":
      return text === "true" ? true : text === "false" ? false : undefined;
  }
}
