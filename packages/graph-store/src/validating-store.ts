import { ENTITY_TYPES, RELATIONSHIP_TYPES, entityProperties, relationshipProperties, type EntityTypeName } from "@kgx/domain";
import type { StoreAdapter } from "./adapter-port.ts";
import { compareRelationships, relationshipKey, throwIfCancelled } from "./options.ts";
import type {
  ChangeSummary,
  DateRange,
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
  SchemaSummary,
  ScriptStatement,
  SearchHit,
  SearchOptions,
  ShortestPathOptions,
  ShortestPathsOptions,
  StoreStats,
  ValidDuring,
  WriteOptions,
  WriteSummary,
} from "./port.ts";
import { rankedShortestPaths } from "./ranked-paths.ts";
import {
  batchRequest,
  changeRequest,
  checkId,
  dateRangeRequest,
  entityListRequest,
  neighborhoodRequest,
  readQueryRequest,
  relationshipPageRequest,
  scriptRequest,
  searchRequest,
  shortestPathRequest,
  usableIds,
} from "./store-requests.ts";

/**
 * The one front every caller gets (openGraphStore, openEmbeddedGraphStore, openNeo4jGraphStore):
 * it checks and normalises the arguments of each call once, with the rules of store-requests.ts,
 * and hands the adapter a request it need not check again. What both adapters would otherwise
 * each do — ordering results by the caller's ids, paging an entity's relationships, ranking
 * paths, summing counts into the schema summary — is done here too, so it cannot drift apart.
 */
export class ValidatingGraphStore implements GraphStore {
  readonly backend: StoreAdapter["backend"];
  readonly location: string;

  constructor(private readonly adapter: StoreAdapter) {
    this.backend = adapter.backend;
    this.location = adapter.location;
  }

  async applySchema(): Promise<void> {
    return this.adapter.applySchema();
  }

  async getEntity(id: string): Promise<GraphNode | null> {
    const [node] = await this.getEntities([id]);
    return node ?? null;
  }

  async getEntities(ids: readonly string[]): Promise<GraphNode[]> {
    const wanted = usableIds(ids);
    if (wanted.length === 0) return [];
    const byId = new Map((await this.adapter.getEntities(wanted)).map((node) => [node.id, node]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
    const wanted = usableIds(ids);
    return wanted.length === 0 ? new Map() : this.adapter.entityTypesOf(wanted);
  }

  async listEntities(options?: EntityListOptions): Promise<EntityPage> {
    return this.adapter.listEntities(entityListRequest(options));
  }

  async relationshipsOfMany(ids: readonly string[], options?: RelationshipPageOptions): Promise<Map<string, RelationshipPage>> {
    const { limit, offset, ...request } = relationshipPageRequest(options);
    const wanted = usableIds(ids);
    const found = wanted.length === 0 ? new Map<string, GraphRelationship[]>() : await this.adapter.relationshipsOf(wanted, request);
    const pages = new Map<string, RelationshipPage>();
    for (const id of ids) {
      // A relationship from an entity to itself comes back from both of its ends: it counts once.
      const distinct = new Map((found.get(id) ?? []).map((rel) => [relationshipKey(rel), rel]));
      const all = [...distinct.values()].sort(compareRelationships);
      pages.set(id, { relationships: all.slice(offset, offset + limit), totalCount: all.length });
    }
    return pages;
  }

  async search(query: string, options?: SearchOptions): Promise<SearchHit[]> {
    const request = searchRequest(query, options);
    return request.text === "" ? [] : this.adapter.search(request);
  }

  async neighborhood(id: string, options?: NeighborhoodOptions): Promise<Neighborhood> {
    return this.adapter.neighborhood(neighborhoodRequest(id, options));
  }

  async shortestPath(fromId: string, toId: string, options?: ShortestPathOptions): Promise<GraphPath | null> {
    return this.adapter.shortestPath(shortestPathRequest(fromId, toId, options));
  }

  /** Ranked over this front's own reads, so that both backends give the same paths (see ranked-paths.ts). */
  async shortestPaths(fromId: string, toId: string, options?: ShortestPathsOptions): Promise<GraphPath[]> {
    return rankedShortestPaths(this, fromId, toId, options ?? {});
  }

  async validDuring(range: DateRange): Promise<ValidDuring> {
    return this.adapter.validDuring(dateRangeRequest(range));
  }

  async schemaSummary(): Promise<SchemaSummary> {
    const { entitiesByType, relationshipsByType } = await this.adapter.stats();
    const connections = await this.adapter.connectionCounts();
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

  async stats(): Promise<StoreStats> {
    return this.adapter.stats();
  }

  async runReadQuery(statement: string, params?: Readonly<Record<string, unknown>>, options?: ReadQueryOptions): Promise<ReadQueryResult> {
    return this.adapter.runReadQuery(readQueryRequest(statement, params, options));
  }

  async writeBatch(batch: GraphBatch, options: WriteOptions = {}): Promise<WriteSummary> {
    throwIfCancelled(options.signal);
    return this.adapter.writeBatch(batchRequest(batch), options);
  }

  async runScript(statements: readonly ScriptStatement[], options: WriteOptions = {}): Promise<void> {
    throwIfCancelled(options.signal);
    return this.adapter.runScript(scriptRequest(statements), options);
  }

  async deleteRelationship(id: string): Promise<boolean> {
    return this.adapter.deleteRelationship(checkId(id, "id", "relationship"));
  }

  async applyChange(change: GraphChange, options: WriteOptions = {}): Promise<ChangeSummary> {
    throwIfCancelled(options.signal);
    return this.adapter.applyChange(changeRequest(change), options);
  }

  async exportAll(): Promise<GraphBatch> {
    return this.adapter.exportAll();
  }

  async close(): Promise<void> {
    return this.adapter.close();
  }
}

export function validatingStore(adapter: StoreAdapter): GraphStore {
  return new ValidatingGraphStore(adapter);
}
