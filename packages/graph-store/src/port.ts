import type { EntityRecord, EntityTypeName, RelationshipRecord } from "@kgx/domain";

/**
 * The graph store port. Everything above the store — the CLI, the GraphQL API, the tests — talks
 * to this interface only; the embedded (Kùzu) and Neo4j adapters implement it side by side and
 * pass one contract suite (test/contract).
 */

/** A JSON-safe value. Dates arrive as `YYYY-MM-DD` strings, 64-bit integers as numbers when safe, else strings. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A node, whichever backend answered. `id` is the entity's own key, stable across restarts. */
export interface GraphNode {
  readonly kind: "node";
  readonly id: string;
  readonly type: string;
  /** Every non-null property except `id` (name, nameJa, aliases, description, typed properties). */
  readonly properties: Readonly<Record<string, JsonValue>>;
}

/** A relationship, whichever backend answered; `source`/`target` are entity ids, direction as stored. */
export interface GraphRelationship {
  readonly kind: "relationship";
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
  /** Every non-null property except `id` (sources, claim, validFrom, validTo, typed properties). */
  readonly properties: Readonly<Record<string, JsonValue>>;
}

export interface GraphPath {
  readonly kind: "path";
  /** nodes[i] and nodes[i+1] are joined by relationships[i] (in either direction). */
  readonly nodes: readonly GraphNode[];
  readonly relationships: readonly GraphRelationship[];
}

/** One cell of a Cypher result: a JSON value or a graph element. */
export type ResultValue = JsonValue | GraphNode | GraphRelationship | GraphPath | readonly ResultValue[] | { readonly [key: string]: ResultValue };

export type BackendName = "embedded" | "neo4j";

export type Direction = "out" | "in" | "both";

/**
 * How a hit matched, best first. `similar` hits come after every other kind: names a few edits
 * away from the query, or equal to it once kana, width and separators are folded.
 */
export type SearchRank = "exact" | "alias" | "prefix" | "contains" | "similar";

export interface SearchOptions {
  /** Only these entity types; all when absent or empty. */
  readonly types?: readonly string[];
  /** At most this many hits (default 10, at most 100). */
  readonly limit?: number;
  /** Fill the hits left after the direct matches with `similar` ones (default true). */
  readonly similar?: boolean;
}

export interface SearchHit {
  readonly node: GraphNode;
  /** Why it matched, best first: the whole name, a whole alias, the start of a name or alias, or anywhere in one. */
  readonly rank: SearchRank;
  /** The name or alias that matched. */
  readonly matched: string;
}

export interface NeighborhoodOptions {
  /**
   * How many hops out from the centre (default 1, at most 3). Each hop follows `direction` and
   * `relationshipTypes`; a neighbour counts once, at its shortest distance.
   */
  readonly depth?: number;
  readonly direction?: Direction;
  /** Only relationships of these types; all when absent or empty. */
  readonly relationshipTypes?: readonly string[];
  /** At most this many neighbours (default 100). */
  readonly limit?: number;
  /** Skip this many neighbours first, for "load more" (default 0). */
  readonly offset?: number;
}

export interface Neighborhood {
  readonly center: GraphNode;
  /** Neighbours in a stable order (nearest first, then by name, then id), at most `limit` of them. */
  readonly nodes: readonly GraphNode[];
  /**
   * Every relationship that passes the filters, joins two of the returned entities (the centre
   * included) and was crossed while expanding: one of its ends is fewer than `depth` hops from the
   * centre (for `out`, its source; for `in`, its target). At depth 1: the centre's relationships
   * with the returned neighbours.
   */
  readonly relationships: readonly GraphRelationship[];
  /** How many distinct neighbours pass the filters in all: "showing nodes.length of totalNeighbors". */
  readonly totalNeighbors: number;
  readonly truncated: boolean;
}

export interface RelationshipPageOptions {
  /** Relationships leaving the entity (`out`), arriving at it (`in`), or both (default). */
  readonly direction?: Direction;
  /** Only relationships of these types; all when absent or empty. */
  readonly relationshipTypes?: readonly string[];
  /** At most this many relationships per entity (default 50, at most 10000). */
  readonly limit?: number;
  /** Skip this many relationships of each entity first (default 0). */
  readonly offset?: number;
}

