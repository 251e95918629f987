import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import { startApiServer } from "@kgx/api";
import { seedKnowledge } from "@kgx/knowledge";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import { postGraphql } from "./api-process.ts";
import { emptyTally, LoadClient, loadTargets, REQUEST_KINDS, type LoadTally, type RequestKind } from "./load-workload.ts";
import { formatNumber, ms, percentile } from "./report.ts";

/**
 * The reliability load test: the real API (startApiServer) in this process over an embedded store
 * seeded with the shipped knowledge, and `clients` fetch loops mixing searches, expansions, Cypher
 * reads and authorised writes. It promises zero errors, every acknowledged write readable
 * afterwards, and a heap that does not grow. Server and clients share the process so the heap
 * read is the server's; the clients keep only latencies and written ids, and their garbage is
 * collected before each reading like the server's.
 */

export interface LoadOptions {
  readonly durationSeconds: number;
  readonly clients: number;
  /** Share of the run before the first heap reading: JIT, Kùzu's caches and Apollo's document cache fill up first. */
  readonly warmupShare: number;
  /** Largest accepted heap growth from the post-warm-up reading to the end, in percent. */
  readonly heapGrowthLimitPercent: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

export const DEFAULT_LOAD_OPTIONS = { durationSeconds: 60, clients: 16, warmupShare: 0.15, heapGrowthLimitPercent: 20, seed: 2025 } as const;

export interface KindFigures {
  readonly kind: RequestKind;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
}

export interface WriteCheck {
  readonly acknowledged: number;
  /** Acknowledged, but not found afterwards. */
  readonly lost: number;
  /** Found afterwards, but never acknowledged (a write that failed yet landed), or found twice. */
  readonly unexpected: number;
  /** How many the store itself holds, read without the API, as a second opinion. */
  readonly inStore: number;
  readonly lostIds: readonly string[];
}

export interface LoadReport {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly clients: number;
  readonly store: string;
  readonly cypherRateLimit: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly errors: number;
  readonly firstErrors: readonly string[];
  readonly kinds: readonly KindFigures[];
  readonly entityWrites: WriteCheck;
  readonly relationshipWrites: WriteCheck;
  readonly heap: {
    readonly afterWarmupMiB: number;
    readonly endMiB: number;
    readonly changePercent: number;
    readonly limitPercent: number;
    readonly rssAfterWarmupMiB: number;
    readonly rssEndMiB: number;
  };
  readonly promises: { readonly zeroErrors: boolean; readonly noLostWrites: boolean; readonly heapFlat: boolean };
  readonly passed: boolean;
  /** Lines the server logged (unexpected errors). */
  readonly serverLog: readonly string[];
}

/** Node's collector as a function; `--expose-gc` set at run time gives it to contexts made afterwards. */
function garbageCollector(): () => void {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") return exposed as () => void;
  v8.setFlagsFromString("--expose-gc");
  const gc: unknown = vm.runInNewContext("gc");
  if (typeof gc !== "function") throw new Error("cannot reach the garbage collector: --expose-gc did not take effect");
  return gc as () => void;
}

/** heapUsed after full collections, with turns of the event loop between them for finalizers and weak references. */
async function collectedHeapBytes(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const MiB = 2 ** 20;
const round1 = (value: number) => Math.round(value * 10) / 10;

// Under the query cost limit (two values a row); a run writes a few thousand entities at most, and a truncated list fails loudly.
const LIST_LIMIT = 40_000;

/** The ids the API returns for a Cypher statement that lists them (one `id` column). */
async function listIdsOverApi(url: string, statement: string, prefix: string, serverSaid: () => string): Promise<string[]> {
  const result = await postGraphql(url, `query List($s: String!, $p: JSON) { cypher(statement: $s, params: $p, limit: ${LIST_LIMIT}) { rows truncated } }`, {
    s: statement,
    p: { prefix },
  });
  const answer = result.body.data?.["cypher"] as { rows: unknown[][]; truncated: boolean } | undefined;
  if (!result.ok || !answer) throw new Error(`listing the written ids failed: ${JSON.stringify(result.body.errors ?? result.status)}${serverSaid()}`);
  if (answer.truncated) throw new Error(`listing the written ids was truncated at ${LIST_LIMIT} rows`);
  return answer.rows.map((row) => String(row[0]));
}

function checkWrites(acknowledged: readonly string[], found: readonly string[], inStore: number): WriteCheck {
  const foundSet = new Set(found);
  const acknowledgedSet = new Set(acknowledged);
  const lostIds = acknowledged.filter((id) => !foundSet.has(id));
  const unexpected = found.filter((id) => !acknowledgedSet.has(id)).length + (found.length - foundSet.size);
  return { acknowledged: acknowledged.length, lost: lostIds.length, unexpected, inStore, lostIds: lostIds.slice(0, 20) };
}

function kindFigures(tally: LoadTally, seconds: number): KindFigures[] {
  return REQUEST_KINDS.map((kind) => {
    const { samples, errors } = tally.kinds[kind];
    return {
      kind,
      requests: samples.length,
      requestsPerSecond: samples.length / seconds,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      p99: percentile(samples, 99),
      errors,
    };
  });
}

export async function runLoadTest(options: LoadOptions): Promise<LoadReport> {
  const { log } = options;
  const gc = garbageCollector();
  const startedAt = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-load-"));
  const store = await openEmbeddedGraphStore({ dataDir: dir });
  const serverLog: string[] = [];
  try {
    log("load: seeding the shipped knowledge");
    await seedKnowledge(store);
    const targets = await loadTargets(store);
    const writeToken = randomBytes(24).toString("hex");
    // cypherRatePerMinute is left unset: the server runs without a Cypher rate limit, so the
    // figures are the server's capacity, not the limit's.
    const api = await startApiServer({
      store,
      settings: { writeToken, cypherTimeoutMs: 10_000, cypherRowLimit: LIST_LIMIT },
      nodeEnv: "production",
      introspection: false,
      port: 0,
      host: "127.0.0.1",
      log: (line) => serverLog.push(line),
    });
    try {
      const tally = emptyTally();
      const idPrefix = `load-${startedAt.getTime().toString(36)}`;
      const clients = Array.from(
        { length: options.clients },
        (_, index) => new LoadClient({ url: api.url, writeToken, targets, idPrefix, index, seed: options.seed, tally }),
      );
      const runAll = async (seconds: number) => {
        const deadline = performance.now() + seconds * 1000;
        await Promise.all(clients.map((client) => client.runUntil(deadline)));
      };

      // Both heap readings are taken with every client idle, so neither counts requests in flight.
      const warmupSeconds = options.durationSeconds * options.warmupShare;
      log(`load: ${options.clients} clients, ${warmupSeconds.toFixed(1)} s warm-up, then ${(options.durationSeconds - warmupSeconds).toFixed(1)} s measured`);
      const started = performance.now();
      await runAll(warmupSeconds);
      const warmupActive = performance.now() - started;
      const afterWarmup = await collectedHeapBytes(gc);
      const rssAfterWarmup = process.memoryUsage().rss;
      const resumed = performance.now();
      await runAll(options.durationSeconds - warmupSeconds);
      const activeSeconds = (warmupActive + performance.now() - resumed) / 1000;
      const atEnd = await collectedHeapBytes(gc);
      const rssEnd = process.memoryUsage().rss;

      log("load: checking the acknowledged writes");
      const serverSaid = () => (serverLog.length > 0 ? `; the server logged:\n${serverLog.slice(0, 3).join("\n")}` : "");
      const entitiesFound = await listIdsOverApi(api.url, "MATCH (o:Organization) WHERE o.id STARTS WITH $prefix RETURN o.id AS id", idPrefix, serverSaid);
      const relationshipsFound = await listIdsOverApi(
        api.url,
        "MATCH (:Organization)-[r:COMPETES_WITH]->(:Organization) WHERE r.id STARTS WITH $prefix RETURN r.id AS id",
        idPrefix,
        serverSaid,
      );
      const stored = await store.exportAll();
      const entityWrites = checkWrites(tally.acknowledgedEntityIds, entitiesFound, stored.entities.filter((e) => e.id.startsWith(idPrefix)).length);
      const relationshipWrites = checkWrites(
        tally.acknowledgedRelationshipIds,
        relationshipsFound,
        stored.relationships.filter((r) => r.id.startsWith(idPrefix)).length,
      );

      const kinds = kindFigures(tally, activeSeconds);
      const requests = kinds.reduce((sum, k) => sum + k.requests, 0);
      const errors = kinds.reduce((sum, k) => sum + k.errors, 0);
      const changePercent = ((atEnd - afterWarmup) / afterWarmup) * 100;
      const writesAgree = (check: WriteCheck) => check.lost === 0 && check.unexpected === 0 && check.inStore === check.acknowledged;
      const promises = {
        zeroErrors: errors === 0,
        noLostWrites: writesAgree(entityWrites) && writesAgree(relationshipWrites),
        heapFlat: changePercent <= options.heapGrowthLimitPercent,
      };
      return {
        startedAt: startedAt.toISOString(),
        durationSeconds: round1(activeSeconds),
        clients: options.clients,
        store: "embedded (Kùzu), seeded with the shipped knowledge, in a temporary directory",
        cypherRateLimit: "off (cypherRatePerMinute not set)",
        machine: { cpus: os.cpus().length, node: process.version },
        requests,
        requestsPerSecond: round1(requests / activeSeconds),
        errors,
        firstErrors: tally.firstErrors,
        kinds,
        entityWrites,
        relationshipWrites,
        heap: {
          afterWarmupMiB: round1(afterWarmup / MiB),
          endMiB: round1(atEnd / MiB),
          changePercent: round1(changePercent),
          limitPercent: options.heapGrowthLimitPercent,
          rssAfterWarmupMiB: round1(rssAfterWarmup / MiB),
          rssEndMiB: round1(rssEnd / MiB),
        },
        promises,
        passed: promises.zeroErrors && promises.noLostWrites && promises.heapFlat,
        serverLog,
      };
    } finally {
      await api.stop();
    }
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Beside the benchmark's results; not imported from main.ts, which would load the browser tooling into the heap being measured.
const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "results");

const verdict = (met: boolean) => (met ? "met" : "MISSED");

/** The report as Markdown tables, so the same text reads in a terminal and in the README. */
export function renderLoadTables(report: LoadReport): string {
  const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  const header = ["request", "requests", "per second", "p50", "p95", "p99", "errors"];
  const kinds = report.kinds.map((k) =>
    row([k.kind, formatNumber(k.requests, 0), formatNumber(k.requestsPerSecond), ms(k.p50), ms(k.p95), ms(k.p99), String(k.errors)]),
  );
  const totals = row(["all", formatNumber(report.requests, 0), formatNumber(report.requestsPerSecond), "", "", "", String(report.errors)]);
  const writes = (label: string, check: WriteCheck) =>
    `${formatNumber(check.acknowledged, 0)} ${label} acknowledged · ${check.lost} lost · ${check.unexpected} unexpected · ${formatNumber(check.inStore, 0)} in the store`;
  const { heap } = report;
  const promises = [
    row(["promise", "measured", "target", "result"]),
    row(["---", "---", "---", "---"]),
    row(["no errors", `${report.errors} of ${formatNumber(report.requests, 0)} requests`, "0", verdict(report.promises.zeroErrors)]),
    row([
      "acknowledged writes present",
      `${writes("entities", report.entityWrites)}; ${writes("relationships", report.relationshipWrites)}`,
      "0 lost, 0 unexpected",
      verdict(report.promises.noLostWrites),
    ]),
    row([
      "heap flat",
      `${heap.afterWarmupMiB} MiB after warm-up → ${heap.endMiB} MiB at the end (${heap.changePercent >= 0 ? "+" : ""}${heap.changePercent}%); RSS ${heap.rssAfterWarmupMiB} → ${heap.rssEndMiB} MiB (Kùzu's buffer pool included; not part of the promise)`,
      `≤ +${heap.limitPercent}%`,
      verdict(report.promises.heapFlat),
    ]),
  ];
  return [row(header), row(header.map(() => "---")), ...kinds, totals, "", ...promises].join("\n");
}

export function writeLoadReport(report: LoadReport): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `load-${report.startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

const USAGE = `Usage: npm run load-test -- [--duration SECONDS] [--clients N] [--heap-limit PERCENT]

Starts the API in this process over an embedded store seeded with the shipped knowledge and runs
N clients (default 16) for SECONDS (default 60), each sending searches, expansions, Cypher reads
and authorised writes one at a time. Fails (exit 1) on any error, any acknowledged write missing
afterwards, or a heap that grew more than PERCENT (default 20) after the warm-up. Prints the
tables and writes them as JSON under bench/results/.`;

export async function loadMain(argv: string[]): Promise<number> {
  let values: { duration?: string; clients?: string; "heap-limit"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { duration: { type: "string" }, clients: { type: "string" }, "heap-limit": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`kgx-load: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const flags = [
    {
      name: "duration",
      raw: values.duration,
      fallback: DEFAULT_LOAD_OPTIONS.durationSeconds,
      valid: (n: number) => n > 0,
      expected: "a positive number of seconds",
    },
    {
      name: "clients",
      raw: values.clients,
      fallback: DEFAULT_LOAD_OPTIONS.clients,
      valid: (n: number) => Number.isInteger(n) && n >= 1,
      expected: "a whole number of at least 1",
    },
    {
      name: "heap-limit",
      raw: values["heap-limit"],
      fallback: DEFAULT_LOAD_OPTIONS.heapGrowthLimitPercent,
      valid: (n: number) => n >= 0,
      expected: "a percentage of at least 0",
    },
  ];
  const numbers: number[] = [];
  for (const flag of flags) {
    const value = flag.raw === undefined ? flag.fallback : Number(flag.raw);
    if (!Number.isFinite(value) || !flag.valid(value)) {
      process.stderr.write(`kgx-load: --${flag.name} must be ${flag.expected}, got "${flag.raw}"\n`);
      return 2;
    }
    numbers.push(value);
  }
  const [durationSeconds, clients, heapGrowthLimitPercent] = numbers as [number, number, number];
  const report = await runLoadTest({
    ...DEFAULT_LOAD_OPTIONS,
    durationSeconds,
    clients,
    heapGrowthLimitPercent,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const file = writeLoadReport(report);
  const errors = report.firstErrors.length > 0 ? `\nFirst errors:\n${report.firstErrors.map((e) => `- ${e}`).join("\n")}\n` : "";
  const serverLog = report.serverLog.length > 0 ? `\nServer log (${report.serverLog.length} lines), first:\n${report.serverLog.slice(0, 5).join("\n")}\n` : "";
  process.stdout.write(
    `\nkgx load test · ${report.clients} clients · ${report.durationSeconds} s · ${report.startedAt.slice(0, 10)} · ${report.machine.cpus} cores, Node ${report.machine.node}\n` +
      `Store: ${report.store}. Cypher rate limit: ${report.cypherRateLimit}. Clients run in the API's process.\n\n` +
      `${renderLoadTables(report)}\n${errors}${serverLog}\n${report.passed ? "PASSED" : "FAILED"} · JSON: ${path.relative(process.cwd(), file)}\n`,
  );
  return report.passed ? 0 : 1;
}
