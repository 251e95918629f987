/** Public API of @kgx/bench: the benchmark runner and the synthetic graph generator it uses. */
export { main, runBench, writeReport, SIZES, RESULTS_DIR, type BenchOptions, type SizeName } from "./main.ts";
export { generateSyntheticGraph, seededRandom, toJsonLines, type SyntheticGraph } from "./synthetic-graph.ts";
export { renderTable, type BenchReport, type BenchRow } from "./report.ts";
