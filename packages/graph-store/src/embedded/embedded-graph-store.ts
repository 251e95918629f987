import {
  ENTITY_TYPES,
  RELATIONSHIP_TYPES,
  entityProperties,
  isEntityTypeName,
  isRelationshipTypeName,
  kuzuSchemaStatements,
  kuzuTableColumns,
  relationshipProperties,
  relationshipTypeSpec,
  type EntityRecord,
  type EntityTypeName,
  type PropertyKind,
  type PropertyValue,
  type RelationshipRecord,
  type RelationshipTypeName,
} from "@kgx/domain";
import type { KuzuValue } from "kuzu";
import {
  checkChangeShape,
  entitiesStillJoinedError,
  missingForChangeError,
  newlyUnsourced,
  unsourcedRelationshipsError,
  validateBatch,
  type UnsourcedRelationship,
} from "../batch-validation.ts";
import { canonicalCypherText, checkReadOnlyCypher } from "../cypher-text.ts";
import { DEFAULT_KUZU_BUFFER_POOL_MIB } from "../config.ts";
import { GraphStoreError } from "../errors.ts";
import { orderedConnections } from "../schema-counts.ts";
import {
  BOUNDS,
  checkDate,
  checkDirection,
  checkParamDepth,
  compareByNameThenId,
  compareRelationships,
  crossedWhileExpanding,
  pathRelationshipTypes,
  knownTypes,
  relationshipKey,
  throwIfCancelled,
  wholeNumber,
} from "../options.ts";
import type {
  ChangeSummary,
  ConnectionCount,
  DateRange,
  Direction,
  EntityListOptions,
  EntityPage,
  GraphBatch,
  GraphChange,
  GraphNode,
  GraphPath,
  GraphRelationship,
  GraphStore,
  Neighborhood,
  NeighborhoodOptions,
  ReadQueryOptions,
  ReadQueryResult,
  RelationshipPage,
  RelationshipPageOptions,
  ResultValue,
  SchemaSummary,
  ScriptStatement,
  SearchHit,
  SearchOptions,
  SearchRank,
  ShortestPathOptions,
  ShortestPathsOptions,
  StoreStats,
  ValidDuring,
  WriteOptions,
  WriteSummary,
} from "../port.ts";
import { bulkCopyPlan } from "./bulk-copy.ts";
import { checkKnownKuzuCrashes } from "./kuzu-crash-guard.ts";
import { checkKuzuReadPlan, parseKuzuPlan } from "./kuzu-read-plan.ts";
import { mapKuzuError, checkEmbeddedParams } from "./kuzu-errors.ts";
import { returnColumnNames } from "../cypher-columns.ts";
import { kuzuSpelling, neo4jHabitHint, refuseSizeOfPattern } from "./neo4j-habits.ts";
import { KuzuHandle, type KuzuRow, type KuzuSession } from "./kuzu-handle.ts";
import { SearchIndex, type SearchIndexRow } from "./search-index.ts";
import * as cypher from "./statements.ts";
import {
  collectNodes,
  internalIdKey,
  isKuzuNode,
  isKuzuPath,
  isKuzuRel,
  toGraphNode,
  toGraphPath,
  toGraphRelationship,
  toResultValue,
  unresolvedEndpoints,
  type EndpointIndex,
  type KuzuInternalId,
} from "./values.ts";
import { rankedShortestPaths } from "../ranked-paths.ts";

const WRITE_CHUNK_ROWS = 2000;
/**
 * Below this many rows the row path is as quick as staging files, and small writes (the API's
 * mutations, the seed) keep the one well-trodden path.
 */
const BULK_COPY_MIN_ROWS = 1000;
/**
 * After a write of more entities than this (an import), the search index is dropped and reloaded
 * whole by the next search, rather than patched by reading every written entity back at once.
 */
const SEARCH_PATCH_MAX_ENTITIES = 5000;
/**
 * Up to this many ids of one type are fetched one primary-key lookup each; more are fetched with one
 * statement that scans the table (a lookup costs about a sixth of the scan).
 */
const SINGLE_LOOKUP_MAX_IDS = 6;
/** The same trade for finding ids' tables: a lookup in every table costs about a fifth of the scan. */
const TYPE_LOOKUP_MAX_IDS = 4;
/** Separates string-list items inside one string parameter (see encodeValue). */
const LIST_SEPARATOR = "\u001f";

export interface EmbeddedStoreOptions {
  readonly dataDir: string;
  /** Size of Kùzu's buffer pool in bytes (default DEFAULT_KUZU_BUFFER_POOL_MIB). */
  readonly bufferPoolBytes?: number;
  /**
   * Refuse the statements Kùzu is known to crash on (kuzu-crash-guard.ts); default true. Only the
   * store host's tests turn it off, to make the engine really crash in a process of its own.
   */
  readonly refuseKnownCrashes?: boolean;
}

export async function openEmbeddedGraphStore(options: EmbeddedStoreOptions): Promise<EmbeddedGraphStore> {
  const handle = await KuzuHandle.open({
    dataDir: options.dataDir,
    bufferPoolBytes: options.bufferPoolBytes ?? DEFAULT_KUZU_BUFFER_POOL_MIB * 1024 * 1024,
  });
  return new EmbeddedGraphStore(handle, { refuseKnownCrashes: options.refuseKnownCrashes ?? true });
}

/**
 * Kùzu's Node.js binding infers a parameter's type from the first element of a list, and silently
 * reinterprets the bits of later elements of another numeric type. So batch rows carry every
 * value as a string and the statement converts it back with the property's declared kind.
 */
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

/**
 * Kùzu's string_split drops empty items ("a,,b" → [a, b]), and per-source lists (quotes,
 * sourceClaims, locators) keep a source's place with an empty string. Such a list is sent with a
 * mark before every item, which the statement strips after splitting.
 */
const ITEM_MARK = "\u001e";

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
      return marked ? `list_transform(string_split(${expression}, $separator), item -> substring(item, 2, size(item)))` : `string_split(${expression}, $separator)`;
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

