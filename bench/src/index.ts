/** Public API of @kgx/bench: the benchmark runner, the reliability load test, and the synthetic graph generator they use. */
export { main, runBench, writeReport, SIZES, RESULTS_DIR, type BenchOptions, type SizeName } from "./main.ts";
export { generateSyntheticGraph, seededRandom, toJsonLines, type SyntheticGraph } from "./synthetic-graph.ts";
export { loadMain, runLoadTest, renderLoadTables, writeLoadReport, DEFAULT_LOAD_OPTIONS, type LoadOptions, type LoadReport } from "./load-test.ts";
export { renderTable, type BenchReport, type BenchRow } from "./report.ts";
