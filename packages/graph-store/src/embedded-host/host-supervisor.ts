import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { GraphStoreError } from "../errors.ts";
import type { WriteOptions, WriteProgress } from "../port.ts";
import { BoundedMap, blamedError, describeEnd, MIB, residentBytes, type HostEnd, type QuarantineReason } from "./host-ends.ts";
import { DEFAULT_QUERY_GRACE_MS, DEFAULT_STORE_MEMORY_LIMIT_MIB, type HostedStoreOptions } from "./hosted-store-options.ts";
import { fromWireError, RETRYABLE_METHODS, WRITE_METHODS, type FromHost, type StoreMethod, type ToHost, type WireWriteOptions } from "./protocol.ts";

const HOST_ENTRY = path.join(import.meta.dirname, "host-entry.mjs");

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

/**
 * The store host's process, kept alive: forks it, sends it calls, watches its time limits and
 * memory, tells why it ended, and starts it again (see hosted-store.ts for why it exists).
 */
export class HostSupervisor {
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

  /** Why a statement (by its quarantineKey) is refused, if it is. */
  quarantined(statementKey: string): QuarantineReason | undefined {
    return this.quarantine.get(statementKey);
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
      child.send({
        type: "open",
        settings: { dataDir: this.location, bufferPoolBytes: this.settings.bufferPoolBytes, refuseKnownCrashes: this.settings.refuseKnownCrashes },
      } satisfies ToHost);
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
        entry.reject(
          blamedError(end, { timeoutMs: entry.timeoutMs, memoryLimitBytes: this.settings.memoryLimitBytes, retryAfterSeconds: this.retryAfterSeconds() }),
        );
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
      host.send(
        { type: "call", id: entry.id, method: entry.method, args: entry.args, ...(entry.write ? { write: entry.write } : {}) } satisfies ToHost,
        (error) => {
          // A failed send means the host has just ended; its exit answers this call.
          void error;
        },
      );
    } catch (error) {
      // The arguments could not be serialized (a function, a symbol): nothing was sent.
      this.settle(entry);
      entry.reject(new GraphStoreError("INVALID_INPUT", `The arguments cannot be passed to the store: ${(error as Error).message}`));
    }
  }

  call<T>(method: StoreMethod, args: readonly unknown[], extra: { statement?: string; timeoutMs?: number; write?: WriteOptions } = {}): Promise<T> {
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
