import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { EntityTypeName } from "@kgx/domain";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import { startApiProcess } from "./api-process.ts";
import { writeCopyFiles, writeJsonLines } from "./graph-files.ts";
import { expandRow, loadRow, runawayRow, searchRow } from "./http-rows.ts";
import { importRows, timeCliImport, timeStoreWrite } from "./import-rows.ts";
import { graphqlOverheadRow, roundTripsRow } from "./in-process-rows.ts";
import { pageWeightRow } from "./page-weight.ts";
import { timeRawCopy, timeRawNeighborhoods } from "./raw-kuzu.ts";
import { renderingRows } from "./rendering.ts";
import { measureNeo4j, neo4jProblem, type PeerRows } from "./neo4j-peer.ts";
import { notMeasured, renderTable, withPeer, type BenchReport, type BenchRow } from "./report.ts";
import { generateSyntheticGraph, seededRandom } from "./synthetic-graph.ts";

export const SIZES = { "1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000 } as const;
export type SizeName = keyof typeof SIZES;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");

const USAGE = `Usage: npm run bench -- [--size 1k|10k|100k|1m] [--load-seconds N] [--pan-seconds N] [--seed N]

Builds a synthetic knowledge graph of the given number of relationships (default 100k), measures
import, API latency, load, GraphQL overhead, round trips, the Cypher timeout, rendering and page
weight, prints the table and writes it as JSON under bench/results/. Every store row is measured
on Neo4j 5.26 too (started here from Maven Central; needs Java 17+ and Maven), in its own column.`;

export interface BenchOptions {
  readonly size: SizeName;
  readonly seed: number;
  readonly loadSeconds: number;
  readonly panSeconds: number;
  /** Node counts drawn in the browser (edges are four times as many). */
  readonly renderSizes: readonly number[];
  readonly log: (line: string) => void;
}

const SAMPLE_COUNT = 200;
const CYPHER_TIMEOUT_MS = 1000;

/** A row from a step that failed, so one broken step does not hide the others. */
async function step<T extends BenchRow | BenchRow[]>(name: string, target: string, log: (line: string) => void, work: () => Promise<T>): Promise<BenchRow[]> {
  const started = performance.now();
  log(`bench: ${name}…`);
  try {
    const rows = await work();
    log(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return Array.isArray(rows) ? rows : [rows];
  } catch (error) {
    log(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return [notMeasured(name, "", target, `failed: ${(error as Error).message.split("\n")[0]}`)];
  }
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { log } = options;
  const startedAt = new Date();
  const started = performance.now();
  const relationships = SIZES[options.size];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `kgx-bench-${options.size}-`));
  const rows: BenchRow[] = [];
  try {
    log(`bench: generating ${options.size} relationships (seed ${options.seed})`);
    const graph = generateSyntheticGraph({ relationships, seed: options.seed });
    const totalRows = graph.entities.length + graph.relationships.length;
    const jsonl = writeJsonLines(graph, work);
    const copyFiles = writeCopyFiles(graph, path.join(work, "csv"));
    const rawDir = path.join(work, "raw");
    const storeDir = path.join(work, "store");

    // Samples for the latency rows: ids and name prefixes drawn with their own seed, outside the dense cluster.
    const random = seededRandom(options.seed + 1);
    const candidates = graph.entities.filter((e) => !e.id.startsWith("cluster-"));
    const targets: { id: string; type: EntityTypeName }[] = [];
    const prefixes: string[] = [];
    for (let i = 0; i < SAMPLE_COUNT; i++) {
      const entity = candidates[Math.floor(random() * candidates.length)];
      if (!entity) continue;
      targets.push({ id: entity.id, type: entity.type });
      const name = String(entity.properties[i % 2 === 0 ? "name" : "nameJa"] ?? entity.id);
      prefixes.push(name.slice(0, i % 2 === 0 ? 4 : 2));
    }

    let copyMs = Number.NaN;
    const imports: BenchRow[] = [];
    imports.push(
      ...(await step("bulk import", "within 2× of raw COPY; ≥ 300k rows/s fast path", log, async () => {
        copyMs = await timeRawCopy(rawDir, copyFiles);
        const cliMs = timeCliImport(jsonl, storeDir);
        const fastDir = path.join(work, "fast");
        const storeMs = await timeStoreWrite(graph, fastDir);
        fs.rmSync(fastDir, { recursive: true, force: true });
        return importRows(totalRows, cliMs, storeMs, copyMs);
      })),
    );

    let rawSamples: number[] = [];
    const rawStep = await step("raw neighborhood baseline", "", log, async () => {
      rawSamples = await timeRawNeighborhoods(rawDir, targets);
      return [];
    });
    imports.push(...rawStep);

    const inProcess = await step("round trips and GraphQL overhead", "the same count; ≤ 2×", log, async () => {
      const store = await openEmbeddedGraphStore({ dataDir: storeDir });
      try {
        const large = Math.min(1000, graph.clusterNodes);
        return [
          await roundTripsRow(store, graph.clusterHubId, [10, large]),
          await graphqlOverheadRow(store, graph.clusterHubId, relationships >= 100_000 ? 20 : 5),
        ];
      } finally {
        await store.close();
      }
    });

    const overHttp = await step("API over HTTP", "", log, async () => {
      const api = await startApiProcess({ dataDir: storeDir, cypherTimeoutMs: CYPHER_TIMEOUT_MS });
      try {
        const out: BenchRow[] = [];
        out.push(
          await expandRow(
            api.url,
            targets.map((t) => t.id),
            rawSamples,
            50,
          ),
        );
        out.push(await searchRow(api.url, prefixes, 30));
        out.push(
          await loadRow(
            api.url,
            targets.map((t) => t.id),
            prefixes,
            16,
            options.loadSeconds,
          ),
        );
        out.push(await runawayRow(api.url, CYPHER_TIMEOUT_MS));
        return out;
      } finally {
        await api.stop();
      }
    });

    // The same store rows on Neo4j, once the embedded ones are done, so the two never share the CPU.
    const problem = neo4jProblem();
    let peer: PeerRows | undefined;
    if (problem) {
      log(`bench: Neo4j not measured: ${problem}`);
    } else {
      await step("the store rows on Neo4j", "", log, async () => {
        peer = await measureNeo4j({
          graph,
          jsonl,
          work,
          targets: targets.map((t) => t.id),
          prefixes,
          rawSamples,
          copyMs,
          cypherTimeoutMs: CYPHER_TIMEOUT_MS,
          loadSeconds: options.loadSeconds,
          log,
        });
        return [];
      });
    }
    const besidePeer = (kuzu: BenchRow[], neo4jRows: BenchRow[] | undefined): BenchRow[] =>
      neo4jRows
        ? withPeer(kuzu, neo4jRows)
        : kuzu.map((row) => ({ ...row, neo4j: { value: null, shown: `not measured: ${problem ?? "the Neo4j step failed"}` } }));
    rows.push(...besidePeer(imports, peer?.imports), ...besidePeer(overHttp, peer?.http), ...besidePeer(inProcess, peer?.inProcess));

    rows.push(
      ...(await step("rendering", "layout of 1k nodes off the main thread; WebGL ≥ 3× canvas frames at 5k", log, () =>
        renderingRows({ sizes: options.renderSizes, panSeconds: options.panSeconds }),
      )),
    );
    rows.push(...(await step("page weight", "≤ 200 KB", log, () => pageWeightRow(REPO_ROOT))));

    return {
      size: options.size,
      relationships: graph.relationships.length,
      entities: graph.entities.length,
      startedAt: startedAt.toISOString(),
      durationSeconds: Math.round((performance.now() - started) / 100) / 10,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        node: process.version,
        os: `${os.type()} ${os.release()}`,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      },
      rows,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function writeReport(report: BenchReport): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `bench-${report.size}-${report.startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export async function main(argv: string[]): Promise<number> {
  let values: { size?: string; "load-seconds"?: string; "pan-seconds"?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        size: { type: "string" },
        "load-seconds": { type: "string" },
        "pan-seconds": { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`kgx-bench: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const size = (values.size ?? "100k").toLowerCase();
  if (!(size in SIZES)) {
    process.stderr.write(`kgx-bench: --size must be one of ${Object.keys(SIZES).join(", ")}, got "${values.size}"\n`);
    return 2;
  }
  const positive = (raw: string | undefined, fallback: number, name: string): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
    return n;
  };
  // The smoke size keeps the timed phases short; the figures then say the bench runs, not how fast.
  const small = size === "1k";
  const report = await runBench({
    size: size as SizeName,
    seed: positive(values.seed, 2025, "seed"),
    loadSeconds: positive(values["load-seconds"], small ? 3 : 20, "load-seconds"),
    panSeconds: positive(values["pan-seconds"], small ? 1 : 5, "pan-seconds"),
    // fcose takes over ten seconds for 1,000 nodes in headless chromium here (in a worker, as the
    // explorer runs it): the smoke run draws smaller graphs so it stays a smoke run.
    renderSizes: small ? [100, 250] : [1000, 5000],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const file = writeReport(report);
  process.stdout.write(
    `\nkgx bench · ${report.size} (${report.entities.toLocaleString("en-US")} entities, ${report.relationships.toLocaleString("en-US")} relationships) · ` +
      `${report.startedAt.slice(0, 10)} · ${report.machine.cpus} cores, Node ${report.machine.node} · ${report.durationSeconds} s\n\n${renderTable(report.rows)}\n\nJSON: ${path.relative(process.cwd(), file)}\n`,
  );
  return 0;
}
