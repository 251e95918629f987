import {
  ENTITY_BASE_PROPERTIES,
  RELATIONSHIP_BASE_PROPERTIES,
  entityTypeSpec,
  isEntityTypeName,
  isRelationshipTypeName,
  precisionPropertyName,
  relationshipTypeSpec,
  type PropertySpec,
} from "@kgx/domain";
import type { Language } from "./view-state.ts";

/** Anything with an English name and maybe a Japanese one: an entity, a search hit, a timeline item. */
export interface NamedEntity {
  readonly name: string;
  readonly nameJa?: string | null | undefined;
}

/**
 * The one place that decides how an entity is named on screen: "en" the English name, "ja" the
 * Japanese one (the English where there is none), "both" the two joined by " / " (or by a line
 * break where `separator` says so, as on the canvas). Every list, label and header uses this.
 */
export function displayName(entity: NamedEntity, language: Language, separator = " / "): string {
  const ja = entity.nameJa?.trim();
  if (language === "en" || !ja) return entity.name;
  if (language === "ja") return ja;
  return ja === entity.name ? entity.name : `${entity.name}${separator}${ja}`;
}

/** Whether the Japanese name is what is shown, so that an element can say `lang="ja"`. */
export function showsJapanese(entity: NamedEntity, language: Language): boolean {
  return language === "ja" && Boolean(entity.nameJa?.trim());
}

/**
 * Properties as a reader sees them in the details panel: the model's own properties of the type
 * (not the base ones shown elsewhere), each with its unit. An event's `amount` is read with its
 * own `unit` property (USD, units, …), since the model keeps that unit as data.
 */

export interface PropertyLine {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly description: string;
}

const BASE_ENTITY = new Set(ENTITY_BASE_PROPERTIES.map((p) => p.name));
const BASE_RELATIONSHIP = new Set(RELATIONSHIP_BASE_PROPERTIES.map((p) => p.name));

/** `effectiveFrom` → "Effective from", `revenueSharePercent` → "Revenue share percent". */
export function propertyLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatNumber(value: number): string {
  if (Math.abs(value) >= 1_000_000) {
    return new Intl.NumberFormat("en", { notation: "compact", compactDisplay: "long", maximumFractionDigits: 2 }).format(value);
  }
  return new Intl.NumberFormat("en", { maximumFractionDigits: 2 }).format(value);
}

function withUnit(text: string, unit: string | undefined): string {
  if (!unit) return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

function formatValue(spec: PropertySpec, value: unknown, unit: string | undefined, properties: Readonly<Record<string, unknown>>): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "number") return withUnit(formatNumber(value), unit);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (spec.kind === "date") return formatDate(String(value), precisionIn(properties, spec.name));
  return withUnit(String(value).replace(/_/g, spec.kind === "string" ? " " : "_"), spec.kind === "string" ? undefined : unit);
}

function lines(specs: readonly PropertySpec[], properties: Readonly<Record<string, unknown>>, skip: ReadonlySet<string>): PropertyLine[] {
  const eventUnit = typeof properties["unit"] === "string" ? (properties["unit"] as string) : undefined;
  const out: PropertyLine[] = [];
  for (const spec of specs) {
    // A precision is shown in how its date is written, not as a line of its own.
    if (skip.has(spec.name) || spec.precisionOf) continue;
    const value = properties[spec.name];
    if (value === null || value === undefined || value === "") continue;
    if (spec.name === "amountUpper" && typeof properties["amount"] === "number") continue;
    if (spec.name === "amount" && typeof value === "number") {
      const upper = properties["amountUpper"];
      const range = typeof upper === "number" ? `${formatNumber(value)}–${formatNumber(upper)}` : formatNumber(value);
      out.push({ name: spec.name, label: "Amount", value: withUnit(range, eventUnit), description: spec.description });
      continue;
    }
    out.push({ name: spec.name, label: propertyLabel(spec.name), value: formatValue(spec, value, spec.unit, properties), description: spec.description });
  }
  return out;
}

/** The typed properties of an entity, formatted, in the model's order. */
export function entityPropertyLines(type: string, properties: Readonly<Record<string, unknown>>): PropertyLine[] {
  if (!isEntityTypeName(type)) return [];
  // The event's unit is shown beside its amount, not as a line of its own.
  const skip = new Set([...BASE_ENTITY, ...(type === "Event" && typeof properties["amount"] === "number" ? ["unit"] : [])]);
  return lines(entityTypeSpec(type).properties, properties, skip);
}

/** The typed properties of a relationship (role, metric, ratios…), formatted. */
export function relationshipPropertyLines(type: string, properties: Readonly<Record<string, unknown>>): PropertyLine[] {
  if (!isRelationshipTypeName(type)) return [];
  return lines(relationshipTypeSpec(type).properties, properties, BASE_RELATIONSHIP);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A date as much of it as is known: "22 Jul 2025" (day, or no precision), "week of 14 Jul 2025"
 * (a week is stored as its Monday), "Jul 2025" (a month, stored as its first), "2025" (a year).
 * Anything that is not an ISO date is shown unchanged.
 */
export function formatDate(date: string | null | undefined, precision?: string | null): string {
  if (!date) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const [, year, month, day] = m;
  const monthName = MONTHS[Number(month) - 1] ?? month;
  switch (precision) {
    case "year":
      return `${year}`;
    case "month":
      return `${monthName} ${year}`;
    case "week":
      return `week of ${Number(day)} ${monthName} ${year}`;
    default:
      return `${Number(day)} ${monthName} ${year}`;
  }
}

/** The precision recorded beside a date property (`publishedAt` → `publishedAtPrecision`), if any. */
export function precisionIn(properties: Readonly<Record<string, unknown>>, dateProperty: string): string | undefined {
  const precision = properties[precisionPropertyName(dateProperty)];
  return typeof precision === "string" ? precision : undefined;
}

/**
 * The precision of a date taken from an entity's properties without knowing which property it is
 * (a timeline entry gives the date alone): the precision of a date property holding that value.
 */
export function precisionOfValue(properties: Readonly<Record<string, unknown>>, date: string): string | undefined {
  for (const [name, value] of Object.entries(properties)) {
    if (typeof value === "string" && value.slice(0, 10) === date.slice(0, 10)) {
      const precision = precisionIn(properties, name);
      if (precision) return precision;
    }
  }
  return undefined;
}

export interface RelationshipGroup<T> {
  readonly type: string;
  readonly items: readonly T[];
}

/** Relationships grouped by type, groups in the order the model declares the types. */
export function groupByType<T extends { node: { type: string } }>(items: readonly T[], order: readonly string[]): RelationshipGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.node.type) ?? [];
    list.push(item);
    groups.set(item.node.type, list);
  }
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([type, list]) => ({ type, items: list }));
}
