import fs from "node:fs";
import path from "node:path";
import { openNeo4jGraphStore } from "@kgx/graph-store/neo4j";
import { describeWithNeo4j } from "@kgx/graph-store/testing/neo4j";
import type { GraphStore } from "@kgx/graph-store";
import { seedKnowledge, SHIPPED_NOTEBOOKS_DIR } from "@kgx/knowledge";
import { paramsUsedBy, parseNotebookText, type Notebook } from "@kgx/notebook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededStore, startTestApi, type TestApi } from "./support/test-api.ts";

/**
 * Every cell of every shipped notebook, run through the API as the notebook page runs it (Cypher
 * cells through the `cypher` field with the notebook's parameters, GraphQL cells as documents),
 * on both backends: a shipped notebook that fails on one of them is a broken first impression.
 */

const shipped: [file: string, notebook: Notebook][] = fs
  .readdirSync(SHIPPED_NOTEBOOKS_DIR)
  .filter((name) => name.endsWith(".cypher"))
  .sort()
  .map((name) => [name, parseNotebookText(fs.readFileSync(path.join(SHIPPED_NOTEBOOKS_DIR, name), "utf8"))]);

const CYPHER_CELL = "query($s: String!, $p: JSON) { cypher(statement: $s, params: $p) { columns rows } }";

function describeShippedNotebooks(backend: string, openSeeded: () => Promise<{ store: GraphStore; dispose: () => Promise<void> }>): void {
  describe(`the shipped notebooks (${backend})`, () => {
    let opened: { store: GraphStore; dispose: () => Promise<void> } | undefined;
    let api: TestApi;

    beforeAll(async () => {
      opened = await openSeeded();
      api = await startTestApi(opened.store);
    }, 120_000);

    afterAll(async () => {
      await api?.stop();
      await opened?.dispose();
    });

    it("are four or more, each with Cypher cells", () => {
      expect(shipped.length).toBeGreaterThanOrEqual(4);
      for (const [file, notebook] of shipped)
        expect(
          notebook.cells.some((cell) => cell.kind === "cypher"),
          file,
        ).toBe(true);
    });

    it.each(shipped)("%s runs every cell without an error, and its Cypher cells return rows", async (file, notebook) => {
      for (const [index, cell] of notebook.cells.entries()) {
        const where = `${file}, cell ${index + 1} (${cell.kind}): ${cell.source}`;
        if (cell.kind === "cypher") {
          // The page sends a cell only the parameters it refers to, as here.
          const answer = await api.post(CYPHER_CELL, { s: cell.source, p: paramsUsedBy(cell.source, notebook.params) });
          expect(answer.body.errors, where).toBeUndefined();
          const rows = (answer.body.data?.["cypher"] as { rows: unknown[] } | undefined)?.rows ?? [];
          expect(rows.length, where).toBeGreaterThan(0);
        } else if (cell.kind === "graphql") {
          const answer = await api.post(cell.source, notebook.params as Record<string, unknown>);
          expect(answer.body.errors, where).toBeUndefined();
        }
      }
    });
  });
}

describeShippedNotebooks("embedded", async () => {
  const seeded = await openSeededStore();
  return { store: seeded.store, dispose: () => seeded.close() };
});

describeWithNeo4j("Neo4j", (neo4j) => {
  describeShippedNotebooks("neo4j", async () => {
    await neo4j.clear();
    const store = await openNeo4jGraphStore({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password });
    await seedKnowledge(store);
    return { store, dispose: () => store.close() };
  });
});
