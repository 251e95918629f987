import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { paramsUsedBy, parseNotebookText } from "@kgx/notebook";
import { NotebookDirectory } from "@kgx/notebook/directory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApiEnv } from "../src/env.ts";
import { SHIPPED_NOTEBOOKS_DIR } from "../src/main.ts";
import { codes, graphFingerprint, openSeededStore, startTestApi, type TestApi, type TestStore } from "./support/test-api.ts";

const NOTEBOOK_FIELDS = "id title params updatedAt text ipynb cells { id kind source result }";

let seeded: TestStore;
let root: string;

beforeAll(async () => {
  seeded = await openSeededStore();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-notebooks-"));
});

afterAll(async () => {
  await seeded.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** An API over the seeded store whose notebooks live in `dir`, prepared the way the process prepares them. */
async function startWithNotebooks(dir: string): Promise<TestApi> {
  const notebooks = new NotebookDirectory(dir);
  await notebooks.initialise(SHIPPED_NOTEBOOKS_DIR);
  return startTestApi(seeded.store, { notebooks });
}

const shippedFiles = fs.readdirSync(SHIPPED_NOTEBOOKS_DIR).filter((f) => f.endsWith(".cypher")).sort();

describe("notebooks over HTTP", () => {
  it("reads KGX_NOTEBOOK_DIR, with ./data/notebooks as the default", () => {
    expect(readApiEnv({}).notebookDir).toBe(path.resolve("data/notebooks"));
    expect(readApiEnv({ KGX_NOTEBOOK_DIR: "/srv/kgx/notebooks" }).notebookDir).toBe("/srv/kgx/notebooks");
  });

  it("lists the shipped notebooks on the first start, and keeps a deleted one deleted after a restart", async () => {
    const dir = path.join(root, "first-start");
    const api = await startWithNotebooks(dir);
    try {
      const listed = await api.post("{ notebooks { id title cellCount } }");
      const notebooks = listed.body.data?.["notebooks"] as { id: string; title: string; cellCount: number }[];
      expect(notebooks).toHaveLength(shippedFiles.length);
      expect(notebooks.map((n) => n.title)).toContain("From Huawei to Nvidia");
      expect(notebooks.every((n) => n.cellCount > 0)).toBe(true);
      const deleted = await api.post("mutation($id: ID!) { deleteNotebook(id: $id) }", { id: "huawei-to-nvidia" });
      expect(deleted.body.data).toEqual({ deleteNotebook: true });
    } finally {
      await api.stop();
    }
    const restarted = await startWithNotebooks(dir);
    try {
      const listed = await restarted.post("{ notebooks { id } }");
      const ids = (listed.body.data?.["notebooks"] as { id: string }[]).map((n) => n.id);
      expect(ids).toHaveLength(shippedFiles.length - 1);
      expect(ids).not.toContain("huawei-to-nvidia");
    } finally {
      await restarted.stop();
    }
  });

  it("creates, saves with last results, renames, duplicates and deletes, without the write token; all of it survives a restart", async () => {
    const dir = path.join(root, "lifecycle");
    const before = await graphFingerprint(seeded.store);
    const api = await startWithNotebooks(dir);
    let id: string;
    try {
      const created = await api.post("mutation { createNotebook(title: \"Export controls\") { id title cells { id kind source } } }");
      expect(created.body.errors).toBeUndefined();
      const notebook = created.body.data?.["createNotebook"] as { id: string; cells: unknown[] };
      id = notebook.id;
      expect(notebook).toEqual({ id: "export-controls", title: "Export controls", cells: [{ id: "cell-1", kind: "CYPHER", source: "" }] });

      const result = { ranAt: "2026-01-01T00:00:00.000Z", data: { columns: ["n"], rows: [[1]], truncated: false } };
      const saved = await api.post(`mutation($id: ID!, $nb: NotebookInput!) { saveNotebook(id: $id, notebook: $nb) { ${NOTEBOOK_FIELDS} } }`, {
        id,
        nb: {
          title: "Export controls",
          params: { chip: "h20" },
          cells: [
            { id: "notes", kind: "MARKDOWN", source: "# Notes" },
            { id: "q", kind: "CYPHER", source: "MATCH (c:Chip {id: $chip}) RETURN c.name", result },
          ],
        },
      });
      expect(saved.body.errors).toBeUndefined();
      const text = (saved.body.data?.["saveNotebook"] as { text: string }).text;
      expect(text).toBe('// kgx notebook\n// title: Export controls\n// params: {"chip":"h20"}\n\n// %% markdown\n// # Notes\n\n// %% cypher\nMATCH (c:Chip {id: $chip}) RETURN c.name\n');
      const ipynb = JSON.parse((saved.body.data?.["saveNotebook"] as { ipynb: string }).ipynb) as { nbformat: number; cells: unknown[] };
      expect(ipynb.nbformat).toBe(4);
      expect(ipynb.cells).toHaveLength(2);

      const renamed = await api.post("mutation($id: ID!) { renameNotebook(id: $id, title: \"H20 controls\") { id title } }", { id });
      expect(renamed.body.data).toEqual({ renameNotebook: { id, title: "H20 controls" } });
      const copy = await api.post("mutation($id: ID!) { duplicateNotebook(id: $id) { id title cells { id result } } }", { id });
      expect(copy.body.data?.["duplicateNotebook"]).toEqual({ id: "h20-controls-copy", title: "H20 controls (copy)", cells: [{ id: "notes", result: null }, { id: "q", result }] });
    } finally {
      await api.stop();
    }

    const restarted = await startWithNotebooks(dir);
    try {
      const reopened = await restarted.post("query($id: ID!) { notebook(id: $id) { title params cells { id kind source result } } }", { id });
      expect(reopened.body.data?.["notebook"]).toEqual({
        title: "H20 controls",
        params: { chip: "h20" },
        cells: [
          { id: "notes", kind: "MARKDOWN", source: "# Notes", result: null },
          { id: "q", kind: "CYPHER", source: "MATCH (c:Chip {id: $chip}) RETURN c.name", result: { ranAt: "2026-01-01T00:00:00.000Z", data: { columns: ["n"], rows: [[1]], truncated: false } } },
        ],
      });
      const deleted = await restarted.post("mutation { a: deleteNotebook(id: \"h20-controls-copy\") b: deleteNotebook(id: \"h20-controls-copy\") }");
      expect(deleted.body.data).toEqual({ a: true, b: false });
    } finally {
      await restarted.stop();
    }
    // Notebooks are documents beside the graph: none of this touched it.
    expect(await graphFingerprint(seeded.store)).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("imports the text form, and refuses a bad file by line with nothing saved", async () => {
    const dir = path.join(root, "import");
    const api = await startWithNotebooks(dir);
    try {
      const filesBefore = fs.readdirSync(dir).sort();
      const bad = "// kgx notebook\n// title: Half\n\n// %% cypher\nRETURN 1\n\n// %% python\nprint(1)\n";
      const refused = await api.post("mutation($text: String!) { importNotebook(text: $text) { id } }", { text: bad });
      expect(codes(refused)).toEqual(["BAD_USER_INPUT"]);
      expect(refused.body.errors?.[0]?.message).toBe('text: line 7: unknown cell kind "python"; use markdown, cypher or graphql');
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ field: "text", line: 7 });
      expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);

      const good = bad.replace("// %% python\nprint(1)", "// %% markdown\n// done");
      const imported = await api.post("mutation($text: String!) { importNotebook(text: $text) { id title cells { kind source } } }", { text: good });
      expect(imported.body.data?.["importNotebook"]).toEqual({ id: "half", title: "Half", cells: [{ kind: "CYPHER", source: "RETURN 1" }, { kind: "MARKDOWN", source: "done" }] });
    } finally {
      await api.stop();
    }
  });

  it("refuses invalid notebooks and ids that are not safe file names, leaving the stored file as it was", async () => {
    const dir = path.join(root, "invalid");
    const api = await startWithNotebooks(dir);
    try {
      const file = path.join(dir, "figures.json");
      const stored = fs.readFileSync(file, "utf8");
      const save = (id: string, nb: unknown) => api.post("mutation($id: ID!, $nb: NotebookInput!) { saveNotebook(id: $id, notebook: $nb) { id } }", { id, nb });
      const duplicateIds = await save("figures", { title: "Figures", cells: [{ id: "a", kind: "CYPHER", source: "" }, { id: "a", kind: "MARKDOWN", source: "" }] });
      expect(codes(duplicateIds)).toEqual(["BAD_USER_INPUT"]);
      expect(duplicateIds.body.errors?.[0]?.message).toMatch(/cells\[1\]\.id: "a" is used by another cell/);
      const badParams = await save("figures", { title: "Figures", params: [1, 2], cells: [] });
      expect(badParams.body.errors?.[0]?.message).toMatch(/params: must be a JSON object/);
      const tooBig = await save("figures", { title: "Figures", cells: [{ id: "a", kind: "CYPHER", source: "x".repeat(100_001) }] });
      expect(tooBig.body.errors?.[0]?.message).toMatch(/source: at most 100000 characters/);
      expect(fs.readFileSync(file, "utf8")).toBe(stored);

      for (const id of ["../figures", "figures/../../x", "Figures", ".hidden"]) {
        const answer = await save(id, { title: "x", cells: [] });
        expect(codes(answer)).toEqual(["NOT_FOUND"]);
        const read = await api.post("query($id: ID!) { notebook(id: $id) { id } }", { id });
        expect(read.body.data).toEqual({ notebook: null });
      }
      const unknown = await save("no-such-notebook", { title: "x", cells: [] });
      expect(codes(unknown)).toEqual(["NOT_FOUND"]);
      expect(fs.existsSync(path.join(dir, "no-such-notebook.json"))).toBe(false);
    } finally {
      await api.stop();
    }
  });

  it("answers STORE_UNAVAILABLE when the server has no notebook directory", async () => {
    const api = await startTestApi(seeded.store);
    try {
      expect(codes(await api.post("{ notebooks { id } }"))).toEqual(["STORE_UNAVAILABLE"]);
    } finally {
      await api.stop();
    }
  });
});

describe("the shipped notebooks", () => {
  const cells = shippedFiles.flatMap((file) => {
    const notebook = parseNotebookText(fs.readFileSync(path.join(SHIPPED_NOTEBOOKS_DIR, file), "utf8"));
    return notebook.cells.filter((c) => c.kind !== "markdown").map((cell, index) => ({ name: `${file} #${index + 1} (${cell.kind})`, cell, params: notebook.params }));
  });
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(seeded.store);
  });
  afterAll(async () => {
    await api.stop();
  });

  it("are four, each with Cypher cells", () => {
    expect(shippedFiles).toHaveLength(4);
    expect(cells.filter((c) => c.cell.kind === "cypher").length).toBeGreaterThanOrEqual(10);
  });

  it.each(cells.map((c) => [c.name, c] as const))("%s runs on the seeded embedded store without error and answers rows", async (_name, { cell, params }) => {
    const answer =
      cell.kind === "cypher"
        ? await api.post("query($s: String!, $p: JSON) { cypher(statement: $s, params: $p) { columns rows truncated } }", { s: cell.source, p: paramsUsedBy(cell.source, params) })
        : await api.post(cell.source);
    expect(answer.body.errors).toBeUndefined();
    const data = answer.body.data as Record<string, unknown>;
    if (cell.kind === "cypher") expect((data["cypher"] as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    else expect(Object.values(data).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null))).toBe(true);
  });
});
