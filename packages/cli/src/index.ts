/** Public API of @kgx/cli: the `kgx` command as a function. */
export { runCli, main, MAIN_HELP } from "./main.ts";
// Seeding lives in @kgx/knowledge; it is passed on here so code that seeds through the CLI package keeps working.
export { seedKnowledge, type SeedSummary } from "@kgx/knowledge";
export { readCliEnv, type CliEnv } from "./env.ts";
export type { CliIo } from "./io.ts";
