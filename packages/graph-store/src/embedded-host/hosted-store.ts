import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { EntityTypeName } from "@kgx/domain";
import { GraphStoreError } from "../errors.ts";
import { BOUNDS, checkParamDepth } from "../options.ts";
import type {
  DateRange,
  EntityListOptions,
  EntityPage,
  ChangeSummary,
  GraphBatch,
  GraphChange,
  GraphNode,
  GraphPath,
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
  WriteProgress,
  WriteSummary,
} from "../port.ts";
import { fromWireError, RETRYABLE_METHODS, WRITE_METHODS, type FromHost, type StoreMethod, type ToHost, type WireWriteOptions } from "./protocol.ts";

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

export const DEFAULT_STORE_MEMORY_LIMIT_MIB = 3072;
export const DEFAULT_QUERY_GRACE_MS = 2000;

const HOST_ENTRY = path.join(import.meta.dirname, "host-entry.mjs");
const MIB = 1024 * 1024;

export interface HostedStoreOptions {
  readonly dataDir: string;
  /** Kùzu's buffer pool in bytes, passed to the host (the embedded store's default when absent). */
  readonly bufferPoolBytes?: number;
  /** Above this resident size (bytes) the host is killed and started again (default 3072 MiB). */
  readonly memoryLimitBytes?: number;
  /** How long after its time limit an unanswered user statement gets the host killed (default 2000 ms). */
  readonly queryGraceMs?: number;
  /** How often the host's resident size is read (default 100 ms). */
  readonly memorySampleMs?: number;
  /** Wait before the first restart after an end of the host, doubled for each end in a row (default 250 ms). */
  readonly restartDelayMs?: number;
  /** The longest wait between restarts (default 10 s). */
  readonly maxRestartDelayMs?: number;
  /** A host that lived this long before it ended starts the backoff afresh (default 30 s). */
  readonly stableAfterMs?: number;
  /** How long a host may take to open the store before it is killed and tried again (default 60 s). */
  readonly startTimeoutMs?: number;
  /** How many statements the quarantine remembers (default 1000). */
  readonly quarantineSize?: number;
  /**
   * The host's whole environment. Give it only what it needs (PATH, HOME, TMPDIR, a locale):
   * never the API's secrets. Empty when absent.
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** Where restarts and their reasons are reported. */
  readonly log?: (line: string) => void;
  /** Tests only: let statements Kùzu is known to crash on through, to make the host really crash. */
  readonly refuseKnownCrashes?: boolean;
}

/** Why the host ended: killed by this client for a reason, or ended by itself. */
type HostEnd =
  | { readonly kind: "deadline" }
  | { readonly kind: "memory"; readonly rssBytes: number }
  | { readonly kind: "crash"; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly kind: "start-timeout" };

type QuarantineReason = "crash" | "deadline" | "memory";

interface Pending {
  readonly id: number;
  readonly method: StoreMethod;
  readonly args: readonly unknown[];
  readonly write: WireWriteOptions | undefined;
  /** The statement's normalised text, for a user statement (runReadQuery). */
  readonly statement: string | undefined;
  readonly timeoutMs: number;
  readonly onProgress: ((progress: WriteProgress) => void) | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  deadline: NodeJS.Timeout | undefined;
  overdue: boolean;
  /** Whether this call was already sent again after an end of the host. */
  retried: boolean;
  detachSignal: (() => void) | undefined;
}

/** Whitespace does not make another statement: `MATCH  (n)` and `MATCH (n)` are quarantined together. */
export function quarantineKey(statement: string): string {
  return statement.replace(/\s+/g, " ").trim();
}

/** A bounded set in insertion order: the oldest entry leaves first. */
class BoundedMap<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
  }
}

export async function openHostedEmbeddedGraphStore(options: HostedStoreOptions): Promise<HostedEmbeddedGraphStore> {
  const store = new HostedEmbeddedGraphStore(options);
  await store.start();
  return store;
}

