import {
  ENTITY_TYPES,
  ENTITY_TYPE_NAMES,
  NEO4J_SEARCH_KEY,
  RELATIONSHIP_TYPES,
  entityProperties,
  isEntityTypeName,
  isIsoDate,
  isRelationshipTypeName,
  relationshipProperties,
  type EntityRecord,
  type EntityTypeName,
  type PropertySpec,
  type PropertyValue,
  type RelationshipRecord,
} from "@kgx/domain";
import neo4j, { int, type Driver, type ManagedTransaction, type Node, type Path, type Relationship } from "neo4j-driver";
import {
  checkBatchTypes,
  checkChangeShape,
  entitiesStillJoinedError,
  missingForChangeError,
  newlyUnsourced,
  unsourcedRelationshipsError,
  validateBatch,
  type UnsourcedRelationship,
} from "../batch-validation.ts";
import { canonicalCypherText, checkReadOnlyCypher, tokenizeCypher } from "../cypher-text.ts";
import { GraphStoreError, type InputLocation } from "../errors.ts";
import { orderedConnections } from "../schema-counts.ts";
import {
  BOUNDS,
  checkDirection,
  checkParamDepth,
  compareRelationships,
  compareText,
  crossedWhileExpanding,
  pathRelationshipTypes,
  knownTypes,
  relationshipKey,
  throwIfCancelled,
  wholeNumber,
} from "../options.ts";
import type {
  ConnectionCount,
  DateRange,
  Direction,
  EntityListOptions,
  EntityPage,
  ChangeSummary,
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
  ResultValue,
  RelationshipPage,
  RelationshipPageOptions,
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
import { modelProblems } from "./model-check.ts";
import { toGraphStoreError } from "./server-errors.ts";
import {
  ADD_MISSING_ENTITY_LABELS,
  ADD_MISSING_SEARCH_KEYS,
  REFRESH_SEARCH_KEYS,
  COUNT_ENTITIES,
  ENTITY_PAGE,
  MAX_NEIGHBORHOOD_DEPTH,
  NEXT_HOP,
  RELATIONSHIPS_AMONG,
  UNSOURCED_RELATIONSHIPS,
  RELATIONSHIPS_CITING_NO_SOURCE,
  RELATIONSHIPS_OF_MANY,
  COUNT_ENTITIES_BY_TYPE,
  COUNT_RELATIONSHIPS_BY_TYPE,
  COUNT_CONNECTIONS,
  DELETE_MOVED_RELATIONSHIPS,
  DELETE_ENTITIES,
  DELETE_RELATIONSHIP,
  DELETE_RELATIONSHIPS_WITH_IDS,
  RELATIONSHIP_COUNTS_OF,
  RELATIONSHIPS_WITH_IDS,
  EARLIEST_DATE,
  ENTITY_IDS_BY_ELEMENT_ID,
  ENTITY_TYPES_OF,
  EXPORT_ENTITIES,
  EXPORT_RELATIONSHIPS,
  GET_ENTITIES,
  LATEST_DATE,
  NEIGHBOR_PAGE,
  NEIGHBOR_RELATIONSHIPS,
  SCHEMA_STATEMENTS,
  NAME_ROWS,
  SEARCH_ENTITIES,
  UPSERT_ENTITIES,
  UPSERT_RELATIONSHIPS,
  VALID_DURING_ENTITIES,
  VALID_DURING_RELATIONSHIPS,
  shortestPathStatement,
} from "./statements.ts";
import {
  collectElementIds,
  entityTypeOfLabels,
  toDriverParameters,
  toGraphNode,
  toGraphPath,
  toGraphRelationship,
  toJsonValue,
  toPropertyValue,
  toResultValue,
} from "./values.ts";
import { rankedShortestPaths } from "../ranked-paths.ts";
import { SimilarNameIndex } from "../similar-names.ts";

const SEARCH_RANKS: readonly SearchRank[] = ["exact", "alias", "prefix", "contains"];

/** Rows per UNWIND: large enough to keep round trips few, small enough for steady progress reports. */
const WRITE_CHUNK_SIZE = 500;

type TransactionWork<T> = (tx: ManagedTransaction) => Promise<T>;
/** What statements need of a transaction, managed (retried by the driver) or explicit. */
type StatementRunner = Pick<ManagedTransaction, "run">;

function toCount(value: unknown): number {
  const json = toJsonValue(value);
  return typeof json === "number" ? json : Number(json);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The properties a record writes (non-null, without id), with dates apart so the statement can store them as Cypher dates. */
function writeRow(specs: readonly PropertySpec[], properties: Readonly<Record<string, PropertyValue>>) {
  const kinds = new Map(specs.map((spec) => [spec.name, spec.kind]));
  const values: Record<string, unknown> = {};
  const dates: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name === "id" || value === undefined) continue;
    const kind = kinds.get(name);
    // A null clears the property, as on the embedded store: `+=` removes a key whose value is null.
    // (A date keeps its stored value when the record leaves it out or gives null.)
    if (value === null) {
      if (kind !== "date") values[name] = null;
    } else if (kind === "date") dates[name] = value as string;
    // Integers must be sent as Integer: the driver sends every JavaScript number as a Float.
    else if (kind === "int") values[name] = int(value as number);
    else values[name] = value;
  }
  return { properties: values, dates };
}

