import fs from "node:fs";
import { buildSchema, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { REGENERATE_COMMAND, SCHEMA_FILE_PATH, renderSchemaFile } from "./schema-file.ts";
import { createSchema } from "./server.ts";

describe("the checked-in schema.graphql", () => {
  it(`matches the schema the server runs (run \`${REGENERATE_COMMAND}\` after changing the model or the SDL)`, () => {
    const checkedIn = fs.existsSync(SCHEMA_FILE_PATH) ? fs.readFileSync(SCHEMA_FILE_PATH, "utf8") : "";
    expect(checkedIn, `packages/graphql-api/schema.graphql is stale: run \`${REGENERATE_COMMAND}\``).toBe(renderSchemaFile());
  });

  it("builds, on its own, to the same schema", () => {
    expect(printSchema(buildSchema(fs.readFileSync(SCHEMA_FILE_PATH, "utf8")))).toBe(printSchema(createSchema()));
  });
});
