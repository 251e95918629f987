import { isEntityTypeName, isRelationshipTypeName, type EntityTypeName, type RelationshipTypeName } from "@kgx/domain";
import { GraphStoreError } from "./errors.ts";
import { BOUNDS, checkDate, checkDirection, checkParamDepth, knownTypes, pathRelationshipTypes, wholeNumber } from "./options.ts";
import type {
  DateRange,
  Direction,
  EntityListOptions,
  GraphBatch,
  GraphChange,
  NeighborhoodOptions,
  ReadQueryOptions,
  RelationshipPageOptions,
  ScriptStatement,
  SearchOptions,
  ShortestPathOptions,
} from "./port.ts";
import { checkBatchTypes, checkChangeShape } from "./batch-validation.ts";
import { checkReadOnlyCypher } from "./cypher-text.ts";

/**
 * What an adapter is asked, once the validating front (validating-store.ts) has checked and
 * normalised a caller's arguments: every default filled in, every bound and type name checked,
 * ids known to be non-empty strings. Adapters take these and check nothing again, so both
 * backends refuse the same input with the same message.
 */

export interface SearchRequest {
  /** As the caller typed it, for the similar-name pass (which folds on its own). */
  readonly query: string;
  /** NFKC-folded, trimmed and lower-cased: what names are compared with. Never empty. */
  readonly text: string;
  readonly limit: number;
  readonly types: readonly EntityTypeName[];
  readonly similar: boolean;
}

export interface NeighborhoodRequest {
  readonly id: string;
  readonly depth: number;
  readonly direction: Direction;
  readonly relationshipTypes: readonly RelationshipTypeName[];
  readonly limit: number;
  readonly offset: number;
}

export interface RelationshipsRequest {
  readonly direction: Direction;
  readonly relationshipTypes: readonly RelationshipTypeName[];
}

export interface EntityListRequest {
  readonly types: readonly EntityTypeName[];
  readonly limit: number;
  readonly offset: number;
}

export interface ShortestPathRequest {
  readonly fromId: string;
  readonly toId: string;
  readonly maxHops: number;
  /** Undefined for every type; else the types a path may use, which may be none. */
  readonly relationshipTypes: readonly RelationshipTypeName[] | undefined;
}

export interface DateRangeRequest {
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export interface ReadQueryRequest {
  readonly statement: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly timeoutMs: number;
  readonly rowLimit: number;
}

export interface ChangeRequest {
  readonly upsert: GraphBatch;
  readonly deleteRelationships: readonly string[];
  readonly deleteEntities: readonly string[];
}

// One rule per kind of value ------------------------------------------------------------------

/** An entity or relationship id: a non-empty string. */
export function checkId(value: unknown, field: string, kind: "entity" | "relationship" = "entity"): string {
  if (typeof value !== "string" || value === "") {
    throw new GraphStoreError("INVALID_INPUT", `${field} must be ${kind === "entity" ? "an entity" : "a relationship"} id`, { location: { field } });
  }
  return value;
}

/** A list of ids as a lookup takes it: duplicates and values that cannot be ids are dropped (they match nothing). */
export function usableIds(ids: readonly unknown[]): string[] {
  if (!Array.isArray(ids)) throw new GraphStoreError("INVALID_INPUT", "ids must be a list of entity ids", { location: { field: "ids" } });
  return [...new Set(ids)].filter((id): id is string => typeof id === "string" && id !== "");
}

export function entityTypeList(types: readonly string[] | undefined, field: string): EntityTypeName[] {
  return knownTypes(types, isEntityTypeName, field) as EntityTypeName[];
}

export function relationshipTypeList(types: readonly string[] | undefined, field: string): RelationshipTypeName[] {
  return knownTypes(types, isRelationshipTypeName, field) as RelationshipTypeName[];
}

function optionsObject<T extends object>(options: T | undefined, field: string): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new GraphStoreError("INVALID_INPUT", `${field} must be an object`, { location: { field } });
  }
  return options;
}

