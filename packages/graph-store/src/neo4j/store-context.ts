import neo4j, { type Driver, type ManagedTransaction } from "neo4j-driver";
import { GraphStoreError } from "../errors.ts";
import { SimilarNameIndex } from "../similar-names.ts";
import { toGraphStoreError } from "./server-errors.ts";
import { NAME_ROWS } from "./statements.ts";

export type TransactionWork<T> = (tx: ManagedTransaction) => Promise<T>;
/** What statements need of a transaction, managed (retried by the driver) or explicit. */
export type StatementRunner = Pick<ManagedTransaction, "run">;

/**
 * What every operation of the Neo4j adapter shares: the driver and its sessions, the calls in
 * flight (so close waits for them), the bookmarks that make reads see this process's writes, and
 * the name index for typo-tolerant search.
 */
export class Neo4jStoreContext {
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

  constructor(
    private readonly driver: Driver,
    readonly location: string,
    private readonly database: string | undefined,
  ) {}

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

  private session(mode: "READ" | "WRITE") {
    return this.driver.session({ database: this.database, defaultAccessMode: neo4j.session[mode], bookmarkManager: this.bookmarks });
  }

  /** A managed read transaction: the driver retries it on transient errors and routes it to a reader. */
  read<T>(work: TransactionWork<T>, timeoutMs?: number): Promise<T> {
    return this.track(async () => {
      const session = this.session("READ");
      try {
        return await session.executeRead(work, timeoutMs === undefined ? undefined : { timeout: timeoutMs });
      } catch (error) {
        throw toGraphStoreError(error, timeoutMs === undefined ? { location: this.location } : { location: this.location, timeoutMs });
      } finally {
        await session.close().catch(() => undefined);
      }
    });
  }

  /** A managed write transaction; `work` may be run again on a transient error, so it must be safe to repeat. */
  write<T>(work: TransactionWork<T>): Promise<T> {
    this.forgetSimilarNames();
    return this.track(async () => {
      const session = this.session("WRITE");
      try {
        return await session.executeWrite(work);
      } catch (error) {
        throw toGraphStoreError(error, { location: this.location });
      } finally {
        await session.close().catch(() => undefined);
      }
    });
  }

  /**
   * One explicit write transaction, never re-run: a script may CREATE, and the driver's retry of a
   * managed transaction would run it again after a commit whose answer was lost, leaving two of
   * everything. A failure reaches the caller instead; a lost commit answer says so.
   */
  writeOnce(work: (tx: StatementRunner) => Promise<void>): Promise<void> {
    this.forgetSimilarNames();
    return this.track(async () => {
      const session = this.session("WRITE");
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

  private forgetSimilarNames(): void {
    this.nameGeneration++;
    this.similarNames = undefined;
  }

  loadedSimilarNames(): Promise<SimilarNameIndex> {
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

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.inFlight]);
      await this.driver.close();
    })();
    return this.closing;
  }
}
