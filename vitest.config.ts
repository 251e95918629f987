import { defineConfig } from "vitest/config";
import SummaryReporter from "./tooling/summary-reporter.ts";

// One root config; each package is a project. The default `forks` pool is kept on purpose:
// Kùzu's native module must not share a worker thread with other test files (docs/graph-store.md).
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "bench"],
    reporters: ["default", new SummaryReporter()],
  },
});
