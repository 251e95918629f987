import type { EntityTypeName } from "@kgx/domain";
import type { Driver } from "neo4j-driver";
import type { StoreAdapter } from "../adapter-port.ts";
import type {
  ChangeSummary,
  ConnectionCount,
  EntityPage,
  GraphBatch,
  GraphNode,
  GraphPath,
  GraphRelationship,
  GraphStore,
  Neighborhood,
  ReadQueryResult,
  ScriptStatement,
  SearchHit,
  StoreStats,
  ValidDuring,
  WriteOptions,
  WriteSummary,
} from "../port.ts";
import type {
  ChangeRequest,
  DateRangeRequest,
  EntityListRequest,
  NeighborhoodRequest,
  ReadQueryRequest,
  RelationshipsRequest,
  SearchRequest,
  ShortestPathRequest,
} from "../store-requests.ts";
import { validatingStore } from "../validating-store.ts";
import * as reads from "./reads.ts";
import { search } from "./search.ts";
import { ADD_MISSING_SEARCH_KEYS, SCHEMA_STATEMENTS } from "./statements.ts";
import { Neo4jStoreContext } from "./store-context.ts";
import { neighborhood, shortestPath } from "./traversal.ts";
import { runReadQuery } from "./user-cypher.ts";
import * as writes from "./writes.ts";

export interface Neo4jGraphStoreOptions {
  /** The server's URI without credentials, for messages. */
  readonly location: string;
  /** The database to use; the user's home database when absent. */
  readonly database?: string | undefined;
}

/** The store over a driver that is already made, behind the validating front every caller gets. */
export function neo4jGraphStore(driver: Driver, options: Neo4jGraphStoreOptions): GraphStore {
  return validatingStore(new Neo4jStoreAdapter(new Neo4jStoreContext(driver, options.location, options.database)));
}

/**
 * The Neo4j adapter. Each operation lives in the module named after what it does — reads.ts,
 * traversal.ts, search.ts, user-cypher.ts, writes.ts (with write-encoding.ts) — beside the
 * embedded adapter's module of the same name.
 */
export class Neo4jStoreAdapter implements StoreAdapter {
  readonly backend = "neo4j" as const;
  readonly location: string;

  constructor(private readonly ctx: Neo4jStoreContext) {
    this.location = ctx.location;
  }

  async applySchema(): Promise<void> {
    // One transaction per statement: Neo4j does not mix schema changes with other work in a transaction.
    for (const statement of SCHEMA_STATEMENTS) {
      await this.ctx.write(async (tx) => {
        await tx.run(statement);
      });
    }
    // A store written before search keys existed gets them now, so search finds its entities.
    await this.ctx.write(async (tx) => {
      await tx.run(ADD_MISSING_SEARCH_KEYS);
    });
  }

  getEntities(ids: readonly string[]): Promise<GraphNode[]> {
    return this.ctx.read((tx) => reads.fetchEntities(tx, ids));
  }

  entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
    return this.ctx.read((tx) => reads.fetchEntityTypes(tx, ids));
  }

  listEntities(request: EntityListRequest): Promise<EntityPage> {
    return reads.listEntities(this.ctx, request);
  }

  relationshipsOf(ids: readonly string[], request: RelationshipsRequest): Promise<Map<string, GraphRelationship[]>> {
    return reads.relationshipsOf(this.ctx, ids, request);
  }

  search(request: SearchRequest): Promise<SearchHit[]> {
    return search(this.ctx, request);
  }

  neighborhood(request: NeighborhoodRequest): Promise<Neighborhood> {
    return neighborhood(this.ctx, request);
  }

  shortestPath(request: ShortestPathRequest): Promise<GraphPath | null> {
    return shortestPath(this.ctx, request);
  }

  validDuring(range: DateRangeRequest): Promise<ValidDuring> {
    return reads.validDuring(this.ctx, range);
  }

  connectionCounts(): Promise<ConnectionCount[]> {
    return reads.connectionCounts(this.ctx);
  }

  stats(): Promise<StoreStats> {
    return reads.stats(this.ctx);
  }

  runReadQuery(request: ReadQueryRequest): Promise<ReadQueryResult> {
    return runReadQuery(this.ctx, request);
  }

  writeBatch(batch: GraphBatch, options: WriteOptions): Promise<WriteSummary> {
    return writes.writeBatch(this.ctx, batch, options);
  }

  runScript(statements: readonly ScriptStatement[], options: WriteOptions): Promise<void> {
    return writes.runScript(this.ctx, statements, options);
  }

  deleteRelationship(id: string): Promise<boolean> {
    return writes.deleteRelationship(this.ctx, id);
  }

  applyChange(change: ChangeRequest, options: WriteOptions): Promise<ChangeSummary> {
    return writes.applyChange(this.ctx, change, options);
  }

  exportAll(): Promise<GraphBatch> {
    return reads.exportAll(this.ctx);
  }

  close(): Promise<void> {
    return this.ctx.close();
  }
}