function storedProperties(properties: Readonly<Record<string, unknown>>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name === "id" || name === NEO4J_SEARCH_KEY || value === null || value === undefined) continue;
    out[name] = toPropertyValue(value);
  }
  return out;
}

/**
 * The text used to ask the server for the statement's type: the statement behind EXPLAIN. A
 * leading PROFILE is swapped for EXPLAIN (same length, so reported columns stay right); otherwise
 * "EXPLAIN " is put in front and its length taken off columns the server reports on line 1.
 */
export function explainText(statement: string): { text: string; firstLineShift: number; asked?: "EXPLAIN" | "PROFILE" } {
  const first = tokenizeCypher(statement)[0];
  const word = first?.kind === "word" ? first.text.toUpperCase() : "";
  if (word === "EXPLAIN") return { text: statement, firstLineShift: 0, asked: "EXPLAIN" };
  if (word === "PROFILE" && first) {
    return { text: `${statement.slice(0, first.offset)}EXPLAIN${statement.slice(first.offset + first.text.length)}`, firstLineShift: 0, asked: "PROFILE" };
  }
  return { text: `EXPLAIN ${statement}`, firstLineShift: "EXPLAIN ".length };
}

interface PlanStep {
  readonly operatorType: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly children: readonly PlanStep[];
  readonly rows?: number;
  readonly dbHits?: number;
}

/**
 * A plan as rows, one per operator from the top down, the operator indented by its depth: what
 * Neo4j Browser draws as a tree, in a form a table, the CLI and JSON can all show.
 */
export function planRows(plan: unknown, profiled: boolean): { columns: string[]; rows: ResultValue[][] } {
  const columns = profiled ? ["operator", "details", "estimatedRows", "rows", "dbHits"] : ["operator", "details", "estimatedRows"];
  const rows: ResultValue[][] = [];
  const visit = (step: PlanStep, depth: number) => {
    const args = step.arguments ?? {};
    const operator = `${"  ".repeat(depth)}${step.operatorType.replace(/@.*$/, "")}`;
    const details = typeof args["Details"] === "string" ? args["Details"] : "";
    const estimated = Number(toJsonValue(args["EstimatedRows"]) ?? 0);
    const row: ResultValue[] = [operator, details, Math.round(estimated * 100) / 100];
    if (profiled) row.push(Number(step.rows ?? 0), Number(step.dbHits ?? 0));
    rows.push(row);
    for (const child of step.children) visit(child, depth + 1);
  };
  if (plan && typeof plan === "object" && "operatorType" in plan) visit(plan as PlanStep, 0);
  return { columns, rows };
}

export interface Neo4jGraphStoreOptions {
  /** The server's URI without credentials, for messages. */
  readonly location: string;
  /** The database to use; the user's home database when absent. */
  readonly database?: string | undefined;
}

export class Neo4jGraphStore implements GraphStore {
  readonly backend = "neo4j" as const;
  readonly location: string;
  private readonly driver: Driver;
  private readonly database: string | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;
  /**
   * Shared by every session of this store, so a read sees every write this process committed
   * before it, also on a cluster whose readers lag behind the leader.
   */
  private readonly bookmarks = neo4j.bookmarkManager();
  /**
   * Every entity's names for typo-tolerant search (see similar-names.ts), loaded on the first
   * search that needs it. Any write through this store drops it (a write bumps `nameGeneration`
   * before and after, so a load that overlapped a write is not kept); writes made to the server
   * by other clients are seen after the next write through this store or a restart.
   */
  private similarNames: Promise<SimilarNameIndex> | undefined;
  private nameGeneration = 0;

