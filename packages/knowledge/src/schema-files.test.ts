import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderSchemaFile } from "@kgx/domain";
import { SCHEMA_DIR } from "./locations.ts";

// Here rather than beside the model: the model's package depends on nothing, and the files it is
// compared with are this package's to locate.
describe("the shipped schema files", () => {
  it.each(["kuzu", "neo4j"] as const)("match the domain model: cypher/schema/%s.cypher (run `npx kgx schema --write` after changing the model)", (backend) => {
    const checkedIn = fs.readFileSync(path.join(SCHEMA_DIR, `${backend}.cypher`), "utf8");
    expect(checkedIn).toBe(renderSchemaFile(backend));
  });
});
