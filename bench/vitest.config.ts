import { defineProject } from "vitest/config";

// The smoke run builds a store, starts the API and a browser: minutes of budget, not seconds.
export default defineProject({ test: { testTimeout: 120_000, hookTimeout: 60_000 } });
