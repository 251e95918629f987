import fs from "node:fs";
import path from "node:path";
import { Connection, Database, type KuzuValue, type PreparedStatement, type QueryResult } from "kuzu";
import { GraphStoreError } from "../errors.ts";

/**
 * One open Kùzu database and the connections kgx uses on it.
 *
 * Kùzu allows one read-write Database per directory per process; a second one in the same process
 * opens silently and is unsafe, and one in another process fails with a raw lock error. So handles
 * are registered per directory here, and the lock error becomes a message that names the directory.
 *
 * Every QueryResult is closed before its connection is released, and all connections before the
 * database: a result that outlives its connection makes the process die at exit with SIGSEGV.
 */

export const DATABASE_FILE_NAME = "graph.kuzu";

const openDirectories = new Set<string>();

export type KuzuRow = Record<string, KuzuValue>;

/** A pooled connection with its own prepared-statement cache (prepared statements belong to a connection). */
export class KuzuSession {
  private readonly prepared = new Map<string, PreparedStatement>();

  constructor(readonly connection: Connection) {}

  async prepare(statement: string): Promise<PreparedStatement> {
    let prepared = this.prepared.get(statement);
    if (!prepared) {
      prepared = await this.connection.prepare(statement);
      if (!prepared.isSuccess()) throw new KuzuStatementError(prepared.getErrorMessage());
      // Only fixed statements are cached; user text is prepared fresh (see runUnprepared callers).
      if (this.prepared.size < 500) this.prepared.set(statement, prepared);
    }
    return prepared;
  }

  /** Runs a statement and returns all rows; every result is closed, also on error. */
  async all(statement: string, params?: Record<string, KuzuValue>): Promise<KuzuRow[]> {
    const results = await this.execute(statement, params);
    try {
      const rows: KuzuRow[] = [];
      for (const result of results) rows.push(...(await result.getAll()));
      return rows;
    } finally {
      for (const result of results) result.close();
    }
  }

  async execute(statement: string, params?: Record<string, KuzuValue>): Promise<QueryResult[]> {
    let raw: QueryResult | QueryResult[];
    if (params && Object.keys(params).length > 0) {
      const prepared = await this.prepare(statement);
      raw = await this.connection.execute(prepared, params);
    } else {
      raw = await this.connection.query(statement);
    }
    return Array.isArray(raw) ? raw : [raw];
  }
}

/** A Kùzu error message from a statement that failed to prepare. */
export class KuzuStatementError extends Error {
  override readonly name = "KuzuStatementError";
}

/** Waits in line for a free session; sessions are handed out one query (or transaction) at a time. */
class SessionPool {
  private readonly idle: KuzuSession[];
  private readonly waiting: ((session: KuzuSession) => void)[] = [];

  constructor(readonly sessions: readonly KuzuSession[]) {
    this.idle = [...sessions];
  }

  async use<T>(work: (session: KuzuSession) => Promise<T>): Promise<T> {
    const session = this.idle.pop() ?? (await new Promise<KuzuSession>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(session);
    } finally {
      const next = this.waiting.shift();
      if (next) next(session);
      else this.idle.push(session);
    }
  }
}

export interface KuzuHandleOptions {
  readonly dataDir: string;
  /** Kùzu's buffer pool in bytes; Kùzu's default (most of the machine's memory) when absent. */
  readonly bufferPoolBytes?: number;
  /** Read connections in the pool (writes have their own). */
  readonly readConnections?: number;
  /** Connections reserved for user-written queries, which carry a per-query timeout. */
  readonly userQueryConnections?: number;
}

export class KuzuHandle {
  private closed = false;
  private inFlight = 0;
  private drained: (() => void) | undefined;

  private constructor(
    readonly dataDir: string,
    private readonly database: Database,
    private readonly readers: SessionPool,
    private readonly writer: SessionPool,
    private readonly userQueries: SessionPool,
  ) {}

  static async open(options: KuzuHandleOptions): Promise<KuzuHandle> {
    const dataDir = path.resolve(options.dataDir);
    if (openDirectories.has(dataDir)) {
      throw new GraphStoreError(
        "STORE_LOCKED",
        `The embedded store at ${dataDir} is already open in this process; share the open store instead of opening it again.`,
      );
    }
    try {
      fs.mkdirSync(dataDir, { recursive: true });
    } catch (cause) {
      throw new GraphStoreError("STORE_UNAVAILABLE", `Cannot create the data directory ${dataDir}: ${(cause as Error).message}`, { cause });
    }
    // Positional in kuzu 0.11.3: path, buffer pool bytes (0 = Kùzu's default).
    const database = new Database(path.join(dataDir, DATABASE_FILE_NAME), options.bufferPoolBytes ?? 0);
    try {
      await database.init();
    } catch (cause) {
      await database.close().catch(() => undefined);
      const message = (cause as Error).message ?? String(cause);
      if (/lock/i.test(message)) {
        throw new GraphStoreError(
          "STORE_LOCKED",
          `The embedded store at ${dataDir} is in use by another process (another kgx command or the API server). ` +
            "Stop that process, or point KGX_DATA_DIR (or --data-dir) at another directory.",
          { cause },
        );
      }
      throw new GraphStoreError("STORE_UNAVAILABLE", `Cannot open the embedded store at ${dataDir}: ${message}`, { cause });
    }
    const makeSession = async () => {
      const connection = new Connection(database);
      await connection.init();
      return new KuzuSession(connection);
    };
    const readCount = Math.max(1, options.readConnections ?? 4);
    const readers = await Promise.all(Array.from({ length: readCount }, makeSession));
    const writer = await makeSession();
    const userQueryCount = Math.max(1, options.userQueryConnections ?? 2);
    const userQueries = await Promise.all(Array.from({ length: userQueryCount }, makeSession));
    openDirectories.add(dataDir);
    return new KuzuHandle(dataDir, database, new SessionPool(readers), new SessionPool([writer]), new SessionPool(userQueries));
  }

  read<T>(work: (session: KuzuSession) => Promise<T>): Promise<T> {
    return this.track(() => this.readers.use(work));
  }

  /**
   * User-written queries get connections of their own: Kùzu's timeout is a connection setting that
   * cannot be switched off again once set, and the store's own queries must not inherit it.
   */
  userQuery<T>(work: (session: KuzuSession) => Promise<T>): Promise<T> {
    return this.track(() => this.userQueries.use(work));
  }

  /** Writes go through one connection, one at a time: Kùzu runs a single write transaction at once anyway. */
  write<T>(work: (session: KuzuSession) => Promise<T>): Promise<T> {
    return this.track(() => this.writer.use(work));
  }

  private async track<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new GraphStoreError("STORE_UNAVAILABLE", `The embedded store at ${this.dataDir} is closed.`);
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    for (const session of [...this.readers.sessions, ...this.writer.sessions, ...this.userQueries.sessions]) await session.connection.close();
    await this.database.close();
    openDirectories.delete(this.dataDir);
  }
}