/** One entity's relationships, a page of them, and how many there are in all. */
export interface RelationshipPage {
  /** Ordered by type, then relationship id, then source and target ids. */
  readonly relationships: readonly GraphRelationship[];
  /** How many relationships of this entity pass the filters in all. */
  readonly totalCount: number;
}

export interface EntityListOptions {
  /** Only entities of these types; all when absent or empty. */
  readonly types?: readonly string[];
  /** At most this many entities (default 50, at most 10000). */
  readonly limit?: number;
  /** Skip this many entities first (default 0). */
  readonly offset?: number;
}

export interface EntityPage {
  /** Ordered by name, then id. */
  readonly nodes: readonly GraphNode[];
  /** How many entities pass the filter in all. */
  readonly totalCount: number;
}

export interface ShortestPathOptions {
  /** Longest path considered, in relationships (default 6, at most 10). */
  readonly maxHops?: number;
  /** Only relationships of these types; every type when absent or empty. */
  readonly relationshipTypes?: readonly string[];
  /**
   * Never relationships of these types, e.g. MENTIONS, REPORTED_IN and CITES for a path of what
   * happened rather than of who was named in one article.
   */
  readonly excludeRelationshipTypes?: readonly string[];
}

export interface ShortestPathsOptions extends ShortestPathOptions {
  /** How many paths at most (default 1, at most 10). */
  readonly k?: number;
  /**
   * Never through entities of these types (the types the explorer hides): a path neither passes
   * through nor ends at one.
   */
  readonly excludeEntityTypes?: readonly string[];
}

/** A closed date range; either end may be open. Dates are `YYYY-MM-DD`. */
export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

export interface ValidDuring {
  /** Entities with a time of their own (events, policies, statements, sources) that overlaps the range, in date order. */
  readonly entities: readonly GraphNode[];
  /** Relationships whose validity (validFrom..validTo) overlaps the range; those without dates are left out. */
  readonly relationships: readonly GraphRelationship[];
}

export interface TypeCount {
  readonly name: string;
  readonly count: number;
  /** Property names the domain model allows for this type. */
  readonly properties: readonly string[];
}

/** How many relationships of one type go from entities of one type to entities of another, as stored. */
export interface ConnectionCount {
  readonly relationshipType: string;
  /** Entity type of the relationships' sources. */
  readonly from: string;
  /** Entity type of the relationships' targets. */
  readonly to: string;
  readonly count: number;
}

export interface SchemaSummary {
  readonly entityTypes: readonly TypeCount[];
  readonly relationshipTypes: readonly TypeCount[];
  /**
   * Every (relationship type, from type, to type) the graph holds at least one relationship of,
   * in the model's order of relationship types, then by from and to type.
   */
  readonly connections: readonly ConnectionCount[];
}

export interface StoreStats {
  readonly entities: number;
  readonly relationships: number;
  /** Relationships whose `sources` list is missing or empty; kgx's promise is that this is 0. */
  readonly relationshipsWithoutSource: number;
  readonly entitiesByType: Readonly<Record<string, number>>;
  readonly relationshipsByType: Readonly<Record<string, number>>;
}

export interface ReadQueryOptions {
  /** Stop the query after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Return at most this many rows and say `truncated` (default 1000). */
  readonly rowLimit?: number;
}

export interface ReadQueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ResultValue[])[];
  readonly truncated: boolean;
  readonly elapsedMs: number;
  readonly backend: BackendName;
}

/** Entities and relationships to write together, all or nothing. */
export interface GraphBatch {
  readonly entities: readonly EntityRecord[];
  readonly relationships: readonly RelationshipRecord[];
}

/**
 * Writes and deletions to apply together, all or nothing: what committing an article or undoing
 * one needs. Relationships are deleted first, then the batch is upserted (validated as writeBatch
 * validates it), then the entities are deleted.
 */
