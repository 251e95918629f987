import type { EntityTypeName } from "@kgx/domain";
import type {
  BackendName,
  ChangeSummary,
  ConnectionCount,
  EntityPage,
  GraphBatch,
  GraphNode,
  GraphPath,
  GraphRelationship,
  Neighborhood,
  ReadQueryResult,
  ScriptStatement,
  SearchHit,
  StoreStats,
  ValidDuring,
  WriteOptions,
  WriteSummary,
} from "./port.ts";
import type {
  ChangeRequest,
  DateRangeRequest,
  EntityListRequest,
  NeighborhoodRequest,
  ReadQueryRequest,
  RelationshipsRequest,
  SearchRequest,
  ShortestPathRequest,
} from "./store-requests.ts";

/**
 * What each backend implements: the GraphStore port less what the validating front does once for
 * both (argument checks, defaults, ordering the caller's ids, paging an entity's relationships,
 * ranked paths, the schema summary). Arguments arrive checked (store-requests.ts). Writes still
 * validate a batch against the stored graph, inside their own write transaction, with
 * validateBatch: only there is what the check reads what the write finds.
 */
export interface StoreAdapter {
  readonly backend: BackendName;
  readonly location: string;

  applySchema(): Promise<void>;
  /** The entities with these ids (unique, non-empty), in any order; missing ones left out. */
  getEntities(ids: readonly string[]): Promise<GraphNode[]>;
  entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>>;
  listEntities(request: EntityListRequest): Promise<EntityPage>;
  /** Every relationship of each entity that passes the filters, in any order; an id without any may be left out. */
  relationshipsOf(ids: readonly string[], request: RelationshipsRequest): Promise<Map<string, GraphRelationship[]>>;
  search(request: SearchRequest): Promise<SearchHit[]>;
  neighborhood(request: NeighborhoodRequest): Promise<Neighborhood>;
  shortestPath(request: ShortestPathRequest): Promise<GraphPath | null>;
  validDuring(range: DateRangeRequest): Promise<ValidDuring>;
  connectionCounts(): Promise<ConnectionCount[]>;
  stats(): Promise<StoreStats>;
  runReadQuery(request: ReadQueryRequest): Promise<ReadQueryResult>;
  /** The batch's records name model types and carry property objects (checkBatchTypes); the rest is checked in the write. */
  writeBatch(batch: GraphBatch, options: WriteOptions): Promise<WriteSummary>;
  runScript(statements: readonly ScriptStatement[], options: WriteOptions): Promise<void>;
  deleteRelationship(id: string): Promise<boolean>;
  applyChange(change: ChangeRequest, options: WriteOptions): Promise<ChangeSummary>;
  exportAll(): Promise<GraphBatch>;
  close(): Promise<void>;
}

type AdapterMethod = Exclude<keyof StoreAdapter, "backend" | "location">;

/**
 * Where each adapter keeps which operations: both adapters have modules of these names, each
 * exporting these operations under the port's names, so an operation is found in the same place
 * on either side.
 */
export const READ_OPERATIONS = ["listEntities", "relationshipsOf", "validDuring", "connectionCounts", "stats", "exportAll"] as const;
export const TRAVERSAL_OPERATIONS = ["neighborhood", "shortestPath"] as const;
export const WRITE_OPERATIONS = ["writeBatch", "runScript", "deleteRelationship", "applyChange"] as const;

/** The named operations of one module. */
export function operationsOf<Module, Name extends keyof Module>(module: Module, names: readonly Name[]): Pick<Module, Name> {
  return Object.fromEntries(names.map((name) => [name, module[name]])) as Pick<Module, Name>;
}

/** An adapter's operations as functions of its context (the driver, the Kùzu handle, the caches). */
export type AdapterOperations<Context> = {
  readonly [K in AdapterMethod]: (context: Context, ...args: Parameters<StoreAdapter[K]>) => ReturnType<StoreAdapter[K]>;
};

/**
 * An adapter made from its operations: each backend lists which function of which module does
 * each part of the port, and nothing else, so the two adapters read as two columns of one table.
 */
export function adapterOf<Context>(
  identity: Pick<StoreAdapter, "backend" | "location">,
  context: Context,
  operations: AdapterOperations<Context>,
): StoreAdapter {
  const bound = Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [
      name,
      (...args: unknown[]) => (operation as (c: Context, ...a: unknown[]) => unknown)(context, ...args),
    ]),
  );
  return { ...identity, ...bound } as StoreAdapter;
}
