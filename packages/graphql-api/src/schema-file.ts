import path from "node:path";
import { fileURLToPath } from "node:url";
import { printSchema } from "graphql";
import { createSchema } from "./server.ts";

/**
 * The schema as a checked-in file, `packages/graphql-api/schema.graphql`. It lives beside the code
 * that defines it, so a change to the SDL and to the file land in one diff of this package; clients
 * (the web app's typed operations, a GraphQL IDE, a reviewer) read the contract from there without
 * starting a server.
 */
export const SCHEMA_FILE_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../schema.graphql");

/** The command that rewrites every file generated from the domain model. */
export const REGENERATE_COMMAND = "npm run generate:schema";

const HEADER = `# The GraphQL schema of kgx, printed from the executable schema (packages/graphql-api/src/sdl.ts and the SDL beside it).
# Generated: do not edit. Run \`${REGENERATE_COMMAND}\` after changing the domain model or the SDL; a test fails while this file is stale.`;

/** The text of schema.graphql: a header, then the schema as graphql-js prints it (type extensions merged in). */
export function renderSchemaFile(): string {
  return `${HEADER}\n\n${printSchema(createSchema())}\n`;
}
