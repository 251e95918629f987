/** Public API of @kgx/cli: the `kgx` command as a function, and seeding for apps that start on an empty store. */
export { runCli, main, MAIN_HELP } from "./main.ts";
export { seedKnowledge, loadKnowledgeScript, KNOWLEDGE_DIR, CYPHER_DIR, type SeedSummary } from "./seed.ts";
export { readCliEnv, type CliEnv } from "./env.ts";
export type { CliIo } from "./io.ts";