interface WriteGroup {
  readonly statement: string;
  readonly rows: Record<string, string>[];
}

export class EmbeddedGraphStore implements GraphStore {
  readonly backend = "embedded" as const;
  readonly location: string;
  /**
   * Entity id → table. This process holds the only read-write handle on the directory, so every
   * write passes through here and the cache cannot go stale (runScript clears it wholesale).
   */
  private readonly typeCache = new Map<string, EntityTypeName>();
  private tableNames: Map<number, string> | undefined;
  /** Names of every entity for `search` (see search-index.ts); loaded on the first search. */
  private searchIndex: SearchIndex | undefined;
  private searchIndexLoading: Promise<SearchIndex> | undefined;
  /** Bumped by every write, so an index loaded from a snapshot older than a write is not kept. */
  private writeGeneration = 0;

  private readonly refuseKnownCrashes: boolean;

  constructor(
    private readonly handle: KuzuHandle,
    options: { readonly refuseKnownCrashes?: boolean } = {},
  ) {
    this.location = handle.dataDir;
    this.refuseKnownCrashes = options.refuseKnownCrashes ?? true;
  }

  private read<T>(work: (session: KuzuSession) => Promise<T>): Promise<T> {
    return this.handle.read(async (session) => {
      try {
        return await work(session);
      } catch (error) {
        throw mapKuzuError(error);
      }
    });
  }

  async applySchema(): Promise<void> {
    await this.handle.write(async (session) => {
      for (const statement of kuzuSchemaStatements()) await session.all(statement);
      // A directory made by an older model has its tables but not the columns added since:
      // CREATE … IF NOT EXISTS leaves those tables as they are, so add what each one lacks.
      for (const [table, columns] of kuzuTableColumns()) {
        const present = new Set((await session.all(`CALL table_info('${table}') RETURN name`)).map((row) => String(row["name"])));
        for (const column of columns) {
          if (!present.has(column.name)) await session.all(`ALTER TABLE ${table} ADD ${column.name} ${column.type}`);
        }
      }
    });
    this.tableNames = undefined;
  }