  constructor(driver: Driver, options: Neo4jGraphStoreOptions) {
    this.driver = driver;
    this.location = options.location;
    this.database = options.database;
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) {
      return Promise.reject(new GraphStoreError("STORE_UNAVAILABLE", `The connection to Neo4j at ${this.location} is closed.`));
    }
    const promise = work();
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** A managed read transaction: the driver retries it on transient errors and routes it to a reader. */
  private read<T>(work: TransactionWork<T>, timeoutMs?: number): Promise<T> {
    return this.track(async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ, bookmarkManager: this.bookmarks });
      try {
        return await session.executeRead(work, timeoutMs === undefined ? undefined : { timeout: timeoutMs });
      } catch (error) {
        throw toGraphStoreError(error, timeoutMs === undefined ? { location: this.location } : { location: this.location, timeoutMs });
      } finally {
        await session.close().catch(() => undefined);
      }
    });
  }

  private forgetSimilarNames(): void {
    this.nameGeneration++;
    this.similarNames = undefined;
  }

  private loadedSimilarNames(): Promise<SimilarNameIndex> {
    if (this.similarNames) return this.similarNames;
    const generation = this.nameGeneration;
    const loading = this.read(async (tx) => {
      const result = await tx.run(NAME_ROWS);
      return new SimilarNameIndex(
        result.records.map((record) => ({
          id: String(record.get("id")),
          type: String(record.get("type")),
          name: (record.get("name") as string | null) ?? null,
          nameJa: (record.get("nameJa") as string | null) ?? null,
          aliases: (record.get("aliases") as string[] | null) ?? null,
        })),
      );
    });
    this.similarNames = loading;
    loading.then(
      () => {
        if (this.nameGeneration !== generation && this.similarNames === loading) this.similarNames = undefined;
      },
      () => {
        if (this.similarNames === loading) this.similarNames = undefined;
      },
    );
    return loading;
  }

  private write<T>(work: TransactionWork<T>): Promise<T> {
    this.forgetSimilarNames();
    return this.track(async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE, bookmarkManager: this.bookmarks });
      try {
        return await session.executeWrite(work);
      } catch (error) {
        throw toGraphStoreError(error, { location: this.location });
      } finally {
        await session.close().catch(() => undefined);
      }
    });
  }

  async applySchema(): Promise<void> {
    // One transaction per statement: Neo4j does not mix schema changes with other work in a transaction.
    for (const statement of SCHEMA_STATEMENTS) {
      await this.write(async (tx) => {
        await tx.run(statement);
      });
    }
    // A store written before search keys existed gets them now, so search finds its entities.
    await this.write(async (tx) => {
      await tx.run(ADD_MISSING_SEARCH_KEYS);
    });
  }

  async getEntity(id: string): Promise<GraphNode | null> {
    const [node] = await this.getEntities([id]);
    return node ?? null;
  }

  async getEntities(ids: readonly string[]): Promise<GraphNode[]> {
    const wanted = usableIds(ids);
    if (wanted.length === 0) return [];
    const nodes = await this.read((tx) => fetchEntities(tx, wanted));
    const byId = new Map(nodes.map((node) => [node.id, node]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
    const wanted = usableIds(ids);
    if (wanted.length === 0) return new Map();
    return this.read((tx) => fetchEntityTypes(tx, wanted));
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    // NFKC folds full-width Latin letters and digits, common in Japanese text, to their usual forms.
    const text = query.normalize("NFKC").trim().toLowerCase();
    const limit = wholeNumber(options.limit, BOUNDS.searchLimit, "limit");
    const types = knownTypes(options.types, isEntityTypeName, "types");
    if (text === "") return [];
    const result = await this.read((tx) => tx.run(SEARCH_ENTITIES, { query: text, types, limit: int(limit) }));
    const hits: SearchHit[] = result.records.map((record) => ({
      node: toGraphNode(record.get("n") as Node),
      rank: SEARCH_RANKS[toCount(record.get("rank"))] ?? "contains",
      matched: String(record.get("matched")),
    }));
    if (options.similar === false || hits.length >= limit) return hits;
    const similar = (await this.loadedSimilarNames()).similar(query, limit - hits.length, types, new Set(hits.map((h) => h.node.id)));
    if (similar.length === 0) return hits;
    const nodes = new Map((await this.getEntities(similar.map((h) => h.id))).map((n) => [n.id, n]));
    return [
      ...hits,
      ...similar.flatMap((hit) => {
        const node = nodes.get(hit.id);
        return node ? [{ node, rank: "similar" as const, matched: hit.matched }] : [];
      }),
    ];
  }

  async neighborhood(id: string, options: NeighborhoodOptions = {}): Promise<Neighborhood> {
    const direction = checkDirection(options.direction);
    const depth = wholeNumber(options.depth, BOUNDS.neighborDepth, "depth");
    const limit = wholeNumber(options.limit, BOUNDS.neighborLimit, "limit");
    const offset = wholeNumber(options.offset, BOUNDS.offset, "offset");
    const relationshipTypes = knownTypes(options.relationshipTypes, isRelationshipTypeName, "relationshipTypes");
    if (depth > 1) return this.reach(id, { depth, direction, relationshipTypes, limit, offset });
    return this.read(async (tx) => {
      const [center] = await fetchEntities(tx, [id]);
      if (!center) throw notFound(id, "id");
      const pageResult = await tx.run(NEIGHBOR_PAGE, { id, direction, relationshipTypes, offset: int(offset), limit: int(limit) });
      const pageRecord = pageResult.records[0];
      const totalNeighbors = pageRecord ? toCount(pageRecord.get("total")) : 0;
      const nodes = pageRecord ? (pageRecord.get("page") as Node[]).map(toGraphNode) : [];
      let relationships: GraphRelationship[] = [];
      if (nodes.length > 0) {
        const relResult = await tx.run(NEIGHBOR_RELATIONSHIPS, { id, neighborIds: nodes.map((n) => n.id), direction, relationshipTypes });
        relationships = relResult.records.map((record) =>
          toGraphRelationship(record.get("r") as Relationship, String(record.get("source")), String(record.get("target"))),
        );
      }
      return { center, nodes, relationships, totalNeighbors, truncated: offset + nodes.length < totalNeighbors };
    });
  }

  /** A neighbourhood more than one hop deep: neighbours by shortest distance, then the relationships crossed among them. */
  private reach(
    id: string,
    options: { depth: number; direction: Direction; relationshipTypes: string[]; limit: number; offset: number },
  ): Promise<Neighborhood> {
    const { depth, direction, relationshipTypes, limit, offset } = options;
    if (depth > MAX_NEIGHBORHOOD_DEPTH) throw new GraphStoreError("INVALID_INPUT", `depth must be a whole number from 1 to ${MAX_NEIGHBORHOOD_DEPTH}`, { location: { field: "depth" } });
    return this.read(async (tx) => {
      const [center] = await fetchEntities(tx, [id]);
      if (!center) throw notFound(id, "id");
      // Breadth first: an entity's distance is the hop at which it was first reached.
      const distance = new Map<string, number>([[id, 0]]);
      const reached: { id: string; name: string; distance: number }[] = [];
      let frontier = [id];
      for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
        const result = await tx.run(NEXT_HOP[direction], { frontier, relationshipTypes });
        const next: string[] = [];
        for (const record of result.records) {
          const neighborId = String(record.get("id"));
          if (distance.has(neighborId)) continue;
          distance.set(neighborId, hop);
          reached.push({ id: neighborId, name: String(record.get("name") ?? ""), distance: hop });
          next.push(neighborId);
        }
        frontier = next;
      }
      reached.sort((a, b) => a.distance - b.distance || compareText(a.name, b.name) || compareText(a.id, b.id));
      const page = reached.slice(offset, offset + limit);
      const byId = new Map((await fetchEntities(tx, page.map((entry) => entry.id))).map((node) => [node.id, node]));
      const nodes = page.flatMap((entry) => byId.get(entry.id) ?? []);
      // The relationships drawn are those among the centre and this page, as on the embedded store.
      const shown = new Map<string, number>([[id, 0], ...page.map((entry): [string, number] => [entry.id, entry.distance])]);
      const totalNeighbors = reached.length;
      const among = await tx.run(RELATIONSHIPS_AMONG, { ids: [...shown.keys()], relationshipTypes });
      const relationships = new Map<string, GraphRelationship>();
      for (const row of among.records) {
        const rel = toGraphRelationship(row.get("r") as Relationship, String(row.get("source")), String(row.get("target")));
        if (crossedWhileExpanding(rel, shown, direction, depth)) relationships.set(relationshipKey(rel), rel);
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
    return this.read(async (tx) => {
      const counts = await tx.run(COUNT_ENTITIES_BY_TYPE);
      const total = counts.records
        .filter((record) => types.length === 0 || types.includes(String(record.get("label"))))
        .reduce((sum, record) => sum + toCount(record.get("count")), 0);
      if (offset >= total) return { nodes: [], totalCount: total };
      const page = await tx.run(ENTITY_PAGE, { types, offset: int(offset), limit: int(limit) });
      return { nodes: page.records.map((r) => toGraphNode(r.get("n") as Node)), totalCount: total };
    });
  }

  async relationshipsOfMany(ids: readonly string[], options: RelationshipPageOptions = {}): Promise<Map<string, RelationshipPage>> {
    const relationshipTypes = knownTypes(options.relationshipTypes, isRelationshipTypeName, "relationshipTypes");
    const limit = wholeNumber(options.limit, BOUNDS.pageLimit, "limit");
    const offset = wholeNumber(options.offset, BOUNDS.offset, "offset");
    const direction = checkDirection(options.direction);
    const wanted = usableIds([...new Set(ids)]);
    const found = new Map<string, Map<string, GraphRelationship>>(wanted.map((id) => [id, new Map()]));
    if (wanted.length > 0) {
      const result = await this.read((tx) => tx.run(RELATIONSHIPS_OF_MANY, { ids: wanted, direction, relationshipTypes }));
      for (const row of result.records) {
        const rel = toGraphRelationship(row.get("r") as Relationship, String(row.get("source")), String(row.get("target")));
        found.get(String(row.get("owner")))?.set(relationshipKey(rel), rel);
      }
    }
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
    return this.read(async (tx) => {
      const found = new Map((await fetchEntities(tx, [fromId, toId])).map((node) => [node.id, node]));
      const from = found.get(fromId);
      if (!from) throw notFound(fromId, "from");
      if (!found.has(toId)) throw notFound(toId, "to");
      // Neo4j's shortestPath refuses identical ends; the path from an entity to itself is the entity alone.
      if (fromId === toId) return { kind: "path", nodes: [from], relationships: [] };
      if (relTypes?.length === 0) return null;
      const result = await tx.run(shortestPathStatement(maxHops, relTypes), { fromId, toId });
      const record = result.records[0];
      return record ? toGraphPath(record.get("p") as Path) : null;
    });
  }

  async validDuring(range: DateRange): Promise<ValidDuring> {
    for (const end of ["from", "to"] as const) {
      const value = range[end];
      if (value !== undefined && !isIsoDate(value)) {
        throw new GraphStoreError("INVALID_INPUT", `${end} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`, {
          location: { field: end },
        });
      }
    }
    if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
      throw new GraphStoreError("INVALID_INPUT", `from (${range.from}) is after to (${range.to})`, { location: { field: "from" } });
    }
    const timeProperties = ENTITY_TYPES.flatMap((t) =>
      t.timeProperties ? [{ type: t.name, from: t.timeProperties.from, to: t.timeProperties.to ?? t.timeProperties.from }] : [],
    );
    const params = { from: range.from ?? EARLIEST_DATE, to: range.to ?? LATEST_DATE };
    return this.read(async (tx) => {
      const entityResult = await tx.run(VALID_DURING_ENTITIES, { ...params, timeProperties });
      const seen = new Set<string>();
      const entities: GraphNode[] = [];
      for (const record of entityResult.records) {
        const node = toGraphNode(record.get("n") as Node);
        if (seen.has(node.id)) continue;
        seen.add(node.id);
        entities.push(node);
      }
      const relResult = await tx.run(VALID_DURING_RELATIONSHIPS, params);
      const relationships = relResult.records.map((record) =>
        toGraphRelationship(record.get("r") as Relationship, String(record.get("source")), String(record.get("target"))),
      );
      return { entities, relationships };
    });
  }

  async schemaSummary(): Promise<SchemaSummary> {
    const counts = await this.read((tx) => fetchCounts(tx));
    const connections = await this.read((tx) => fetchConnectionCounts(tx));
    return {
      connections,
      entityTypes: ENTITY_TYPES.map((t) => ({
        name: t.name,
        count: counts.entitiesByLabel.get(t.name) ?? 0,
        properties: entityProperties(t.name).map((p) => p.name),
      })),
      relationshipTypes: RELATIONSHIP_TYPES.map((t) => ({
        name: t.name,
        count: counts.relationshipsByType.get(t.name) ?? 0,
        properties: relationshipProperties(t.name).map((p) => p.name),
      })),
    };
  }

  async stats(): Promise<StoreStats> {
    const counts = await this.read((tx) => fetchCounts(tx));
    return {
      entities: counts.entities,
      relationships: counts.relationships,
      relationshipsWithoutSource: counts.relationshipsWithoutSource,
      // Like the embedded store: types that have at least one entity or relationship.
      entitiesByType: Object.fromEntries([...counts.entitiesByLabel].filter(([label]) => isEntityTypeName(label))),
      relationshipsByType: Object.fromEntries(counts.relationshipsByType),
    };
  }

  async runReadQuery(
    statement: string,
    params: Readonly<Record<string, unknown>> = {},
    options: ReadQueryOptions = {},
  ): Promise<ReadQueryResult> {
    const timeoutMs = wholeNumber(options.timeoutMs, BOUNDS.timeoutMs, "timeoutMs");
    const rowLimit = wholeNumber(options.rowLimit, BOUNDS.rowLimit, "rowLimit");
    // Refusals happen here, before anything reaches the server.
    checkReadOnlyCypher(statement);
    // The server is given the canonical spelling only, so it parses the tokens the check read.
    const text = canonicalCypherText(statement);
    checkParamDepth(params);
    const parameters = toDriverParameters(params);
    const explain = explainText(text);
    return this.read(async (tx) => {
      let queryType: string;
      try {
        queryType = (await tx.run(explain.text, parameters)).summary.queryType;
      } catch (error) {
        // Only errors about the text are translated here; others go back to the driver, which may retry them.
        if ((error as { code?: unknown }).code === "Neo.ClientError.Statement.SyntaxError") {
          throw toGraphStoreError(error, { location: this.location, firstLineShift: explain.firstLineShift });
        }
        throw error;
      }
      // The server's own reading of the statement: "r" is read-only; "rw", "w" and "s" (schema) are refused.
      if (queryType !== "r") {
        throw new GraphStoreError("CYPHER_WRITE_REFUSED", "This statement can change the graph; queries here are read-only.");
      }
      const started = performance.now();
      const result = tx.run(text, parameters);
      if (explain.asked) {
        // EXPLAIN and PROFILE return no records from Neo4j; the plan itself is the answer.
        const summary = await result.summary();
        const plan = planRows(explain.asked === "PROFILE" ? summary.profile : summary.plan, explain.asked === "PROFILE");
        const elapsedMs = Math.round((performance.now() - started) * 100) / 100;
        return { columns: plan.columns, rows: plan.rows.slice(0, rowLimit), truncated: plan.rows.length > rowLimit, elapsedMs, backend: "neo4j" as const };
      }
      const columns = await result.keys();
      const rawRows: unknown[][] = [];
      let truncated = false;
      for await (const record of result) {
        if (rawRows.length === rowLimit) {
          truncated = true;
          break;
        }
        rawRows.push(columns.map((column) => record.get(column)));
      }
      const known = new Map<string, string>();
      const wanted = new Set<string>();
      collectElementIds(rawRows, known, wanted);
      const missing = [...wanted].filter((elementId) => !known.has(elementId));
      if (missing.length > 0) {
        const ends = await tx.run(ENTITY_IDS_BY_ELEMENT_ID, { elementIds: missing });
        for (const record of ends.records) {
          const id = toJsonValue(record.get("id"));
          known.set(String(record.get("elementId")), id === null ? "" : String(id));
        }
      }
      const rows = rawRows.map((row) => row.map((value) => toResultValue(value, known)));
      const elapsedMs = Math.round((performance.now() - started) * 100) / 100;
      return { columns, rows, truncated, elapsedMs, backend: "neo4j" as const };
    }, timeoutMs);
  }

  async writeBatch(batch: GraphBatch, options: WriteOptions = {}): Promise<WriteSummary> {
    throwIfCancelled(options.signal);
    // Rows are built from each record's type specs, so the types are checked before anything else.
    checkBatchTypes(batch);
    const total = batch.entities.length + batch.relationships.length;
    await this.write(async (tx) => {
      // Validation reads the stored types in the transaction that writes, so nothing can change in between.
      await validateBatch(batch, (ids) => fetchEntityTypes(tx, ids));
      await writeBatchIn(tx, batch, options, total, 0);
    });
    return { entitiesWritten: batch.entities.length, relationshipsWritten: batch.relationships.length };
  }

  async applyChange(change: GraphChange, options: WriteOptions = {}): Promise<ChangeSummary> {
    throwIfCancelled(options.signal);
    const batch = checkChangeShape(change);
    const deleteRelationships = [...new Set(change.deleteRelationships ?? [])];
    const deleteEntities = [...new Set(change.deleteEntities ?? [])];
    const total = deleteRelationships.length + batch.entities.length + batch.relationships.length + deleteEntities.length;
    await this.write(async (tx) => {
      if (deleteRelationships.length > 0) {
        const found = new Set((await tx.run(RELATIONSHIPS_WITH_IDS, { ids: deleteRelationships })).records.map((r) => String(r.get("id"))));
        const missing = deleteRelationships.filter((id) => !found.has(id));
        if (missing.length > 0) throw missingForChangeError("relationship", missing);
        await tx.run(DELETE_RELATIONSHIPS_WITH_IDS, { ids: deleteRelationships });
        options.onProgress?.({ done: deleteRelationships.length, total });
      }
      // Validated in the transaction that writes, after the deletions, so nothing can change in between.
      await validateBatch(batch, (ids) => fetchEntityTypes(tx, ids));
      await writeBatchIn(tx, batch, options, total, deleteRelationships.length);
      if (deleteEntities.length > 0) {
        const rows = (await tx.run(RELATIONSHIP_COUNTS_OF, { ids: deleteEntities })).records;
        const counts = new Map(rows.map((r) => [String(r.get("id")), toCount(r.get("relationships"))]));
        const missing = deleteEntities.filter((id) => !counts.has(id));
        if (missing.length > 0) throw missingForChangeError("entity", missing);
        const joined = [...counts].filter(([, count]) => count > 0).map(([id, relationships]) => ({ id, relationships }));
        if (joined.length > 0) throw entitiesStillJoinedError(joined);
        await tx.run(DELETE_ENTITIES, { ids: deleteEntities });
      }
      options.onProgress?.({ done: total, total });
    });
    return {
      entitiesWritten: batch.entities.length,
      relationshipsWritten: batch.relationships.length,
      relationshipsDeleted: deleteRelationships.length,
      entitiesDeleted: deleteEntities.length,
    };
  }

  /**
   * One explicit write transaction, never re-run: a script may CREATE, and the driver's retry of a
   * managed transaction would run it again after a commit whose answer was lost, leaving two of
   * everything. A failure reaches the caller instead; a lost commit answer says so.
   */
  private writeOnce(work: (tx: StatementRunner) => Promise<void>): Promise<void> {
    this.forgetSimilarNames();
    return this.track(async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE, bookmarkManager: this.bookmarks });
      try {
        const tx = session.beginTransaction();
        try {
          await work(tx);
        } catch (error) {
          await tx.rollback().catch(() => undefined);
          throw error;
        }
        try {
          await tx.commit();
        } catch (error) {
          throw new GraphStoreError(
            "STORE_UNAVAILABLE",
            `Neo4j at ${this.location} did not confirm the end of the script (${(error as Error).message}); it may or may not have been applied. Check the store before running it again.`,
            { cause: error },
          );
        }
      } catch (error) {
        throw toGraphStoreError(error, { location: this.location });
      } finally {
        await session.close().catch(() => undefined);
      }
    });
  }

  async runScript(statements: readonly ScriptStatement[], options: WriteOptions = {}): Promise<void> {
    throwIfCancelled(options.signal);
    await this.writeOnce(async (tx) => {
      const unsourcedBefore = await unsourcedRelationships(tx);
      for (const [index, statement] of statements.entries()) {
        throwIfCancelled(options.signal);
        try {
          await tx.run(statement.text);
        } catch (error) {
          throw inStatement(error, statement, this.location);
        }
        options.onProgress?.({ done: index + 1, total: statements.length });
      }
      await tx.run(ADD_MISSING_ENTITY_LABELS, { entityTypes: [...ENTITY_TYPE_NAMES] });
      // A script may have created or renamed any entity, so every search key is set again.
      await tx.run(REFRESH_SEARCH_KEYS);
      const added = newlyUnsourced(unsourcedBefore, await unsourcedRelationships(tx));
      // Thrown inside the transaction, so the script is rolled back whole.
      if (added.length > 0) throw unsourcedRelationshipsError(added, statements);
      const problems = modelProblems(
        (await tx.run(EXPORT_ENTITIES)).records.map((record) => record.get("n") as Node),
        (await tx.run(EXPORT_RELATIONSHIPS)).records.map((record) => ({
          relationship: record.get("r") as Relationship,
          from: String(record.get("from")),
          to: String(record.get("to")),
        })),
      );
      if (problems.length > 0) {
        const files = [...new Set(statements.map((statement) => statement.file).filter((file) => file !== undefined))];
        throw new GraphStoreError(
          "INVALID_INPUT",
          `${files.length > 0 ? `${files.join(", ")}: ` : ""}the script leaves data the model does not allow, so nothing of it was kept:\n  ${problems.join("\n  ")}`,
          files.length === 1 ? { location: { file: files[0] as string } } : undefined,
        );
      }
    });
  }

  async deleteRelationship(id: string): Promise<boolean> {
    if (typeof id !== "string" || id === "") {
      throw new GraphStoreError("INVALID_INPUT", "id must be a relationship id", { location: { field: "id" } });
    }
    const result = await this.write((tx) => tx.run(DELETE_RELATIONSHIP, { id }));
    return result.records.reduce((sum, record) => sum + toCount(record.get("deleted")), 0) > 0;
  }

  async exportAll(): Promise<GraphBatch> {
    return this.read(async (tx) => {
      const entityResult = await tx.run(EXPORT_ENTITIES);
      const entities: EntityRecord[] = [];
      for (const record of entityResult.records) {
        const node = record.get("n") as Node;
        const type = node.labels.find(isEntityTypeName);
        if (!type) continue;
        entities.push({ type, id: String(toJsonValue(node.properties["id"])), properties: storedProperties(node.properties) });
      }
      const relResult = await tx.run(EXPORT_RELATIONSHIPS);
      const relationships: RelationshipRecord[] = [];
      for (const record of relResult.records) {
        const rel = record.get("r") as Relationship;
        if (!isRelationshipTypeName(rel.type)) continue;
        relationships.push({
          type: rel.type,
          id: String(toJsonValue(rel.properties["id"])),
          from: String(record.get("from")),
          to: String(record.get("to")),
          properties: storedProperties(rel.properties),
        });
      }
      return { entities, relationships };
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await this.driver.close();
    })();
    return this.closing;
  }
}

