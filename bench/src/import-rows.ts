import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { GraphStore } from "@kgx/graph-store";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import { storeEnv, type Neo4jTarget } from "./api-process.ts";
import { formatNumber, type BenchRow } from "./report.ts";
import type { SyntheticGraph } from "./synthetic-graph.ts";

const require = createRequire(import.meta.url);
const FAST_PATH_TARGET_ROWS_PER_SECOND = 300_000;

/** `kgx import FILE` as a user runs it: a fresh process, parsing, validation and the write, timed from spawn to exit. */
export function timeCliImport(file: string, dataDir: string, neo4j?: Neo4jTarget): number {
  // The package exports its source entry (src/index.ts); the command sits beside it in bin/.
  const bin = path.join(path.dirname(require.resolve("@kgx/cli")), "..", "bin", "kgx.mjs");
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, "import", file], {
    env: { ...process.env, KGX_DATA_DIR: dataDir, ...storeEnv(neo4j) },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`kgx import failed (exit ${run.status ?? run.signal}):\n${run.stderr.slice(-2000)}`);
  return elapsed;
}

/** The adapter's write alone (validation and COPY staging included, no file parsing), in this process, into an empty store. */
export async function timeStoreWrite(graph: SyntheticGraph, dataDir: string): Promise<number> {
  return timeWriteInto(await openEmbeddedGraphStore({ dataDir }), graph);
}

/** The adapter's write of the whole graph into an empty store it then closes. */
export async function timeWriteInto(store: GraphStore, graph: SyntheticGraph): Promise<number> {
  try {
    await store.applySchema();
    const started = performance.now();
    await store.writeBatch({ entities: graph.entities, relationships: graph.relationships });
    return performance.now() - started;
  } finally {
    await store.close();
  }
}

export function importRows(rows: number, cliMs: number, storeMs: number, copyMs: number): BenchRow[] {
  const perSecond = (ms: number) => rows / (ms / 1000);
  const copyRate = perSecond(copyMs);
  const cliRate = perSecond(cliMs);
  const storeRate = perSecond(storeMs);
  const rate = (value: number) => `${formatNumber(value)} rows/s`;
  const copyShown = `raw COPY ${rate(copyRate)} (${formatNumber(copyMs / 1000, 2)} s)`;
  return [
    {
      name: `bulk import: kgx import (${formatNumber(rows)} rows, JSONL)`,
      how: "the CLI in a fresh process, spawn to exit (parse, validate, write) vs Kùzu's COPY FROM of the same rows as CSV into a fresh database",
      value: cliRate,
      unit: "rows/s",
      shown: `${rate(cliRate)} (${formatNumber(cliMs / 1000, 2)} s)`,
      baseline: copyRate,
      baselineShown: copyShown,
      ratio: cliMs / copyMs,
      target: "within 2× of raw COPY (time ratio ≤ 2)",
      met: cliMs / copyMs <= 2,
      details: { rows, cliMs, copyMs },
    },
    {
      name: "bulk import: store fast path (writeBatch into an empty store)",
      how: "the embedded adapter's write of the parsed rows (validation and CSV staging included) vs raw COPY",
      value: storeRate,
      unit: "rows/s",
      shown: `${rate(storeRate)} (${formatNumber(storeMs / 1000, 2)} s)`,
      baseline: copyRate,
      baselineShown: copyShown,
      ratio: storeMs / copyMs,
      target: `≥ ${formatNumber(FAST_PATH_TARGET_ROWS_PER_SECOND)} rows/s`,
      met: storeRate >= FAST_PATH_TARGET_ROWS_PER_SECOND,
      details: { rows, storeMs, copyMs },
    },
  ];
}
