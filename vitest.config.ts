import { defineConfig } from "vitest/config";
import SummaryReporter from "./tooling/summary-reporter.ts";

// One root config; each package is a project. The default `forks` pool is kept on purpose:
// Kùzu's native module must not share a worker thread with other test files (docs/graph-store.md).
export default defineConfig({
  test: {
    // The last project holds the repository-wide tests in tooling/ (lint, boundaries, formatting).
    projects: ["packages/*", "apps/*", "bench", { test: { name: "repository", include: ["tooling/**/*.test.ts"] } }],
    // One Neo4j for the whole run, started only if a test file asks for it (@kgx/graph-store/testing/neo4j).
    globalSetup: ["./tooling/neo4j/vitest-global-setup.ts"],
    reporters: ["default", new SummaryReporter()],
  },
});
