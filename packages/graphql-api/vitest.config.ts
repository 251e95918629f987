import { createRequire } from "node:module";
import { defineProject } from "vitest/config";

// graphql 16 has no "exports" map, so Node (and Apollo with it) loads its CommonJS build while Vite
// would give our files its ESM build; two copies of graphql reject each other's types. One copy for all.
const graphqlEntry = createRequire(import.meta.url).resolve("graphql");

export default defineProject({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: { testTimeout: 30_000, hookTimeout: 60_000 },
});
