import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { LoadReport } from "../src/load-test.ts";
import { REQUEST_KINDS } from "../src/load-workload.ts";

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LOAD_BIN = path.join(BENCH_DIR, "bin", "kgx-load.mjs");

/**
 * The full run holds the heap to +20% after its 9-s warm-up. The short form's warm-up is 1.2 s, so
 * its first reading comes before V8 has optimised everything the mix touches: compiled code and
 * type feedback alone add about 1 MiB afterwards, and the search index grows with each written
 * entity; on a heap of ~18 MiB runs here ended +5% to +9% with nothing leaking. 25% leaves room for
 * a slower machine. It is a coarse check: a leak of ~1 KB a request adds only ~1 MiB in 8 s, which
 * this bound cannot tell from warm-up; the 60-s run, ~10 times the requests, is the one that can.
 */
const SHORT_RUN_HEAP_LIMIT_PERCENT = 25;

function runLoadBin(args: readonly string[]) {
  // Its own process, as `npm run load-test` runs it: the heap it reads holds the server and the
  // clients only, and graphql loads once, through Node's resolution (under the test runner's
  // resolution a second copy of graphql would reject the schema's types).
  return spawnSync(process.execPath, [LOAD_BIN, ...args], { cwd: BENCH_DIR, encoding: "utf8", timeout: 110_000 });
}

describe("npm run load-test, short form", () => {
  it("answers every request of every kind, keeps every acknowledged write and does not grow its heap", () => {
    const run = runLoadBin(["--duration", "8", "--clients", "16", "--heap-limit", String(SHORT_RUN_HEAP_LIMIT_PERCENT)]);
    const jsonPath = /JSON: (\S+)/.exec(run.stdout)?.[1];
    expect(jsonPath, `${run.stdout}\n${run.stderr}`).toBeDefined();
    const file = path.resolve(BENCH_DIR, jsonPath as string);
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as LoadReport;
    fs.rmSync(file);

    expect(report.clients).toBe(16);
    for (const kind of REQUEST_KINDS) {
      const figures = report.kinds.find((k) => k.kind === kind);
      expect(figures?.requests, kind).toBeGreaterThan(0);
    }
    expect(report.errors, report.firstErrors.join("\n")).toBe(0);
    expect(report.serverLog).toEqual([]);

    for (const writes of [report.entityWrites, report.relationshipWrites]) {
      expect(writes.acknowledged).toBeGreaterThan(0);
      expect(writes.lostIds).toEqual([]);
      expect(writes.unexpected).toBe(0);
      expect(writes.inStore).toBe(writes.acknowledged);
    }
    // Every relationship starts at an entity the run wrote, so there cannot be more of them.
    expect(report.relationshipWrites.acknowledged).toBeLessThanOrEqual(report.entityWrites.acknowledged);

    expect(report.heap.afterWarmupMiB).toBeGreaterThan(0);
    expect(report.heap.changePercent).toBeLessThanOrEqual(SHORT_RUN_HEAP_LIMIT_PERCENT);
    expect(run.stdout).toContain("Cypher rate limit: off");
    expect(run.status, run.stderr).toBe(0);
  });

  it("refuses flags it cannot use before starting anything", () => {
    for (const args of [
      ["--clients", "0"],
      ["--clients", "2.5"],
      ["--duration", "soon"],
      ["--heap-limit", "-1"],
      ["--port", "80"],
    ]) {
      const run = runLoadBin(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^kgx-load: /);
      expect(run.stdout).toBe("");
    }
  });
});