  async entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
    const out = new Map<string, EntityTypeName>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (typeof id !== "string" || id === "") continue;
      const cached = this.typeCache.get(id) ?? this.searchIndex?.typeOf(id);
      if (cached) out.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await this.read(async (s) => {
        if (missing.length > TYPE_LOOKUP_MAX_IDS) return s.all(cypher.ENTITY_TYPES_OF, { ids: missing });
        const found: KuzuRow[] = [];
        for (const id of missing) found.push(...(await s.all(cypher.ENTITY_TYPE_OF, { id })));
        return found;
      });
      for (const row of rows) {
        const id = String(row["id"]);
        const type = String(row["type"]);
        if (isEntityTypeName(type)) {
          out.set(id, type);
          this.typeCache.set(id, type);
        }
      }
    }
    return out;
  }

  private async requireType(id: string, field: string): Promise<EntityTypeName> {
    if (typeof id !== "string" || id === "") throw new GraphStoreError("INVALID_INPUT", `${field} must be an entity id`, { location: { field } });
    const type = (await this.entityTypesOf([id])).get(id);
    if (!type) throw new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`, { location: { field } });
    return type;
  }

  async getEntity(id: string): Promise<GraphNode | null> {
    const [node] = await this.getEntities([id]);
    return node ?? null;
  }

  async getEntities(ids: readonly string[]): Promise<GraphNode[]> {
    const types = await this.entityTypesOf(ids);
    const byType = new Map<EntityTypeName, string[]>();
    for (const [id, type] of types) byType.set(type, [...(byType.get(type) ?? []), id]);
    const found = new Map<string, GraphNode>();
    await this.read(async (session) => {
      for (const [type, typeIds] of byType) {
        const rows: KuzuRow[] = [];
        if (typeIds.length <= SINGLE_LOOKUP_MAX_IDS) {
          for (const id of typeIds) rows.push(...(await session.all(cypher.getEntityOfType(type), { id })));
        } else {
          rows.push(...(await session.all(cypher.getEntitiesOfType(type), { ids: typeIds })));
        }
        for (const row of rows) {
          const raw = row["n"];
          if (isKuzuNode(raw)) {
            const node = toGraphNode(raw);
            found.set(node.id, node);
          }
        }
      }
    });
    return ids.flatMap((id) => {
      const node = found.get(id);
      return node ? [node] : [];
    });
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const normalized = query.normalize("NFKC").trim().toLowerCase();
    const limit = wholeNumber(options.limit, BOUNDS.searchLimit, "limit");
    const types = knownTypes(options.types, isEntityTypeName, "types");
    if (normalized === "") return [];
    const index = await this.loadedSearchIndex();
    const hits = index.search(normalized, limit, types);
    const similar = options.similar === false || hits.length >= limit ? [] : index.similar(query, limit - hits.length, types, new Set(hits.map((h) => h.id)));
    if (hits.length === 0 && similar.length === 0) return [];
    for (const hit of [...hits, ...similar]) if (isEntityTypeName(hit.type)) this.typeCache.set(hit.id, hit.type);
    const nodes = new Map((await this.getEntities([...hits, ...similar].map((h) => h.id))).map((n) => [n.id, n]));
    return [
      ...hits.flatMap((hit) => {
        const node = nodes.get(hit.id);
        return node ? [{ node, rank: hit.rank, matched: matchedName(node, normalized, hit.rank) }] : [];
      }),
      ...similar.flatMap((hit) => {
        const node = nodes.get(hit.id);
        return node ? [{ node, rank: "similar" as const, matched: hit.matched }] : [];
      }),
    ];
  }

  private loadedSearchIndex(): Promise<SearchIndex> {
    if (this.searchIndex) return Promise.resolve(this.searchIndex);
    if (!this.searchIndexLoading) {
      const loading = this.loadSearchIndex().finally(() => {
        if (this.searchIndexLoading === loading) this.searchIndexLoading = undefined;
      });
      this.searchIndexLoading = loading;
    }
    return this.searchIndexLoading;
  }

  /** Reads every entity's names; reads again if a write committed meanwhile (the read may predate it). */
  private async loadSearchIndex(): Promise<SearchIndex> {
    for (;;) {
      const generation = this.writeGeneration;
      const rows = await this.read((s) => s.all(cypher.SEARCH_INDEX_ROWS));
      const index = new SearchIndex(rows.flatMap((row) => searchIndexRow(row, row["type"])));
      if (generation === this.writeGeneration) {
        this.searchIndex = index;
        return index;
      }
    }
  }

  /**
   * Brings the search index up to date with entities a committed write touched. The rows are read
   * after the commit, so they hold the names as stored, whichever properties the write set.
   */
  private async refreshSearchIndex(entities: readonly EntityRecord[]): Promise<void> {
    this.writeGeneration++;
    const index = this.searchIndex;
    if (!index) return;
    if (entities.length > SEARCH_PATCH_MAX_ENTITIES) {
      this.searchIndex = undefined;
      return;
    }
    const idsByType = new Map<EntityTypeName, string[]>();
    for (const entity of entities) idsByType.set(entity.type, [...(idsByType.get(entity.type) ?? []), entity.id]);
    try {
      const rows: SearchIndexRow[] = [];
      await this.read(async (session) => {
        for (const [type, ids] of idsByType) {
          for (const row of await session.all(cypher.searchIndexRowsOf(type), { ids })) rows.push(...searchIndexRow(row, type));
        }
      });
      if (this.searchIndex === index) index.upsert(rows);
    } catch {
      // The write itself committed, so it is not reported as failed; the index is dropped instead
      // and the next search reloads it.
      if (this.searchIndex === index) this.searchIndex = undefined;
    }
  }

  async neighborhood(id: string, options: NeighborhoodOptions = {}): Promise<Neighborhood> {
    const depth = wholeNumber(options.depth, BOUNDS.neighborDepth, "depth");
    const limit = wholeNumber(options.limit, BOUNDS.neighborLimit, "limit");
    const offset = wholeNumber(options.offset, BOUNDS.offset, "offset");
    const relTypes = knownTypes(options.relationshipTypes, isRelationshipTypeName, "relationshipTypes");
    const direction = checkDirection(options.direction);
    const centerType = await this.requireType(id, "id");
    if (depth > 1) return this.reach(id, centerType, { depth, limit, offset, relTypes, direction });
    return this.read(async (session) => {
      const pageRows = await session.all(cypher.neighborPage(centerType, relTypes, direction), { id, offset, limit });
      // A short page is the last one, so it gives the total without counting: most entities have
      // fewer neighbours than a page holds, and their expand costs one query. An empty page after
      // an offset says nothing about the total, so that case counts.
      const lastPage = pageRows.length < limit && (pageRows.length > 0 || offset === 0);
      const totalNeighbors = lastPage
        ? offset + pageRows.length
        : Number((await session.all(cypher.neighborCount(centerType, relTypes, direction), { id }))[0]?.["total"] ?? 0);
      // The page rows carry the centre; only a page without rows needs to look it up.
      let centerRaw = pageRows[0]?.["c"];
      if (!isKuzuNode(centerRaw)) centerRaw = (await session.all(cypher.getEntityOfType(centerType), { id }))[0]?.["n"];
      if (!isKuzuNode(centerRaw)) throw new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`);
      const index: EndpointIndex = new Map();
      const center = toGraphNode(centerRaw, index);
      const nodes = new Map<string, GraphNode>();
      for (const row of pageRows) {
        const m = row["m"];
        if (isKuzuNode(m)) {
          const node = toGraphNode(m, index);
          if (!nodes.has(node.id)) nodes.set(node.id, node);
        }
      }
      const relationships = new Map<string, GraphRelationship>();
      for (const row of pageRows) {
        const rs = row["rs"];
        if (!Array.isArray(rs)) continue;
        for (const r of rs) {
          if (!isKuzuRel(r)) continue;
          const rel = toGraphRelationship(r, index);
          relationships.set(relationshipKey(rel), rel);
        }
      }
      const ordered = [...nodes.values()].sort(compareByNameThenId);
      return {
        center,
        nodes: ordered,
        relationships: [...relationships.values()].sort(compareRelationships),
        totalNeighbors,
        truncated: offset + ordered.length < totalNeighbors,
      };
    });
  }

  /** A neighbourhood more than one hop deep: neighbours by shortest distance, then the relationships crossed among them. */
  private reach(
    id: string,
    centerType: EntityTypeName,
    options: { depth: number; limit: number; offset: number; relTypes: string[]; direction: Direction },
  ): Promise<Neighborhood> {
    const { depth, limit, offset, relTypes, direction } = options;
    return this.read(async (session) => {
      const centerRaw = (await session.all(cypher.getEntityOfType(centerType), { id }))[0]?.["n"];
      if (!isKuzuNode(centerRaw)) throw new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`);
      const center = toGraphNode(centerRaw);
      const countRows = await session.all(cypher.reachableCount(centerType, relTypes, direction, depth), { id });
      const totalNeighbors = Number(countRows[0]?.["total"] ?? 0);
      const distance = new Map<string, number>([[id, 0]]);
      const nodes: GraphNode[] = [];
      for (const row of await session.all(cypher.reachablePage(centerType, relTypes, direction, depth), { id, offset, limit })) {
        const m = row["m"];
        if (!isKuzuNode(m)) continue;
        const node = toGraphNode(m);
        if (distance.has(node.id)) continue;
        distance.set(node.id, Number(row["distance"]));
        nodes.push(node);
      }
      const relationships = new Map<string, GraphRelationship>();
      for (const row of await session.all(cypher.relationshipsAmong(relTypes), { ids: [...distance.keys()] })) {
        const r = row["r"];
        if (!isKuzuRel(r)) continue;
        const rel = toGraphRelationship(r, endpointIndexOf(r, row));
        if (crossedWhileExpanding(rel, distance, direction, depth)) relationships.set(relationshipKey(rel), rel);
      }
      return {
        center,
        nodes,
        relationships: [...relationships.values()].sort(compareRelationships),
        totalNeighbors,
        truncated: offset + nodes.length < totalNeighbors,
      };
    });
  }

  async listEntities(options: EntityListOptions = {}): Promise<EntityPage> {
    const types = knownTypes(options.types, isEntityTypeName, "types");
    const limit = wholeNumber(options.limit, BOUNDS.pageLimit, "limit");
    const offset = wholeNumber(options.offset, BOUNDS.offset, "offset");
    return this.read(async (session) => {
      const total = Number((await session.all(cypher.countEntities(types)))[0]?.["total"] ?? 0);
      const nodes: GraphNode[] = [];
      if (offset < total) {
        for (const row of await session.all(cypher.entityPage(types), { offset, limit })) {
          const raw = row["n"];
          if (isKuzuNode(raw)) nodes.push(toGraphNode(raw));
        }
      }
      return { nodes, totalCount: total };
    });
  }

  async relationshipsOfMany(ids: readonly string[], options: RelationshipPageOptions = {}): Promise<Map<string, RelationshipPage>> {
    const relTypes = knownTypes(options.relationshipTypes, isRelationshipTypeName, "relationshipTypes") as RelationshipTypeName[];
    const limit = wholeNumber(options.limit, BOUNDS.pageLimit, "limit");
    const offset = wholeNumber(options.offset, BOUNDS.offset, "offset");
    const direction = checkDirection(options.direction);
    const wanted = [...new Set(ids)].filter((id) => typeof id === "string" && id !== "");
    const found = new Map<string, Map<string, GraphRelationship>>(wanted.map((id) => [id, new Map()]));
    const types = await this.entityTypesOf(wanted);
    const idsByType = new Map<EntityTypeName, string[]>();
    for (const [id, type] of types) idsByType.set(type, [...(idsByType.get(type) ?? []), id]);
    const sides = direction === "both" ? (["out", "in"] as const) : ([direction] as const);
    await this.read(async (session) => {
      for (const [type, typeIds] of idsByType) {
        for (const side of sides) {
          const allowed = relationshipTypesOnSide(type, side, relTypes);
          if (allowed.length === 0) continue;
          for (const row of await session.all(cypher.relationshipsOnSide(type, allowed, side), { ids: typeIds })) {
            const r = row["r"];
            if (!isKuzuRel(r)) continue;
            const rel = toGraphRelationship(r, endpointIndexOf(r, row));
            found.get(String(row["owner"]))?.set(relationshipKey(rel), rel);
          }
        }
      }
    });
    const pages = new Map<string, RelationshipPage>();
    for (const id of ids) {
      const all = [...(found.get(id)?.values() ?? [])].sort(compareRelationships);
      pages.set(id, { relationships: all.slice(offset, offset + limit), totalCount: all.length });
    }
    return pages;
  }

  /** Ranked over this store's own reads, so that both backends give the same paths (see ranked-paths.ts). */
  shortestPaths(fromId: string, toId: string, options: ShortestPathsOptions = {}): Promise<GraphPath[]> {
    return rankedShortestPaths(this, fromId, toId, options);
  }

  async shortestPath(fromId: string, toId: string, options: ShortestPathOptions = {}): Promise<GraphPath | null> {
    const maxHops = wholeNumber(options.maxHops, BOUNDS.maxHops, "maxHops");
    const relTypes = pathRelationshipTypes(options);
    const fromType = await this.requireType(fromId, "from");
    const toType = await this.requireType(toId, "to");
    if (fromId === toId) {
      const node = await this.getEntity(fromId);
      return node ? { kind: "path", nodes: [node], relationships: [] } : null;
    }
    if (relTypes?.length === 0) return null;
    const rows = await this.read((s) => s.all(cypher.shortestPath(fromType, toType, maxHops, relTypes), { from: fromId, to: toId }));
    const raw = rows[0]?.["p"];
    if (!isKuzuPath(raw)) return null;
    const index: EndpointIndex = new Map();
    collectNodes(raw, index);
    return orientPath(toGraphPath(raw, index), fromId);
  }

  async validDuring(range: DateRange): Promise<ValidDuring> {
    const from = checkDate(range.from, "from");
    const to = checkDate(range.to, "to");
    if (from && to && from > to) throw new GraphStoreError("INVALID_INPUT", `from (${from}) is after to (${to})`, { location: { field: "from" } });
    const params: Record<string, KuzuValue> = {};
    if (from) params["from"] = from;
    if (to) params["to"] = to;
    return this.read(async (session) => {
      const entities: { node: GraphNode; at: string }[] = [];
      for (const spec of ENTITY_TYPES) {
        if (!spec.timeProperties) continue;
        const statement = cypher.entitiesInRange(spec.name, spec.timeProperties.from, spec.timeProperties.to, !!from, !!to);
        for (const row of await session.all(statement, params)) {
          const raw = row["n"];
          if (!isKuzuNode(raw)) continue;
          const node = toGraphNode(raw);
          entities.push({ node, at: String(node.properties[spec.timeProperties.from] ?? "") });
        }
      }
      entities.sort((a, b) => a.at.localeCompare(b.at) || compareByNameThenId(a.node, b.node));
      const relationships: GraphRelationship[] = [];
      for (const row of await session.all(cypher.relationshipsInRange(!!from, !!to), params)) {
        const r = row["r"];
        if (!isKuzuRel(r)) continue;
        const index: EndpointIndex = new Map([
          [internalIdKey(r._src), String(row["source"])],
          [internalIdKey(r._dst), String(row["target"])],
        ]);
        relationships.push(toGraphRelationship(r, index));
      }
      return { entities: entities.map((e) => e.node), relationships };
    });
  }

  async schemaSummary(): Promise<SchemaSummary> {
    const { entitiesByType, relationshipsByType } = await this.counts();
    const connections = await this.connectionCounts();
    return {
      connections,
      entityTypes: ENTITY_TYPES.map((t) => ({
        name: t.name,
        count: entitiesByType[t.name] ?? 0,
        properties: entityProperties(t.name).map((p) => p.name),
      })),
      relationshipTypes: RELATIONSHIP_TYPES.map((t) => ({
        name: t.name,
        count: relationshipsByType[t.name] ?? 0,
        properties: relationshipProperties(t.name).map((p) => p.name),
      })),
    };
  }

  private async connectionCounts(): Promise<ConnectionCount[]> {
    const rows = await this.read((session) => session.all(cypher.COUNT_CONNECTIONS));
    return orderedConnections(
      rows.map((row) => ({ relationshipType: String(row["type"]), from: String(row["source"]), to: String(row["target"]), count: Number(row["count"]) })),
    );
  }

  private async counts(): Promise<{ entitiesByType: Record<string, number>; relationshipsByType: Record<string, number> }> {
    return this.read(async (session) => {
      const entitiesByType: Record<string, number> = {};
      for (const row of await session.all(cypher.COUNT_ENTITIES_BY_TYPE)) entitiesByType[String(row["type"])] = Number(row["count"]);
      const relationshipsByType: Record<string, number> = {};
      for (const row of await session.all(cypher.COUNT_RELATIONSHIPS_BY_TYPE)) relationshipsByType[String(row["type"])] = Number(row["count"]);
      return { entitiesByType, relationshipsByType };
    });
  }

  async stats(): Promise<StoreStats> {
    const { entitiesByType, relationshipsByType } = await this.counts();
    const withoutSource = await this.read((s) => s.all(cypher.COUNT_RELATIONSHIPS_WITHOUT_SOURCE));
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      entities: sum(entitiesByType),
      relationships: sum(relationshipsByType),
      relationshipsWithoutSource: Number(withoutSource[0]?.["count"] ?? 0),
      entitiesByType,
      relationshipsByType,
    };
  }

  async runReadQuery(
    statement: string,
    params: Readonly<Record<string, unknown>> = {},
    options: ReadQueryOptions = {},
  ): Promise<ReadQueryResult> {
    const timeoutMs = wholeNumber(options.timeoutMs, BOUNDS.timeoutMs, "timeoutMs");
    const rowLimit = wholeNumber(options.rowLimit, BOUNDS.rowLimit, "rowLimit");
    checkReadOnlyCypher(statement);
    refuseSizeOfPattern(statement);
    // From here on only the canonical spelling is used, so Kùzu parses the tokens the check read;
    // Neo4j habits with an exact Kùzu equivalent (type(r), db.labels()) are respelled first.
    const text = kuzuSpelling(canonicalCypherText(statement));
    if (this.refuseKnownCrashes) checkKnownKuzuCrashes(text);
    checkParamDepth(params);
    checkEmbeddedParams(params);
    const started = performance.now();
    return this.handle.userQuery(async (session) => {
      try {
        return await this.runUserStatement(session, statement, text, params, { timeoutMs, rowLimit, started });
      } catch (error) {
        throw withNeo4jHabitHint(error, statement);
      }
    });
  }

  private async runUserStatement(
    session: KuzuSession,
    statement: string,
    text: string,
    params: Readonly<Record<string, unknown>>,
    limits: { readonly timeoutMs: number; readonly rowLimit: number; readonly started: number },
  ): Promise<ReadQueryResult> {
    const { timeoutMs, rowLimit, started } = limits;
    {
      const connection = session.connection;
      // The timeout is set on the connection from outside the text, so the statement cannot lift it.
      connection.setQueryTimeout(timeoutMs);
      await this.checkPlanIsRead(session, text, params);
      // The read-only transaction is one more layer under the lexical check and the plan check.
      await session.all("BEGIN TRANSACTION READ ONLY");
      let committed = false;
      try {
        const prepared = await connection.prepare(text);
        if (!prepared.isSuccess()) throw mapKuzuError(new Error(prepared.getErrorMessage()));
        const raw = await connection.execute(prepared, params as Record<string, KuzuValue>);
        const results = Array.isArray(raw) ? raw : [raw];
        const rawRows: KuzuRow[] = [];
        let columns: string[] = [];
        let truncated = false;
        try {
          const result = results[0];
          if (result) {
            columns = await result.getColumnNames();
            while (result.hasNext()) {
              if (rawRows.length >= rowLimit) {
                truncated = true;
                break;
              }
              const row = await result.getNext();
              if (row) rawRows.push(row);
            }
          }
        } finally {
          for (const result of results) result.close();
        }
        await session.all("COMMIT");
        committed = true;
        const index: EndpointIndex = new Map();
        collectNodes(rawRows, index);
        await this.resolveEndpoints(session, rawRows, index);
        const rows: ResultValue[][] = rawRows.map((row) => columns.map((c) => toResultValue(row[c], index)));
        // Columns named as the user wrote them (and as Neo4j names them), not after Kùzu's internal form.
        const written = returnColumnNames(statement);
        const shown = written && written.length === columns.length ? written : columns;
        return { columns: shown, rows, truncated, elapsedMs: Math.round((performance.now() - started) * 100) / 100, backend: "embedded" as const };
      } catch (error) {
        throw mapKuzuError(error);
      } finally {
        if (!committed) await session.all("ROLLBACK").catch(() => undefined);
      }
    }
  }

  /**
   * Plans the statement with EXPLAIN and refuses it unless every operator only reads (see
   * kuzu-read-plan.ts). A statement the person wrote as EXPLAIN or PROFILE is planned without that
   * word. The plan is asked for on its own line, so Kùzu's line numbers in errors are one too high.
   */
  private async checkPlanIsRead(session: KuzuSession, text: string, params: Readonly<Record<string, unknown>>): Promise<void> {
    const body = text.replace(/^(\s*)(EXPLAIN|PROFILE)\b/i, (_whole, space: string, word: string) => space + " ".repeat(word.length));
    let explained: string;
    try {
      const prepared = await session.connection.prepare(`EXPLAIN\n${body}`);
      if (!prepared.isSuccess()) throw new Error(prepared.getErrorMessage());
      const raw = await session.connection.execute(prepared, params as Record<string, KuzuValue>);
      const results = Array.isArray(raw) ? raw : [raw];
      try {
        const rows = results[0] ? await results[0].getAll() : [];
        explained = rows.map((row) => String(Object.values(row)[0] ?? "")).join("\n");
      } finally {
        for (const result of results) result.close();
      }
    } catch (error) {
      const mapped = mapKuzuError(error);
      const location = mapped.location;
      if (location?.line !== undefined && location.line > 1) {
        throw new GraphStoreError(mapped.code, mapped.message.replace(/\(line: (\d+),/, (_m, n: string) => `(line: ${Number(n) - 1},`), {
          cause: error,
          location: { ...location, line: location.line - 1 },
        });
      }
      throw mapped;
    }
    checkKuzuReadPlan(parseKuzuPlan(explained));
  }

  /** Relationships returned without their end nodes still name them by entity id: look the ids up by internal id. */
  private async resolveEndpoints(session: KuzuSession, rows: unknown, index: EndpointIndex): Promise<void> {
    const missing = new Map<string, KuzuInternalId>();
    unresolvedEndpoints(rows, index, missing);
    if (missing.size === 0) return;
    if (!this.tableNames) {
      this.tableNames = new Map((await session.all(cypher.TABLE_IDS)).map((r) => [Number(r["id"]), String(r["name"])]));
    }
    const byTable = new Map<number, number[]>();
    for (const id of missing.values()) byTable.set(id.table, [...(byTable.get(id.table) ?? []), id.offset]);
    for (const [table, offsets] of byTable) {
      const name = this.tableNames.get(table);
      if (!name || !isEntityTypeName(name)) continue;
      for (const row of await session.all(cypher.nodesByOffsets(name), { offsets })) {
        index.set(`${table}:${Number(row["offset"])}`, String(row["id"]));
      }
    }
  }

  async writeBatch(batch: GraphBatch, options: WriteOptions = {}): Promise<WriteSummary> {
    await validateBatch(batch, (ids) => this.entityTypesOf(ids));
    const total = batch.entities.length + batch.relationships.length;
    if (total >= BULK_COPY_MIN_ROWS && (await this.bulkWrite(batch, total, options))) {
      for (const entity of batch.entities) this.typeCache.set(entity.id, entity.type);
      await this.refreshSearchIndex(batch.entities);
      return { entitiesWritten: batch.entities.length, relationshipsWritten: batch.relationships.length };
    }
    const groups = [...this.entityWriteGroups(batch.entities), ...(await this.relationshipWriteGroups(batch))];
    await this.inTransaction((session) => this.writeGroups(session, groups, total, options));
    for (const entity of batch.entities) this.typeCache.set(entity.id, entity.type);
    await this.refreshSearchIndex(batch.entities);
    return { entitiesWritten: batch.entities.length, relationshipsWritten: batch.relationships.length };
  }

  private async writeGroups(session: KuzuSession, groups: readonly WriteGroup[], total: number, options: WriteOptions, doneBefore = 0): Promise<void> {
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

  async applyChange(change: GraphChange, options: WriteOptions = {}): Promise<ChangeSummary> {
    const batch = checkChangeShape(change);
    const deleteRelationships = [...new Set(change.deleteRelationships ?? [])];
    const deleteEntities = [...new Set(change.deleteEntities ?? [])];
    // This process holds the only read-write handle, so what is validated here is what the
    // transaction below finds (writeBatch relies on the same).
    await validateBatch(batch, (ids) => this.entityTypesOf(ids));
    const entityTypes = await this.entityTypesOf(deleteEntities);
    const missingEntities = deleteEntities.filter((id) => !entityTypes.has(id));
    if (missingEntities.length > 0) throw missingForChangeError("entity", missingEntities);
    const groups = [...this.entityWriteGroups(batch.entities), ...(await this.relationshipWriteGroups(batch))];
    const total = deleteRelationships.length + batch.entities.length + batch.relationships.length + deleteEntities.length;
    const idsByType = new Map<EntityTypeName, string[]>();
    for (const [id, type] of entityTypes) idsByType.set(type, [...(idsByType.get(type) ?? []), id]);
    await this.inTransaction(async (session) => {
      throwIfCancelled(options.signal);
      if (deleteRelationships.length > 0) {
        const found = new Set((await session.all(cypher.RELATIONSHIPS_WITH_IDS, { ids: deleteRelationships })).map((row) => String(row["id"])));
        const missing = deleteRelationships.filter((id) => !found.has(id));
        if (missing.length > 0) throw missingForChangeError("relationship", missing);
        await session.all(cypher.DELETE_RELATIONSHIPS_WITH_IDS, { ids: deleteRelationships });
        options.onProgress?.({ done: deleteRelationships.length, total });
      }
      await this.writeGroups(session, groups, total, options, deleteRelationships.length);
      // Relationships go before nodes: Kùzu refuses to delete a node that still has any, and one
      // the change does not delete refuses the whole change rather than being taken along.
      const joined: { id: string; relationships: number }[] = [];
      for (const [type, ids] of idsByType) {
        for (const row of await session.all(cypher.relationshipCountsOf(type), { ids })) {
          const count = Number(row["relationships"] ?? 0);
          if (count > 0) joined.push({ id: String(row["id"]), relationships: count });
        }
      }
      if (joined.length > 0) throw entitiesStillJoinedError(joined);
      for (const [type, ids] of idsByType) await session.all(cypher.deleteEntitiesOfType(type), { ids });
      options.onProgress?.({ done: total, total });
    });
    for (const entity of batch.entities) this.typeCache.set(entity.id, entity.type);
    for (const id of deleteEntities) this.typeCache.delete(id);
    this.searchIndex?.remove(deleteEntities);
    await this.refreshSearchIndex(batch.entities);
    return {
      entitiesWritten: batch.entities.length,
      relationshipsWritten: batch.relationships.length,
      relationshipsDeleted: deleteRelationships.length,
      entitiesDeleted: deleteEntities.length,
    };
  }

  /**
   * Writes the batch with COPY FROM when the store is empty and every value survives CSV (see
   * bulk-copy.ts); false when it cannot, and nothing has been written then. The emptiness check runs
   * inside the write transaction, so no other write can slip in between it and the COPY.
   */
  private async bulkWrite(batch: GraphBatch, total: number, options: WriteOptions): Promise<boolean> {
    // A cheap look first, so a large write into a store with data does not stage files for nothing.
    if (Number((await this.read((s) => s.all(cypher.ANY_ENTITY)))[0]?.["found"] ?? 0) > 0) return false;
    const plan = bulkCopyPlan(batch);
    if (!plan) return false;
    try {
      let copied = false;
      await this.inTransaction(async (session) => {
        const stored = Number((await session.all(cypher.ANY_ENTITY))[0]?.["found"] ?? 0);
        if (stored > 0) return;
        let done = 0;
        for (const file of plan.files) {
          throwIfCancelled(options.signal);
          await session.all(file.statement);
          done += file.rows;
          options.onProgress?.({ done, total });
        }
        copied = true;
      });
      return copied;
    } finally {
      plan.dispose();
    }
  }

  /** Rows grouped by type and by which properties they set, so each UNWIND statement sets exactly those. */
  private entityWriteGroups(entities: readonly EntityRecord[]): WriteGroup[] {
    const groups = new Map<string, WriteGroup>();
    for (const entity of entities) {
      const kinds = new Map(entityProperties(entity.type).map((p) => [p.name, p.kind]));
      const row: Record<string, string> = { id: entity.id };
      const setters: string[] = [];
      for (const [key, value] of Object.entries(entity.properties).sort(([a], [b]) => a.localeCompare(b))) {
        const kind = kinds.get(key);
        if (!kind || key === "id") continue;
        const encoded = encodeValue(kind, value, key);
        if (encoded === null) setters.push(`n.${key} = ${nullOrEmpty(kind, value)}`);
        else {
          row[key] = encoded;
          setters.push(`n.${key} = ${decodeExpression(kind, `row.${key}`, keepsEmptyItems(kind, value))}`);
        }
      }
      const statement =
        `UNWIND $rows AS row MERGE (n:${entity.type} {id: row.id})` + (setters.length > 0 ? ` SET ${setters.join(", ")}` : "");
      const group = groups.get(statement) ?? { statement, rows: [] };
      group.rows.push(row);
      groups.set(statement, group);
    }
    return [...groups.values()];
  }

  private async relationshipWriteGroups(batch: GraphBatch): Promise<WriteGroup[]> {
    const endpointTypes = new Map<string, EntityTypeName>(batch.entities.map((e) => [e.id, e.type]));
    const unknown = batch.relationships.flatMap((r) => [r.from, r.to]).filter((id) => !endpointTypes.has(id));
    for (const [id, type] of await this.entityTypesOf(unknown)) endpointTypes.set(id, type);
    const groups = new Map<string, WriteGroup>();
    for (const rel of batch.relationships) {
      const fromType = endpointTypes.get(rel.from);
      const toType = endpointTypes.get(rel.to);
      if (!fromType || !toType) continue; // validateBatch has already refused dangling endpoints
      const kinds = new Map(relationshipProperties(rel.type).map((p) => [p.name, p.kind]));
      const row: Record<string, string> = { id: rel.id, from: rel.from, to: rel.to };
      const setters: string[] = [];
      for (const [key, value] of Object.entries(rel.properties).sort(([a], [b]) => a.localeCompare(b))) {
        const kind = kinds.get(key);
        if (!kind || key === "id") continue;
        const encoded = encodeValue(kind, value, key);
        if (encoded === null) setters.push(`r.${key} = ${nullOrEmpty(kind, value)}`);
        else {
          row[key] = encoded;
          setters.push(`r.${key} = ${decodeExpression(kind, `row.${key}`, keepsEmptyItems(kind, value))}`);
        }
      }
      const statement =
        // MERGE on the endpoints' primary keys is an index lookup, where MATCH inside UNWIND joins
        // against a scan of the whole table; validateBatch has already proved both ends exist with
        // exactly these types, so the MERGE never creates a node.
        `UNWIND $rows AS row MERGE (a:${fromType} {id: row.from}) MERGE (b:${toType} {id: row.to}) ` +
        `MERGE (a)-[r:${rel.type as RelationshipTypeName} {id: row.id}]->(b)` +
        (setters.length > 0 ? ` SET ${setters.join(", ")}` : "");
      const group = groups.get(statement) ?? { statement, rows: [] };
      group.rows.push(row);
      groups.set(statement, group);
    }
    return [...groups.values()];
  }

  private async inTransaction(work: (session: KuzuSession) => Promise<void>): Promise<void> {
    await this.handle.write(async (session) => {
      await session.all("BEGIN TRANSACTION");
      try {
        await work(session);
        await session.all("COMMIT");
      } catch (error) {
        await session.all("ROLLBACK").catch(() => undefined);
        throw mapKuzuError(error);
      }
    });
  }

  async runScript(statements: readonly ScriptStatement[], options: WriteOptions = {}): Promise<void> {
    this.forgetDerived();
    try {
      await this.inTransaction(async (session) => {
        const unsourcedBefore = await unsourcedRelationships(session);
        let done = 0;
        for (const statement of statements) {
          throwIfCancelled(options.signal);
          try {
            await session.all(statement.text);
          } catch (error) {
            const mapped = mapKuzuError(error);
            const where = [statement.file, statement.line].filter((x) => x !== undefined).join(":");
            throw new GraphStoreError(mapped.code, `${where ? `${where}: ` : ""}${mapped.message}`, {
              cause: error,
              location: { ...(statement.file ? { file: statement.file } : {}), ...(statement.line ? { line: statement.line } : {}) },
            });
          }
          done++;
          options.onProgress?.({ done, total: statements.length });
        }
        const added = newlyUnsourced(unsourcedBefore, await unsourcedRelationships(session));
        if (added.length > 0) throw unsourcedRelationshipsError(added, statements);
      });
    } finally {
      this.forgetDerived();
    }
  }

  /** A script may create, rename or delete anything: forget what was derived from the store, before and after it. */
  private forgetDerived(): void {
    this.typeCache.clear();
    this.writeGeneration++;
    this.searchIndex = undefined;
  }

  async deleteRelationship(id: string): Promise<boolean> {
    if (typeof id !== "string" || id === "") throw new GraphStoreError("INVALID_INPUT", "id must be a relationship id", { location: { field: "id" } });
    let deleted = false;
    await this.inTransaction(async (session) => {
      const found = await session.all(cypher.FIND_RELATIONSHIP, { id });
      deleted = Number(found[0]?.["found"] ?? 0) > 0;
      if (deleted) await session.all(cypher.DELETE_RELATIONSHIP, { id });
    });
    return deleted;
  }

  async exportAll(): Promise<GraphBatch> {
    return this.read(async (session) => {
      const entities: EntityRecord[] = [];
      for (const spec of ENTITY_TYPES) {
        for (const row of await session.all(cypher.exportEntities(spec.name))) {
          const raw = row["n"];
          if (!isKuzuNode(raw)) continue;
          const node = toGraphNode(raw);
          entities.push({ type: spec.name, id: node.id, properties: toRecordProperties(node.properties) });
        }
      }
      const relationships: RelationshipRecord[] = [];
      for (const spec of RELATIONSHIP_TYPES) {
        for (const row of await session.all(cypher.exportRelationships(spec.name))) {
          const r = row["r"];
          if (!isKuzuRel(r)) continue;
          const index: EndpointIndex = new Map([
            [internalIdKey(r._src), String(row["source"])],
            [internalIdKey(r._dst), String(row["target"])],
          ]);
          const rel = toGraphRelationship(r, index);
          relationships.push({ type: spec.name, id: rel.id, from: rel.source, to: rel.target, properties: toRecordProperties(rel.properties) });
        }
      }
      return { entities, relationships };
    });
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** The relationships breaking the rule that each cites a Source entity; see newlyUnsourced. */
async function unsourcedRelationships(session: KuzuSession): Promise<UnsourcedRelationship[]> {
  const found: UnsourcedRelationship[] = [];
  for (const row of await session.all(cypher.UNSOURCED_RELATIONSHIPS)) found.push({ type: String(row["type"]), id: String(row["id"]) });
  for (const row of await session.all(cypher.RELATIONSHIPS_CITING_NO_SOURCE)) {
    found.push({ type: String(row["type"]), id: String(row["id"]), cited: String(row["cited"]) });
  }
  return found;
}

function toRecordProperties(properties: Readonly<Record<string, unknown>>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map(String);
  }
  return out;
}

/** Relationship types the model allows with `type` on that side, narrowed to `wanted` when given. */
function relationshipTypesOnSide(type: EntityTypeName, side: "out" | "in", wanted: readonly RelationshipTypeName[]): RelationshipTypeName[] {
  const candidates = wanted.length > 0 ? wanted : RELATIONSHIP_TYPES.map((t) => t.name);
  return candidates.filter((name) =>
    relationshipTypeSpec(name).endpoints.some(([from, to]) => (side === "out" ? from : to) === type),
  );
}

/** Endpoint ids of a relationship row that returned them as `source` and `target` columns. */
function endpointIndexOf(r: { _src: KuzuInternalId; _dst: KuzuInternalId }, row: KuzuRow): EndpointIndex {
  return new Map([
    [internalIdKey(r._src), String(row["source"])],
    [internalIdKey(r._dst), String(row["target"])],
  ]);
}

/** Kùzu may return an undirected shortest path from either end; present it from `fromId`. */
function orientPath(path: GraphPath, fromId: string): GraphPath {
  if (path.nodes[0]?.id === fromId) return path;
  return { kind: "path", nodes: [...path.nodes].reverse(), relationships: [...path.relationships].reverse() };
}

function searchIndexRow(row: KuzuRow, type: unknown): SearchIndexRow[] {
  const typeName = String(type);
  if (!isEntityTypeName(typeName)) return [];
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const aliases = row["aliases"];
  return [
    {
      id: String(row["id"]),
      type: typeName,
      name: text(row["name"]),
      nameJa: text(row["nameJa"]),
      aliases: Array.isArray(aliases) ? aliases.map((a) => (typeof a === "string" ? a : "")) : null,
    },
  ];
}

function matchedName(node: GraphNode, query: string, rank: SearchRank): string {
  const names = [node.properties["name"], node.properties["nameJa"]].filter((v): v is string => typeof v === "string");
  const aliases = Array.isArray(node.properties["aliases"]) ? (node.properties["aliases"] as unknown[]).filter((v): v is string => typeof v === "string") : [];
  const all = [...names, ...aliases];
  const lower = (s: string) => s.normalize("NFKC").toLowerCase();
  const pick = (test: (s: string) => boolean, from: string[]) => from.find((s) => test(lower(s)));
  switch (rank) {
    case "exact":
      return pick((s) => s === query, names) ?? names[0] ?? node.id;
    case "alias":
      return pick((s) => s === query, aliases) ?? names[0] ?? node.id;
    case "prefix":
      return pick((s) => s.startsWith(query), all) ?? names[0] ?? node.id;
    case "contains":
      return pick((s) => s.includes(query), all) ?? names[0] ?? node.id;
    case "similar":
      return names[0] ?? node.id;
  }
}

/** A syntax error on a Neo4j-only construct, with what to write on the embedded store instead. */
function withNeo4jHabitHint(error: unknown, statement: string): unknown {
  if (!(error instanceof GraphStoreError) || error.code !== "CYPHER_SYNTAX") return error;
  const hint = neo4jHabitHint(statement);
  if (!hint) return error;
  return new GraphStoreError("CYPHER_SYNTAX", `${error.message} ${hint}`, { cause: error, ...(error.location ? { location: error.location } : {}) });
}