/** Cypher parameters: a map of names to values, nested no deeper than MAX_PARAM_DEPTH. */
export function checkParams(params: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> {
  const map = optionsObject(params, "params");
  checkParamDepth(map);
  return map;
}

// Requests ------------------------------------------------------------------------------------

export function searchRequest(query: string, options: SearchOptions | undefined): SearchRequest {
  const given = optionsObject(options, "options");
  if (typeof query !== "string") throw new GraphStoreError("INVALID_INPUT", "query must be text", { location: { field: "query" } });
  const limit = wholeNumber(given.limit, BOUNDS.searchLimit, "limit");
  const types = entityTypeList(given.types, "types");
  // NFKC folds full-width Latin letters and digits, common in Japanese text, to their usual forms.
  const text = query.normalize("NFKC").trim().toLowerCase();
  return { query, text, limit, types, similar: given.similar !== false };
}

export function neighborhoodRequest(id: string, options: NeighborhoodOptions | undefined): NeighborhoodRequest {
  const given = optionsObject(options, "options");
  return {
    depth: wholeNumber(given.depth, BOUNDS.neighborDepth, "depth"),
    limit: wholeNumber(given.limit, BOUNDS.neighborLimit, "limit"),
    offset: wholeNumber(given.offset, BOUNDS.offset, "offset"),
    relationshipTypes: relationshipTypeList(given.relationshipTypes, "relationshipTypes"),
    direction: checkDirection(given.direction),
    id: checkId(id, "id"),
  };
}

export function relationshipPageRequest(options: RelationshipPageOptions | undefined): RelationshipsRequest & { limit: number; offset: number } {
  const given = optionsObject(options, "options");
  return {
    relationshipTypes: relationshipTypeList(given.relationshipTypes, "relationshipTypes"),
    limit: wholeNumber(given.limit, BOUNDS.pageLimit, "limit"),
    offset: wholeNumber(given.offset, BOUNDS.offset, "offset"),
    direction: checkDirection(given.direction),
  };
}

export function entityListRequest(options: EntityListOptions | undefined): EntityListRequest {
  const given = optionsObject(options, "options");
  return {
    types: entityTypeList(given.types, "types"),
    limit: wholeNumber(given.limit, BOUNDS.pageLimit, "limit"),
    offset: wholeNumber(given.offset, BOUNDS.offset, "offset"),
  };
}

export function shortestPathRequest(fromId: string, toId: string, options: ShortestPathOptions | undefined): ShortestPathRequest {
  const given = optionsObject(options, "options");
  const maxHops = wholeNumber(given.maxHops, BOUNDS.maxHops, "maxHops");
  const relationshipTypes = pathRelationshipTypes(given) as RelationshipTypeName[] | undefined;
  return { fromId: checkId(fromId, "from"), toId: checkId(toId, "to"), maxHops, relationshipTypes };
}

export function dateRangeRequest(range: DateRange | undefined): DateRangeRequest {
  const given = optionsObject(range, "range");
  const from = checkDate(given.from, "from");
  const to = checkDate(given.to, "to");
  if (from !== undefined && to !== undefined && from > to) {
    throw new GraphStoreError("INVALID_INPUT", `from (${from}) is after to (${to})`, { location: { field: "from" } });
  }
  return { from, to };
}

export function readQueryRequest(
  statement: string,
  params: Readonly<Record<string, unknown>> | undefined,
  options: ReadQueryOptions | undefined,
): ReadQueryRequest {
  const given = optionsObject(options, "options");
  const timeoutMs = wholeNumber(given.timeoutMs, BOUNDS.timeoutMs, "timeoutMs");
  const rowLimit = wholeNumber(given.rowLimit, BOUNDS.rowLimit, "rowLimit");
  if (typeof statement !== "string") throw new GraphStoreError("INVALID_INPUT", "statement must be text", { location: { field: "statement" } });
  // Writes, file access and several statements are refused here, before any backend sees the text.
  checkReadOnlyCypher(statement);
  return { statement, params: checkParams(params), timeoutMs, rowLimit };
}

export function batchRequest(batch: GraphBatch): GraphBatch {
  if (typeof batch !== "object" || batch === null)
    throw new GraphStoreError("INVALID_INPUT", "Nothing was written; a batch needs an entities list and a relationships list.");
  checkBatchTypes(batch);
  return batch;
}

export function changeRequest(change: GraphChange): ChangeRequest {
  if (typeof change !== "object" || change === null) throw new GraphStoreError("INVALID_INPUT", "Nothing was changed; a change must be an object.");
  const upsert = checkChangeShape(change);
  return {
    upsert,
    deleteRelationships: [...new Set(change.deleteRelationships ?? [])],
    deleteEntities: [...new Set(change.deleteEntities ?? [])],
  };
}

export function scriptRequest(statements: readonly ScriptStatement[]): readonly ScriptStatement[] {
  if (!Array.isArray(statements)) throw new GraphStoreError("INVALID_INPUT", "A script is a list of statements.", { location: { field: "statements" } });
  statements.forEach((statement: unknown, index) => {
    const text = (statement as { text?: unknown } | null)?.text;
    if (typeof text !== "string") {
      throw new GraphStoreError("INVALID_INPUT", `Statement #${index + 1} of the script has no text.`, { location: { field: `statements[${index}].text` } });
    }
  });
  return statements;
}
