import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import type { GraphStore } from "../src/port.ts";
import { GraphStoreError } from "../src/errors.ts";
import { contractFixture } from "./contract/index.ts";

/** A Neo4j-only statement on the embedded store is refused with Kùzu's error and what to write instead. */
describe("Neo4j habits refused on the embedded store, with the Kùzu spelling", () => {
  let dir: string;
  let store: GraphStore;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-habits-"));
    store = await openEmbeddedGraphStore({ dataDir: dir });
    await store.applySchema();
    await store.writeBatch(contractFixture());
  });

  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["CALL db.schema.visualization()", /CALL show_tables\(\) RETURN \*/],
    ["MATCH p = shortestPath((a:Person {id: 'ada'})-[*..4]-(b:Organization {id: 'acme-foundry'})) RETURN p", /MATCH p = \(a\)-\[\* SHORTEST 1\.\.6\]-\(b\)/],
    ["MATCH (n:Person) RETURN n {.name}", /no map projections/],
  ])("%s", async (statement, hint) => {
    const error = await store.runReadQuery(statement).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphStoreError);
    expect((error as GraphStoreError).code).toBe("CYPHER_SYNTAX");
    expect((error as GraphStoreError).message).toMatch(/^Parser exception/);
    expect((error as GraphStoreError).message).toMatch(hint);
  });

  it("runs the Kùzu spelling the hint gives", async () => {
    const result = await store.runReadQuery(
      "MATCH p = (a:Person {id: 'ada'})-[* SHORTEST 1..6]-(b:Organization {id: 'acme-foundry'}) RETURN length(p) AS hops",
    );
    expect(result.rows).toEqual([[3]]);
  });
});
