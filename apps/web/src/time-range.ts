import { ENTITY_TYPES } from "@kgx/domain";

/**
 * Time filtering. Entities are placed in time by the property the domain model names for their
 * type (a policy's `effectiveFrom`..`effectiveTo`, an event's `date`..`endDate`, a statement's
 * `date`, an article's `publishedAt`); relationships by `validFrom`..`validTo`. Dates are
 * `YYYY-MM-DD`, so comparing the strings compares the days.
 */

export interface TimeSpan {
  readonly from: string;
  /** Undefined: a single day, or open-ended for things that still hold. */
  readonly to: string | undefined;
  readonly openEnded: boolean;
}

export interface TimeRange {
  readonly from: string | undefined;
  readonly to: string | undefined;
}

const TIME_PROPERTIES = new Map(ENTITY_TYPES.flatMap((t) => (t.timeProperties ? [[t.name as string, t.timeProperties] as const] : [])));

function dateOf(properties: Readonly<Record<string, unknown>>, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = properties[name];
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/** When an entity holds, or undefined when its type (or its data) places it nowhere in time. */
export function entityTimeSpan(type: string, properties: Readonly<Record<string, unknown>>): TimeSpan | undefined {
  const spec = TIME_PROPERTIES.get(type);
  const from = dateOf(properties, spec?.from);
  if (!spec || !from) return undefined;
  // A policy without an end date is still in force; an event or statement without one is a single day.
  const to = dateOf(properties, spec.to);
  return { from, to, openEnded: spec.to !== undefined && to === undefined && type === "Policy" };
}

/** When a relationship holds, from its `validFrom`/`validTo`; undefined when it carries no time. */
export function relationshipTimeSpan(properties: Readonly<Record<string, unknown>>): TimeSpan | undefined {
  const from = dateOf(properties, "validFrom");
  if (!from) return undefined;
  const to = dateOf(properties, "validTo");
  return { from, to, openEnded: to === undefined };
}

export function isRangeSet(range: TimeRange): boolean {
  return range.from !== undefined || range.to !== undefined;
}

/** Whether something with this span falls (at least partly) in the range. Timeless things always do. */
export function inRange(span: TimeSpan | undefined, range: TimeRange): boolean {
  if (!span) return true;
  const end = span.to ?? (span.openEnded ? undefined : span.from);
  if (range.to !== undefined && span.from > range.to) return false;
  if (range.from !== undefined && end !== undefined && end < range.from) return false;
  return true;
}

/** The earliest and latest day among the spans, to bound the range control. */
export function dateBounds(spans: readonly (TimeSpan | undefined)[]): { min: string; max: string } | undefined {
  const days = spans.flatMap((s) => (s ? [s.from, ...(s.to ? [s.to] : [])] : []));
  if (days.length === 0) return undefined;
  days.sort();
  return { min: days[0] as string, max: days[days.length - 1] as string };
}
