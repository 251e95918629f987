import fs from "node:fs";
import { GraphStoreError } from "../errors.ts";

/**
 * How the store host's ends are told apart and reported: why it ended, which statements are
 * refused from then on, and the errors a caller sees.
 */

export const MIB = 1024 * 1024;

/** Why the host ended: killed by this client for a reason, or ended by itself. */
export type HostEnd =
  | { readonly kind: "deadline" }
  | { readonly kind: "memory"; readonly rssBytes: number }
  | { readonly kind: "crash"; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly kind: "start-timeout" };

export type QuarantineReason = "crash" | "deadline" | "memory";

/** Whitespace does not make another statement: `MATCH  (n)` and `MATCH (n)` are quarantined together. */
export function quarantineKey(statement: string): string {
  return statement.replace(/\s+/g, " ").trim();
}

/** A bounded set in insertion order: the oldest entry leaves first. */
export class BoundedMap<V> {
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

/** Reads VmRSS from /proc (Linux); undefined where there is no /proc or the process is gone. */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The error for a user statement the host's end is put down to. */
export function blamedError(
  end: HostEnd,
  limits: { readonly timeoutMs: number; readonly memoryLimitBytes: number; readonly retryAfterSeconds: number },
): GraphStoreError {
  switch (end.kind) {
    case "deadline":
      return new GraphStoreError(
        "QUERY_TIMEOUT",
        `The query ran past its time limit (${limits.timeoutMs} ms) and did not stop by itself, so it was stopped by restarting the store. ` +
          "The same statement will be refused from now on; narrow it (a LIMIT, fewer hops, smaller values).",
        { endedStore: true },
      );
    case "memory":
      return new GraphStoreError(
        "QUERY_TOO_LARGE",
        `The query needed more memory than the store may use (KGX_STORE_MEMORY_LIMIT, ${Math.round(limits.memoryLimitBytes / MIB)} MiB), ` +
          "so it was stopped by restarting the store. The same statement will be refused from now on; narrow it (a LIMIT, fewer rows, smaller values).",
        { endedStore: true },
      );
    default:
      return new GraphStoreError(
        "STORE_UNAVAILABLE",
        "The store crashed while running this query and is starting again. The same statement will be refused from now on: the engine cannot run it; write it differently.",
        { retryAfterSeconds: limits.retryAfterSeconds, endedStore: true },
      );
  }
}

export function quarantinedError(reason: QuarantineReason): GraphStoreError {
  const why =
    reason === "crash"
      ? "it crashed the store the last time it ran"
      : reason === "memory"
        ? "the last time it ran it needed more memory than the store may use, and the store had to be restarted to stop it"
        : "the last time it ran it overran its time limit and did not stop, and the store had to be restarted to stop it";
  return new GraphStoreError("CYPHER_QUARANTINED", `This statement is refused: ${why}. Write it differently (or narrow it) and run that instead.`);
}

export function describeEnd(end: HostEnd): string {
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
