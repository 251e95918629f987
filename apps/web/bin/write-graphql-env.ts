import fs from "node:fs";
import path from "node:path";
import { GRAPHQL_ENV_PATH, SCHEMA_FILE_PATH, renderGraphqlEnv } from "../src/graphql-env-file.ts";

// Rewrites apps/web/src/graphql-env.d.ts from the checked-in schema; `npm run generate:schema` runs it after schema.graphql.
fs.writeFileSync(GRAPHQL_ENV_PATH, renderGraphqlEnv(fs.readFileSync(SCHEMA_FILE_PATH, "utf8")));
console.log(`kgx: wrote ${path.relative(process.cwd(), GRAPHQL_ENV_PATH)}`);
