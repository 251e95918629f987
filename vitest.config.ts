import { defineConfig } from "vitest/config";

// One root config; each package is a project. The default `forks` pool is kept on purpose:
// Kùzu's native module must not share a worker thread with other test files (see docs/embedded-store.md).
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
  },
});