export interface GraphChange {
  readonly upsert?: GraphBatch;
  /** Ids of relationships to delete; an id the store lacks refuses the whole change (NOT_FOUND). */
  readonly deleteRelationships?: readonly string[];
  /**
   * Ids of entities to delete. An entity still joined by a relationship the change does not delete
   * refuses the whole change (INVALID_INPUT): deleting it would silently take those along.
   */
  readonly deleteEntities?: readonly string[];
}

export interface ChangeSummary extends WriteSummary {
  readonly relationshipsDeleted: number;
  readonly entitiesDeleted: number;
}

export interface WriteProgress {
  readonly done: number;
  readonly total: number;
}

export interface WriteOptions {
  readonly onProgress?: (progress: WriteProgress) => void;
  /** When aborted, the write stops at the next chunk or statement and rolls back (CANCELLED). */
  readonly signal?: AbortSignal;
}

/** One statement of a trusted script, with where it came from for error messages. */
export interface ScriptStatement {
  readonly text: string;
  readonly file?: string;
  /** 1-based line where the statement starts in its file. */
  readonly line?: number;
}

export interface WriteSummary {
  readonly entitiesWritten: number;
  readonly relationshipsWritten: number;
}

export interface GraphStore {
  readonly backend: BackendName;
  /** Where the data lives, for logs: a directory or a URI without credentials. */
  readonly location: string;

  /** Creates the tables (Kùzu) or constraints and indexes (Neo4j) the domain model needs. Idempotent. */
  applySchema(): Promise<void>;

  getEntity(id: string): Promise<GraphNode | null>;
  /** Several entities in one round trip; missing ids are left out. */
  getEntities(ids: readonly string[]): Promise<GraphNode[]>;
  /** Entity types of the given ids that exist; used to validate relationship endpoints. */
  entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>>;

  /** A page of entities with the total, in one round trip. */
  listEntities(options?: EntityListOptions): Promise<EntityPage>;
  /**
   * The relationships of several entities at once, a page per entity, in one round trip: the way
   * to answer "these entities and their relationships" without one query per entity. Every id
   * asked gets an entry; an unknown id gets an empty page. A relationship between two of the ids
   * appears in the page of each; a relationship from an entity to itself appears once.
   */
  relationshipsOfMany(ids: readonly string[], options?: RelationshipPageOptions): Promise<Map<string, RelationshipPage>>;

  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  neighborhood(id: string, options?: NeighborhoodOptions): Promise<Neighborhood>;
  shortestPath(fromId: string, toId: string, options?: ShortestPathOptions): Promise<GraphPath | null>;
  /**
   * Up to `k` simple paths (no entity twice), shortest first; paths of one length in the order of
   * the ids of their entities, then of their relationships' types and ids. The same on every backend.
   */
  shortestPaths(fromId: string, toId: string, options?: ShortestPathsOptions): Promise<GraphPath[]>;
  validDuring(range: DateRange): Promise<ValidDuring>;
  schemaSummary(): Promise<SchemaSummary>;
  stats(): Promise<StoreStats>;

  /** Runs one read-only Cypher statement written by a user. Writes, file access and multiple statements are refused. */
  runReadQuery(statement: string, params?: Readonly<Record<string, unknown>>, options?: ReadQueryOptions): Promise<ReadQueryResult>;

  /** Validates and writes entities and relationships in one transaction: all of them or none. */
  writeBatch(batch: GraphBatch, options?: WriteOptions): Promise<WriteSummary>;
  /** Runs trusted Cypher (the shipped knowledge, an operator's import file) in one transaction: all or none. */
  runScript(statements: readonly ScriptStatement[], options?: WriteOptions): Promise<void>;
  /** Removes one relationship by id; false when there was none. */
  deleteRelationship(id: string): Promise<boolean>;
  /**
   * Deletes relationships, upserts a batch and deletes entities in one transaction: all of it or
   * none. Search sees upserted entities and forgets deleted ones as soon as it resolves.
   */
  applyChange(change: GraphChange, options?: WriteOptions): Promise<ChangeSummary>;

  /** Every entity and relationship as records, for export. */
  exportAll(): Promise<GraphBatch>;

  /** Waits for work in flight, closes every result and connection. Safe to call twice. */
  close(): Promise<void>;
}