/** Reads VmRSS from /proc (Linux); undefined where there is no /proc or the process is gone. */
function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export class HostedEmbeddedGraphStore implements GraphStore {
  readonly backend = "embedded" as const;
  readonly location: string;

  private readonly settings: Required<Omit<HostedStoreOptions, "bufferPoolBytes" | "log">> & Pick<HostedStoreOptions, "bufferPoolBytes" | "log">;
  private child: ChildProcess | undefined;
  /** The host answering calls; undefined while it starts, restarts or is gone. */
  private ready: ChildProcess | undefined;
  private startedAt = 0;
  private sampler: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** When the next host is expected to answer, for `retryAfterSeconds`. */
  private backAt = 0;
  private lastEnd: HostEnd | undefined;
  private endsInARow = 0;
  private restarts = 0;
  private killedFor: HostEnd | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Calls in flight when the host ended, to send again once it is back. */
  private awaitingHost: Pending[] = [];
  private readonly quarantine: BoundedMap<QuarantineReason>;
  /** Statements the store has answered: a crash alongside them is not blamed on them. */
  private readonly answered: BoundedMap<true>;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;
  private exited: (() => void) | undefined;
  private peakRss = 0;

  constructor(options: HostedStoreOptions) {
    this.location = path.resolve(options.dataDir);
    this.settings = {
      dataDir: this.location,
      bufferPoolBytes: options.bufferPoolBytes,
      memoryLimitBytes: options.memoryLimitBytes ?? DEFAULT_STORE_MEMORY_LIMIT_MIB * MIB,
      queryGraceMs: options.queryGraceMs ?? DEFAULT_QUERY_GRACE_MS,
      memorySampleMs: options.memorySampleMs ?? 100,
      restartDelayMs: options.restartDelayMs ?? 250,
      maxRestartDelayMs: options.maxRestartDelayMs ?? 10_000,
      stableAfterMs: options.stableAfterMs ?? 30_000,
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
      quarantineSize: options.quarantineSize ?? 1000,
      environment: options.environment ?? {},
      log: options.log,
      refuseKnownCrashes: options.refuseKnownCrashes ?? true,
    };
    this.quarantine = new BoundedMap(this.settings.quarantineSize);
    this.answered = new BoundedMap(this.settings.quarantineSize);
  }

  /** For logs and tests: the host's process id, how often it was started again, the largest resident size seen. */
  hostInfo(): { readonly pid: number | undefined; readonly restarts: number; readonly peakRssBytes: number; readonly up: boolean } {
    return { pid: this.ready?.pid, restarts: this.restarts, peakRssBytes: this.peakRss, up: this.ready !== undefined };
  }

  /** Starts the first host; its open errors (STORE_LOCKED, a bad directory) are the caller's to see. */
  async start(): Promise<void> {
    await this.launch();
  }

  /**
   * Forks a host, opens the store in it and waits for it to answer. Rejects with the host's own
   * open error, or STORE_UNAVAILABLE when it ends or hangs first.
   */
  private launch(): Promise<void> {
    // Kùzu runs each query on a libuv pool thread: 4 reads, 1 write and 2 user statements at once,
    // and one to spare for file work, so runaway user statements never hold every thread.
    const environment = { ...this.settings.environment, UV_THREADPOOL_SIZE: "8" };
    const child = fork(HOST_ENTRY, [], {
      execArgv: [],
      env: environment,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "advanced",
    });
    this.child = child;
    return new Promise<void>((resolve, reject) => {
      let opened = false;
      const startTimer = setTimeout(() => {
        this.killedFor = { kind: "start-timeout" };
        child.kill("SIGKILL");
      }, this.settings.startTimeoutMs);
      child.on("message", (message: FromHost) => {
        if (message.type === "ready") {
          opened = true;
          clearTimeout(startTimer);
          this.onReady(child);
          resolve();
        } else if (message.type === "open-failed") {
          clearTimeout(startTimer);
          reject(fromWireError(message.error));
        } else {
          this.onMessage(message);
        }
      });
      child.on("error", () => undefined);
      child.once("exit", (code, signal) => {
        clearTimeout(startTimer);
        if (!opened) {
          const reason = this.killedFor ?? { kind: "crash", code, signal };
          this.killedFor = undefined;
          if (this.child === child) this.child = undefined;
          this.exited?.();
          reject(new GraphStoreError("STORE_UNAVAILABLE", `The embedded store's process ${describeEnd(reason)} before it opened the store.`));
          return;
        }
        this.onExit(child, code, signal);
      });
      child.send({ type: "open", settings: { dataDir: this.location, bufferPoolBytes: this.settings.bufferPoolBytes, refuseKnownCrashes: this.settings.refuseKnownCrashes } } satisfies ToHost);
    });
  }

  private onReady(child: ChildProcess): void {
    this.ready = child;
    this.startedAt = Date.now();
    const pid = child.pid;
    if (pid !== undefined && this.settings.memoryLimitBytes > 0) {
      this.sampler = setInterval(() => this.sample(child, pid), this.settings.memorySampleMs);
      this.sampler.unref();
    }
    // Calls caught by the last end of the host go to this one, once.
    const waiting = this.awaitingHost;
    this.awaitingHost = [];
    for (const entry of waiting) this.dispatch(entry);
  }

  private sample(child: ChildProcess, pid: number): void {
    const rss = residentBytes(pid);
    if (rss === undefined || child !== this.ready) return;
    if (rss > this.peakRss) this.peakRss = rss;
    if (rss > this.settings.memoryLimitBytes && !this.killedFor) {
      this.killedFor = { kind: "memory", rssBytes: rss };
      child.kill("SIGKILL");
    }
  }

  private onMessage(message: FromHost): void {
    if (message.type === "closed" || message.type === "ready" || message.type === "open-failed") return;
    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (message.type === "progress") {
      entry.onProgress?.({ done: message.done, total: message.total });
      return;
    }
    // An answer that arrives after the deadline fired is too late: the kill is under way.
    if (entry.overdue) return;
    this.settle(entry);
    if (message.type === "result") {
      if (entry.statement !== undefined) this.answered.set(entry.statement, true);
      entry.resolve(message.value);
    } else {
      entry.reject(fromWireError(message.error));
    }
  }

  private settle(entry: Pending): void {
    this.pending.delete(entry.id);
    if (entry.deadline) clearTimeout(entry.deadline);
    entry.detachSignal?.();
    if (this.pending.size === 0) this.drained?.();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = undefined;
    if (this.child === child) this.child = undefined;
    this.ready = undefined;
    const end: HostEnd = this.killedFor ?? { kind: "crash", code, signal };
    this.killedFor = undefined;
    const entries = [...this.pending.values()];
    for (const entry of entries) this.settle(entry);

    if (this.closing) {
      for (const entry of entries) entry.reject(this.closedError());
      this.exited?.();
      return;
    }

    const blamed = this.blame(end, entries);
    // An end put down to a statement has its cause dealt with (the statement is refused from now
    // on), so the next host starts at once. Only ends nothing explains back off, doubling each time.
    const delay = this.nextRestartDelay(blamed.size === 0);
    this.lastEnd = end;

    for (const entry of entries) {
      if (blamed.has(entry)) {
        this.quarantine.set(entry.statement as string, end.kind === "deadline" ? "deadline" : end.kind === "memory" ? "memory" : "crash");
        entry.reject(this.blamedError(end, entry));
      } else if (RETRYABLE_METHODS.has(entry.method) && !entry.retried) {
        entry.retried = true;
        this.awaitingHost.push(entry);
      } else {
        entry.reject(this.unavailableError(end, WRITE_METHODS.has(entry.method)));
      }
    }
    const blamedText = [...blamed].map((e) => JSON.stringify((e.statement ?? "").slice(0, 200))).join(", ");
    this.settings.log?.(
      `embedded store process ${child.pid ?? "?"} ${describeEnd(end)}${blamedText ? ` while running ${blamedText}` : ""}; ` +
        `starting it again in ${delay} ms`,
    );
    this.scheduleRestart(delay);
  }

  /**
   * Which user statements in flight the end is put down to. A deadline is the overdue statement's
   * fault. A crash or the memory ceiling is put down to every user statement in flight that the
   * store has not answered before: the app's own reads and a statement that ran fine before (the
   * readiness probe's `RETURN 1`) are not blamed, so they are never quarantined.
   */
  private blame(end: HostEnd, entries: readonly Pending[]): Set<Pending> {
    const users = entries.filter((e) => e.statement !== undefined);
    if (end.kind === "deadline") return new Set(users.filter((e) => e.overdue));
    if (end.kind === "start-timeout") return new Set();
    return new Set(users.filter((e) => this.answered.get(e.statement as string) === undefined));
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.backAt - Date.now()) / 1000));
  }

  private blamedError(end: HostEnd, entry: Pending): GraphStoreError {
    switch (end.kind) {
      case "deadline":
        return new GraphStoreError(
          "QUERY_TIMEOUT",
          `The query ran past its time limit (${entry.timeoutMs} ms) and did not stop by itself, so it was stopped by restarting the store. ` +
            "The same statement will be refused from now on; narrow it (a LIMIT, fewer hops, smaller values).",
          { endedStore: true },
        );
      case "memory":
        return new GraphStoreError(
          "QUERY_TOO_LARGE",
          `The query needed more memory than the store may use (KGX_STORE_MEMORY_LIMIT, ${Math.round(this.settings.memoryLimitBytes / MIB)} MiB), ` +
            "so it was stopped by restarting the store. The same statement will be refused from now on; narrow it (a LIMIT, fewer rows, smaller values).",
          { endedStore: true },
        );
      default:
        return new GraphStoreError(
          "STORE_UNAVAILABLE",
          "The store crashed while running this query and is starting again. The same statement will be refused from now on: the engine cannot run it; write it differently.",
          { retryAfterSeconds: this.retryAfterSeconds(), endedStore: true },
        );
    }
  }

  private unavailableError(end: HostEnd | undefined, write: boolean): GraphStoreError {
    const retryAfterSeconds = this.retryAfterSeconds();
    const why = end ? `(its process ${describeEnd(end)})` : "";
    const wait = `Try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? "second" : "seconds"}.`;
    const lost = write ? " The write was not confirmed; one that had not committed was rolled back." : "";
    return new GraphStoreError("STORE_UNAVAILABLE", `The embedded store is starting again${why ? ` ${why}` : ""}.${lost} ${wait}`, { retryAfterSeconds });
  }

  private closedError(): GraphStoreError {
    return new GraphStoreError("STORE_UNAVAILABLE", `The embedded store at ${this.location} is closed.`);
  }

  private scheduleRestart(delay: number): void {
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.closing) return;
      this.restarts++;
      this.launch().then(
        () => this.settings.log?.(`embedded store process ${this.ready?.pid ?? "?"} is answering again`),
        (error: unknown) => {
          const waiting = this.awaitingHost;
          this.awaitingHost = [];
          if (this.closing) {
            for (const entry of waiting) entry.reject(this.closedError());
            return;
          }
          const next = this.nextRestartDelay(true);
          for (const entry of waiting) entry.reject(this.unavailableError(this.lastEnd, false));
          this.settings.log?.(`the embedded store did not start: ${(error as Error).message}; trying again in ${next} ms`);
          this.scheduleRestart(next);
        },
      );
    }, delay);
  }

  /**
   * The wait before the next host starts: the backoff starts afresh after a host that lived long
   * enough, and doubles with each end that `counts` (one nothing explains); the rest start at once.
   * Sets when the next host is expected to answer, for `retryAfterSeconds`.
   */
  private nextRestartDelay(counts: boolean): number {
    if (Date.now() - this.startedAt >= this.settings.stableAfterMs) this.endsInARow = 0;
    if (counts) this.endsInARow++;
    const delay = Math.min(this.settings.maxRestartDelayMs, this.settings.restartDelayMs * 2 ** Math.max(0, this.endsInARow - 1));
    // A host is ready about a second after it is started.
    this.backAt = Date.now() + delay + 1000;
    return delay;
  }

  private dispatch(entry: Pending): void {
    const host = this.ready;
    if (!host) {
      entry.reject(this.unavailableError(this.lastEnd, false));
      return;
    }
    this.pending.set(entry.id, entry);
    if (entry.method === "runReadQuery") {
      entry.deadline = setTimeout(() => {
        entry.overdue = true;
        if (host === this.ready && !this.killedFor) {
          this.killedFor = { kind: "deadline" };
          host.kill("SIGKILL");
        }
      }, entry.timeoutMs + this.settings.queryGraceMs);
    }
    try {
      host.send({ type: "call", id: entry.id, method: entry.method, args: entry.args, ...(entry.write ? { write: entry.write } : {}) } satisfies ToHost, (error) => {
        // A failed send means the host has just ended; its exit answers this call.
        void error;
      });
    } catch (error) {
      // The arguments could not be serialized (a function, a symbol): nothing was sent.
      this.settle(entry);
      entry.reject(new GraphStoreError("INVALID_INPUT", `The arguments cannot be passed to the store: ${(error as Error).message}`));
    }
  }

  private call<T>(method: StoreMethod, args: readonly unknown[], extra: { statement?: string; timeoutMs?: number; write?: WriteOptions } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closing) return reject(this.closedError());
      if (!this.ready) return reject(this.unavailableError(this.lastEnd, false));
      const signal = extra.write?.signal;
      const entry: Pending = {
        id: this.nextId++,
        method,
        args,
        write: extra.write ? { progress: extra.write.onProgress !== undefined, aborted: signal?.aborted ?? false } : undefined,
        statement: extra.statement,
        timeoutMs: extra.timeoutMs ?? 0,
        onProgress: extra.write?.onProgress,
        resolve: resolve as (value: unknown) => void,
        reject,
        deadline: undefined,
        overdue: false,
        retried: false,
        detachSignal: undefined,
      };
      if (signal && !signal.aborted) {
        const onAbort = () => this.ready?.send({ type: "cancel", id: entry.id } satisfies ToHost, () => undefined);
        signal.addEventListener("abort", onAbort, { once: true });
        entry.detachSignal = () => signal.removeEventListener("abort", onAbort);
      }
      this.dispatch(entry);
    });
  }

  applySchema(): Promise<void> {
    return this.call("applySchema", []);
  }

  getEntity(id: string): Promise<GraphNode | null> {
    return this.call("getEntity", [id]);
  }

  getEntities(ids: readonly string[]): Promise<GraphNode[]> {
    return this.call("getEntities", [ids]);
  }

  entityTypesOf(ids: readonly string[]): Promise<Map<string, EntityTypeName>> {
    return this.call("entityTypesOf", [ids]);
  }

  listEntities(options?: EntityListOptions): Promise<EntityPage> {
    return this.call("listEntities", [options]);
  }

  relationshipsOfMany(ids: readonly string[], options?: RelationshipPageOptions): Promise<Map<string, RelationshipPage>> {
    return this.call("relationshipsOfMany", [ids, options]);
  }

  search(query: string, options?: SearchOptions): Promise<SearchHit[]> {
    return this.call("search", [query, options]);
  }

  neighborhood(id: string, options?: NeighborhoodOptions): Promise<Neighborhood> {
    return this.call("neighborhood", [id, options]);
  }

  shortestPath(fromId: string, toId: string, options?: ShortestPathOptions): Promise<GraphPath | null> {
    return this.call("shortestPath", [fromId, toId, options]);
  }

  shortestPaths(fromId: string, toId: string, options?: ShortestPathsOptions): Promise<GraphPath[]> {
    return this.call("shortestPaths", [fromId, toId, options]);
  }

  validDuring(range: DateRange): Promise<ValidDuring> {
    return this.call("validDuring", [range]);
  }

  schemaSummary(): Promise<SchemaSummary> {
    return this.call("schemaSummary", []);
  }

  stats(): Promise<StoreStats> {
    return this.call("stats", []);
  }

  async runReadQuery(statement: string, params: Readonly<Record<string, unknown>> = {}, options: ReadQueryOptions = {}): Promise<ReadQueryResult> {
    if (typeof statement === "string") {
      const reason = this.quarantine.get(quarantineKey(statement));
      if (reason) throw quarantinedError(reason);
    }
    // A parameter nested past any real use would overflow the serializer before the host could refuse it.
    checkParamDepth(params);
    const given = options.timeoutMs;
    const timeoutMs = Number.isInteger(given) && (given as number) >= BOUNDS.timeoutMs.min && (given as number) <= BOUNDS.timeoutMs.max ? (given as number) : BOUNDS.timeoutMs.fallback;
    return this.call("runReadQuery", [statement, params, options], { statement: quarantineKey(String(statement)), timeoutMs });
  }

  writeBatch(batch: GraphBatch, options: WriteOptions = {}): Promise<WriteSummary> {
    return this.call("writeBatch", [batch, undefined], { write: options });
  }

  runScript(statements: readonly ScriptStatement[], options: WriteOptions = {}): Promise<void> {
    return this.call("runScript", [statements, undefined], { write: options });
  }

  deleteRelationship(id: string): Promise<boolean> {
    return this.call("deleteRelationship", [id]);
  }

  applyChange(change: GraphChange, options: WriteOptions = {}): Promise<ChangeSummary> {
    return this.call("applyChange", [change, undefined], { write: options });
  }

  exportAll(): Promise<GraphBatch> {
    return this.call("exportAll", []);
  }

  /** Waits for calls in flight, has the host close the store, and waits for it to end. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // Calls waiting for a restart are not waited for: no host is started once closing began.
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const waiting = this.awaitingHost;
    this.awaitingHost = [];
    for (const entry of waiting) entry.reject(this.closedError());
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => {
      this.exited = resolve;
      child.once("exit", () => resolve());
    });
    if (this.ready === child) child.send({ type: "close" } satisfies ToHost, () => undefined);
    else child.kill("SIGKILL");
    // The host closes the store in at most a few seconds; past that it is ended.
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await gone;
    clearTimeout(force);
    if (this.sampler) clearInterval(this.sampler);
  }
}

function quarantinedError(reason: QuarantineReason): GraphStoreError {
  const why =
    reason === "crash"
      ? "it crashed the store the last time it ran"
      : reason === "memory"
        ? "the last time it ran it needed more memory than the store may use, and the store had to be restarted to stop it"
        : "the last time it ran it overran its time limit and did not stop, and the store had to be restarted to stop it";
  return new GraphStoreError("CYPHER_QUARANTINED", `This statement is refused: ${why}. Write it differently (or narrow it) and run that instead.`);
}

function describeEnd(end: HostEnd): string {
  switch (end.kind) {
    case "deadline":
      return "was stopped: a query ran past its time limit";
    case "memory":
      return `was stopped: it used ${Math.round(end.rssBytes / MIB)} MiB, over the store's memory limit`;
    case "start-timeout":
      return "was stopped: it did not open the store in time";
    case "crash":
      return end.signal ? `crashed with ${end.signal}` : `exited with code ${end.code ?? "?"}`;
  }
}
