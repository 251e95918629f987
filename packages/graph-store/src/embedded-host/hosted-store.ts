import type { EntityTypeName } from "@kgx/domain";
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
import { ValidatingGraphStore } from "../validating-store.ts";
import { quarantineKey, quarantinedError } from "./host-ends.ts";
import { HostSupervisor } from "./host-supervisor.ts";
import type { HostedStoreOptions } from "./hosted-store-options.ts";

export { DEFAULT_QUERY_GRACE_MS, DEFAULT_STORE_MEMORY_LIMIT_MIB, type HostedStoreOptions } from "./hosted-store-options.ts";
export { quarantineKey } from "./host-ends.ts";

/**
 * The embedded store run in a process of its own (host-main.ts), behind the same GraphStore port.
 *
 * Kùzu 0.11.3 crashes the process it runs in on some read-only statements (SIGSEGV), and some
 * expressions ignore its query timeout while taking gigabytes. In the API that meant one user
 * statement could end the whole server or starve it. Here the engine's process is the one that
 * dies, and this client stops what the engine cannot stop itself:
 *
 * - a user statement unanswered at its time limit plus a grace gets the host killed (SIGKILL);
 * - the host's resident memory is sampled, and over the ceiling the host is killed;
 * - after any end of the host, calls in flight are answered at once and new calls fail fast with
 *   STORE_UNAVAILABLE and `retryAfterSeconds` while the host is started again: at once after an
 *   end put down to a statement (which is refused from then on), with backoff after ends that
 *   nothing explains;
 * - a user statement that crashed or overran the store is refused from then on (CYPHER_QUARANTINED).
 *
 * The host gets only the environment it is given (no write token, no Neo4j password) and ends
 * when this process ends, as its IPC channel closes.
 */

export interface HostInfo {
  readonly pid: number | undefined;
  readonly restarts: number;
  readonly peakRssBytes: number;
  readonly up: boolean;
}

/** The hosted store: the GraphStore port, and for logs and tests what its host is doing. */
export interface HostedEmbeddedGraphStore extends GraphStore {
  hostInfo(): HostInfo;
}

/**
 * Arguments are checked in this process, by the validating front, before they travel: the host
 * runs the embedded adapter as it is, and a parameter nested past any real use is refused before
 * it could overflow the serializer.
 */
export async function openHostedEmbeddedGraphStore(options: HostedStoreOptions): Promise<HostedEmbeddedGraphStore> {
  const host = new HostSupervisor(options);
  await host.start();
  return new HostedGraphStore(new HostedStoreAdapter(host), host);
}

class HostedGraphStore extends ValidatingGraphStore implements HostedEmbeddedGraphStore {
  constructor(
    adapter: StoreAdapter,
    private readonly host: HostSupervisor,
  ) {
    super(adapter);
  }

  hostInfo(): HostInfo {
    return this.host.hostInfo();
  }
}

/** The embedded adapter's calls, sent to the host. */
class HostedStoreAdapter implements StoreAdapter {
  readonly backend = "embedded" as const;
  readonly location: string;

  constructor(private readonly host: HostSupervisor) {
    this.location = host.location;
  }

  applySchema(): Promise<void> {
    return this.host.call("applySchema", []);
  }

  getEntities(ids: readonly string[]): Promise<GraphNode[]> {
    return this.host.call("getEntities", [ids]);
  }

  entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
    return this.host.call("entityTypesOf", [ids]);
  }

  listEntities(request: EntityListRequest): Promise<EntityPage> {
    return this.host.call("listEntities", [request]);
  }

  relationshipsOf(ids: readonly string[], request: RelationshipsRequest): Promise<Map<string, GraphRelationship[]>> {
    return this.host.call("relationshipsOf", [ids, request]);
  }

  search(request: SearchRequest): Promise<SearchHit[]> {
    return this.host.call("search", [request]);
  }

  neighborhood(request: NeighborhoodRequest): Promise<Neighborhood> {
    return this.host.call("neighborhood", [request]);
  }

  shortestPath(request: ShortestPathRequest): Promise<GraphPath | null> {
    return this.host.call("shortestPath", [request]);
  }

  validDuring(range: DateRangeRequest): Promise<ValidDuring> {
    return this.host.call("validDuring", [range]);
  }

  connectionCounts(): Promise<ConnectionCount[]> {
    return this.host.call("connectionCounts", []);
  }

  stats(): Promise<StoreStats> {
    return this.host.call("stats", []);
  }

  async runReadQuery(request: ReadQueryRequest): Promise<ReadQueryResult> {
    const key = quarantineKey(request.statement);
    const reason = this.host.quarantined(key);
    if (reason) throw quarantinedError(reason);
    return this.host.call("runReadQuery", [request], { statement: key, timeoutMs: request.timeoutMs });
  }

  writeBatch(batch: GraphBatch, options: WriteOptions): Promise<WriteSummary> {
    return this.host.call("writeBatch", [batch, undefined], { write: options });
  }

  runScript(statements: readonly ScriptStatement[], options: WriteOptions): Promise<void> {
    return this.host.call("runScript", [statements, undefined], { write: options });
  }

  deleteRelationship(id: string): Promise<boolean> {
    return this.host.call("deleteRelationship", [id]);
  }

  applyChange(change: ChangeRequest, options: WriteOptions): Promise<ChangeSummary> {
    return this.host.call("applyChange", [change, undefined], { write: options });
  }

  exportAll(): Promise<GraphBatch> {
    return this.host.call("exportAll", []);
  }

  close(): Promise<void> {
    return this.host.close();
  }
}
