import { kuzuSchemaStatements, kuzuTableColumns, type EntityTypeName } from "@kgx/domain";
import type { StoreAdapter } from "../adapter-port.ts";
import { DEFAULT_KUZU_BUFFER_POOL_MIB } from "../config.ts";
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
import { KuzuHandle } from "./kuzu-handle.ts";
import * as reads from "./reads.ts";
import { search } from "./search.ts";
import { KuzuStoreContext } from "./store-context.ts";
import { neighborhood, shortestPath } from "./traversal.ts";
import { runReadQuery } from "./user-cypher.ts";
import * as writes from "./writes.ts";

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

/** Opens the embedded store in this process, behind the validating front every caller gets. */
export async function openEmbeddedGraphStore(options: EmbeddedStoreOptions): Promise<GraphStore> {
  return validatingStore(await openEmbeddedStoreAdapter(options));
}

/** The adapter alone, for the store host: its calls come checked from the front in the API's process. */
export async function openEmbeddedStoreAdapter(options: EmbeddedStoreOptions): Promise<EmbeddedStoreAdapter> {
  const handle = await KuzuHandle.open({
    dataDir: options.dataDir,
    bufferPoolBytes: options.bufferPoolBytes ?? DEFAULT_KUZU_BUFFER_POOL_MIB * 1024 * 1024,
  });
  return new EmbeddedStoreAdapter(new KuzuStoreContext(handle, options.refuseKnownCrashes ?? true));
}

/**
 * The embedded (Kùzu) adapter. Each operation lives in the module named after what it does —
 * reads.ts, traversal.ts, search.ts, user-cypher.ts, writes.ts (with write-encoding.ts and
 * bulk-copy.ts) — beside the Neo4j adapter's module of the same name.
 */
export class EmbeddedStoreAdapter implements StoreAdapter {
  readonly backend = "embedded" as const;
  readonly location: string;

  constructor(private readonly ctx: KuzuStoreContext) {
    this.location = ctx.handle.dataDir;
  }

  async applySchema(): Promise<void> {
    await this.ctx.handle.write(async (session) => {
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
    this.ctx.tableNames = undefined;
  }

  getEntities(ids: readonly string[]): Promise<GraphNode[]> {
    return reads.getEntities(this.ctx, ids);
  }

  entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
    return this.ctx.entityTypesOf(ids);
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
    return this.ctx.handle.close();
  }
}
