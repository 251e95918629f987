import path from "node:path";
import { fileURLToPath } from "node:url";
import { minifyIntrospection, outputIntrospectionFile } from "@gql.tada/internal";
import { buildSchema, introspectionFromSchema } from "graphql";

/**
 * The typed client's view of the API: `src/graphql-env.d.ts`, the schema's introspection as a
 * TypeScript type, which gql.tada reads to type every operation the web app sends. Generated from
 * the checked-in `packages/graphql-api/schema.graphql` (the contract), never from a running server,
 * so a type check needs no API. `npm run generate:schema` rewrites it; a test fails while it is stale.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMA_FILE_PATH = path.resolve(here, "../../../packages/graphql-api/schema.graphql");
export const GRAPHQL_ENV_PATH = path.resolve(here, "graphql-env.d.ts");

const PREAMBLE = `/* Generated from packages/graphql-api/schema.graphql: do not edit. Run \`npm run generate:schema\`. */\n`;

/** The text of graphql-env.d.ts for the given SDL. */
export function renderGraphqlEnv(sdl: string): string {
  const introspection = minifyIntrospection(introspectionFromSchema(buildSchema(sdl)));
  // Unnamed: `gql.tada check` (part of the web typecheck) validates the documents against one unnamed schema.
  return outputIntrospectionFile(introspection, { fileType: GRAPHQL_ENV_PATH, shouldPreprocess: true, preamble: PREAMBLE });
}