function notFound(id: string, field: string): GraphStoreError {
  return new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`, { location: { field } });
}

function usableIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => typeof id === "string" && id !== "");
}

function groupRows<R extends { readonly type: K }, K extends string, Row>(records: readonly R[], toRow: (record: R) => Row): Map<K, Row[]> {
  const groups = new Map<K, Row[]>();
  for (const record of records) {
    const rows = groups.get(record.type) ?? [];
    rows.push(toRow(record));
    groups.set(record.type, rows);
  }
  return groups;
}

function entityRow(record: EntityRecord) {
  return { id: record.id, ...writeRow(entityProperties(record.type), record.properties) };
}

function relationshipRow(record: RelationshipRecord) {
  return { id: record.id, from: record.from, to: record.to, ...writeRow(relationshipProperties(record.type), record.properties) };
}

/** Upserts a validated batch inside a write transaction: entities, then relationships, in chunks. */
async function writeBatchIn(tx: ManagedTransaction, batch: GraphBatch, options: WriteOptions, total: number, doneBefore: number): Promise<void> {
  const entityRows = groupRows(batch.entities, entityRow);
  const relationshipRows = groupRows(batch.relationships, relationshipRow);
  let done = doneBefore;
  const report = (count: number) => {
    done += count;
    options.onProgress?.({ done, total });
  };
  for (const type of ENTITY_TYPE_NAMES) {
    for (const rows of chunks(entityRows.get(type) ?? [], WRITE_CHUNK_SIZE)) {
      throwIfCancelled(options.signal);
      await tx.run(UPSERT_ENTITIES[type], { rows });
      report(rows.length);
    }
  }
  if (batch.relationships.length > 0) {
    const rowsById = Object.fromEntries(batch.relationships.map((r) => [r.id, { type: r.type, from: r.from, to: r.to }]));
    await tx.run(DELETE_MOVED_RELATIONSHIPS, { ids: Object.keys(rowsById), rowsById });
  }
  for (const type of RELATIONSHIP_TYPES.map((t) => t.name)) {
    for (const rows of chunks(relationshipRows.get(type) ?? [], WRITE_CHUNK_SIZE)) {
      throwIfCancelled(options.signal);
      const result = await tx.run(UPSERT_RELATIONSHIPS[type], { rows });
      const written = toCount(result.records[0]?.get("written"));
      // Both ends were checked above in this transaction, so a shortfall is a bug; throwing rolls everything back.
      if (written !== rows.length) {
        throw new GraphStoreError("INVALID_INPUT", `${rows.length - written} ${type} relationship(s) found no endpoint; nothing was saved.`);
      }
      report(rows.length);
    }
  }
}

async function fetchEntities(tx: ManagedTransaction, ids: readonly string[]): Promise<GraphNode[]> {
  const result = await tx.run(GET_ENTITIES, { ids: [...ids] });
  return result.records.map((record) => toGraphNode(record.get("n") as Node));
}

async function fetchEntityTypes(tx: ManagedTransaction, ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
  const types = new Map<string, EntityTypeName>();
  if (ids.length === 0) return types;
  const result = await tx.run(ENTITY_TYPES_OF, { ids: [...new Set(ids)] });
  for (const record of result.records) {
    const type = (record.get("labels") as string[]).find(isEntityTypeName);
    if (type) types.set(String(record.get("id")), type);
  }
  return types;
}

/** The relationships breaking the rule that each cites a Source entity; see newlyUnsourced. */
async function unsourcedRelationships(tx: StatementRunner): Promise<UnsourcedRelationship[]> {
  const found: UnsourcedRelationship[] = [];
  for (const record of (await tx.run(UNSOURCED_RELATIONSHIPS)).records) {
    found.push({ type: String(record.get("type")), id: String(toJsonValue(record.get("id"))) });
  }
  for (const record of (await tx.run(RELATIONSHIPS_CITING_NO_SOURCE)).records) {
    found.push({ type: String(record.get("type")), id: String(toJsonValue(record.get("id"))), cited: String(toJsonValue(record.get("cited"))) });
  }
  return found;
}

interface Counts {
  readonly entities: number;
  readonly entitiesByLabel: ReadonlyMap<string, number>;
  readonly relationships: number;
  readonly relationshipsWithoutSource: number;
  readonly relationshipsByType: ReadonlyMap<string, number>;
}

async function fetchConnectionCounts(tx: ManagedTransaction): Promise<ConnectionCount[]> {
  const result = await tx.run(COUNT_CONNECTIONS);
  return orderedConnections(
    result.records.map((record) => ({
      relationshipType: String(record.get("type")),
      from: entityTypeOfLabels(record.get("sourceLabels") as string[]),
      to: entityTypeOfLabels(record.get("targetLabels") as string[]),
      count: toCount(record.get("count")),
    })),
  );
}

async function fetchCounts(tx: ManagedTransaction): Promise<Counts> {
  const entityTotal = await tx.run(COUNT_ENTITIES);
  const byLabel = await tx.run(COUNT_ENTITIES_BY_TYPE);
  const byType = await tx.run(COUNT_RELATIONSHIPS_BY_TYPE);
  let relationships = 0;
  let relationshipsWithoutSource = 0;
  const relationshipsByType = new Map<string, number>();
  for (const record of byType.records) {
    const count = toCount(record.get("count"));
    relationships += count;
    relationshipsWithoutSource += toCount(record.get("withoutSource"));
    relationshipsByType.set(String(record.get("type")), count);
  }
  return {
    entities: toCount(entityTotal.records[0]?.get("count")),
    entitiesByLabel: new Map(
      byLabel.records.filter((record) => toCount(record.get("count")) > 0).map((record) => [String(record.get("label")), toCount(record.get("count"))]),
    ),
    relationships,
    relationshipsWithoutSource,
    relationshipsByType,
  };
}

/**
 * Places a failing script statement in its file; positions the server reports inside the statement
 * become lines of the file. Errors the driver may still retry pass through unchanged.
 */
function inStatement(error: unknown, statement: ScriptStatement, location: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("Neo.ClientError.")) return error;
  const mapped = toGraphStoreError(error, statement.line === undefined ? { location } : { location, statementLine: statement.line });
  if (!(mapped instanceof GraphStoreError)) return mapped;
  const where: InputLocation = {
    ...(statement.file !== undefined ? { file: statement.file } : {}),
    ...(statement.line !== undefined ? { line: statement.line } : {}),
    ...mapped.location,
  };
  const prefix = [where.file, where.line].filter((part) => part !== undefined).join(":");
  return new GraphStoreError(mapped.code, `${prefix ? `${prefix}: ` : ""}${mapped.message}`, { cause: error, location: where });
}
