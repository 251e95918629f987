import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Connection, Database } from "kuzu";
import { kuzuSchemaStatements } from "@kgx/domain";
import { afterAll, describe, expect, it } from "vitest";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import { DATABASE_FILE_NAME } from "../src/embedded/kuzu-handle.ts";

/**
 * A data directory created before the model gained a property: its tables exist without that
 * column. Opening it and applying the schema adds the column, keeps the data, and the new property
 * is then written and read like any other.
 */
describe("the embedded store on a directory made by an older model", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-upgrade-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("adds the columns its tables lack and keeps what they hold", async () => {
    const dataDir = path.join(root, "store");
    // The schema as it was before MENTIONS had aliasesAdded and relationships had quotes.
    const older = kuzuSchemaStatements().map((s) => s.replace(/, aliasesAdded STRING\[\]/g, "").replace(/, quotes STRING\[\]/g, ""));
    fs.mkdirSync(dataDir);
    const database = new Database(path.join(dataDir, DATABASE_FILE_NAME));
    const connection = new Connection(database);
    // Every result is closed before the connection, or Kùzu crashes at exit.
    const run = async (statement: string) => {
      const results = await connection.query(statement);
      const list = Array.isArray(results) ? results : [results];
      const rows = await list[0]!.getAll();
      for (const result of list) result.close();
      return rows;
    };
    for (const statement of older) await run(statement);
    for (const statement of [
      "CREATE (:Source {id: 'src-old', name: 'Old article'})",
      "CREATE (:Person {id: 'p-old', name: 'Old Person'})",
      "MATCH (s:Source {id: 'src-old'}), (p:Person {id: 'p-old'}) CREATE (s)-[:MENTIONS {id: 'm-old', sources: ['src-old']}]->(p)",
    ]) {
      await run(statement);
    }
    const before = (await run("CALL table_info('MENTIONS') RETURN name")).map((row) => String(row["name"]));
    await connection.close();
    await database.close();
    expect(before).not.toContain("aliasesAdded");

    const store = await openEmbeddedGraphStore({ dataDir });
    try {
      await store.applySchema();
      await store.applyChange({
        upsert: {
          entities: [],
          relationships: [
            {
              type: "MENTIONS",
              id: "m-old",
              from: "src-old",
              to: "p-old",
              properties: { sources: ["src-old"], aliasesAdded: ["Old P."], quotes: ["A sentence."] },
            },
          ],
        },
      });
      const result = await store.runReadQuery("MATCH (:Source)-[m:MENTIONS]->(p:Person) RETURN m.id, m.aliasesAdded, m.quotes, p.name");
      expect(result.rows).toEqual([["m-old", ["Old P."], ["A sentence."], "Old Person"]]);
      // Applying the schema again changes nothing.
      await store.applySchema();
    } finally {
      await store.close();
    }
  });
});
