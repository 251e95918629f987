import { isEntityTypeName, isRelationshipTypeName, type EntityTypeName } from "@kgx/domain";
import { badUserInput } from "./errors.ts";

/**
 * Checks of GraphQL arguments, done before the store is asked, so a refusal names the argument
 * as the client wrote it (`first`, `types`, `input.validFrom`) rather than the store's option.
 */

/** A whole-number argument's default and range. */
export interface ArgumentBounds {
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The bounds of the list, depth and path arguments. The resolvers enforce them and the SDL states
 * them (defaults and the ranges in the descriptions are read from here), so the two cannot drift.
 * They sit at or inside the store's own bounds: the API pages more finely than the store allows.
 */
export const LIST_LIMITS = {
  searchFirst: { fallback: 10, min: 1, max: 100 },
  entitiesFirst: { fallback: 50, min: 1, max: 500 },
  relationshipsFirst: { fallback: 20, min: 1, max: 500 },
  neighborhoodLimit: { fallback: 100, min: 1, max: 1000 },
  neighborhoodDepth: { fallback: 1, min: 1, max: 3 },
  maxHops: { fallback: 6, min: 1, max: 10 },
  pathCount: { fallback: 3, min: 1, max: 10 },
} as const satisfies Record<string, ArgumentBounds>;

/** What `timeline` shows when it is given no types. */
export const TIMELINE_DEFAULT_TYPES: readonly EntityTypeName[] = ["Event", "Policy", "Statement"];

/** Rows a `cypher` field asks for when it names no `limit`; the server's row limit still caps it. */
export const CYPHER_DEFAULT_ROW_LIMIT = 1000;

/** "1 to 500": the range as a description states it. */
export function rangeText(bounds: ArgumentBounds): string {
  return `${bounds.min} to ${bounds.max}`;
}

export function intInRange(value: number | null | undefined, fallback: number, min: number, max: number, field: string): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badUserInput(field, `must be a whole number from ${min} to ${max}, got ${value}.`, { min, max });
  }
  return value;
}

export function withinBounds(value: number | null | undefined, bounds: ArgumentBounds, field: string): number {
  return intInRange(value, bounds.fallback, bounds.min, bounds.max, field);
}

export function entityTypeNames(types: readonly string[] | null | undefined, field: string): string[] {
  const list = [...new Set(types ?? [])];
  for (const t of list) {
    if (!isEntityTypeName(t)) throw badUserInput(field, `unknown entity type "${t}"; see graphSchema.entityTypes for the types.`);
  }
  return list;
}

export function relationshipTypeNames(types: readonly string[] | null | undefined, field: string): string[] {
  const list = [...new Set(types ?? [])];
  for (const t of list) {
    if (!isRelationshipTypeName(t)) throw badUserInput(field, `unknown relationship type "${t}"; see graphSchema.relationshipTypes for the types.`);
  }
  return list;
}

/**
 * Cursors are opaque to clients; inside they are the offset of the item in its list. Offsets are
 * honest for this graph (lists are ordered by stable keys and change only through writes) and let
 * every backend page the same way.
 */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, "utf8").toString("base64url");
}

/** The offset to continue from after the given cursor (0 without one). */
export function offsetAfter(cursor: string | null | undefined, field: string): number {
  if (cursor === null || cursor === undefined) return 0;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badUserInput(field, "is not a cursor this API gave out; use a `cursor` or `pageInfo.endCursor` from an earlier page.");
  return Number(match[1]) + 1;
}

export function pageInfo(offset: number, count: number, totalCount: number) {
  return {
    hasNextPage: offset + count < totalCount,
    hasPreviousPage: offset > 0,
    startCursor: count > 0 ? encodeCursor(offset) : null,
    endCursor: count > 0 ? encodeCursor(offset + count - 1) : null,
  };
}
