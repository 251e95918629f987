import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { GRAPHQL_ENV_PATH, SCHEMA_FILE_PATH, renderGraphqlEnv } from "./graphql-env-file.ts";

describe("the typed client's graphql-env.d.ts", () => {
  it("matches the checked-in schema.graphql (run `npm run generate:schema` after changing the schema)", () => {
    const checkedIn = fs.existsSync(GRAPHQL_ENV_PATH) ? fs.readFileSync(GRAPHQL_ENV_PATH, "utf8") : "";
    expect(checkedIn, "apps/web/src/graphql-env.d.ts is stale: run `npm run generate:schema`").toBe(
      renderGraphqlEnv(fs.readFileSync(SCHEMA_FILE_PATH, "utf8")),
    );
  });
});
