import fs from "node:fs";
import path from "node:path";
import { SCHEMA_FILE_PATH, renderSchemaFile } from "../src/schema-file.ts";

// Rewrites packages/graphql-api/schema.graphql; `npm run generate:schema` runs it with the other generators.
fs.writeFileSync(SCHEMA_FILE_PATH, renderSchemaFile());
console.log(`kgx: wrote ${path.relative(process.cwd(), SCHEMA_FILE_PATH)}`);
