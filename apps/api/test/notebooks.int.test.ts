import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SHIPPED_NOTEBOOKS_DIR } from "@kgx/knowledge";
import { paramsUsedBy, parseNotebookText } from "@kgx/notebook";
import { NotebookDirectory } from "@kgx/notebook/directory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApiEnv } from "../src/env.ts";
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
async function startWithNotebooks(dir: string, options: { writeToken?: string; maxCount?: number; maxBytes?: number } = {}): Promise<TestApi> {
  const { writeToken, ...limits } = options;
  const notebooks = new NotebookDirectory(dir, limits);
  await notebooks.initialise(SHIPPED_NOTEBOOKS_DIR);
  return startTestApi(seeded.store, { notebooks, ...(writeToken ? { writeToken } : {}) });
}

const WRITE_TOKEN = "notebook-test-token-0123456789";

const shippedFiles = fs
  .readdirSync(SHIPPED_NOTEBOOKS_DIR)
  .filter((f) => f.endsWith(".cypher"))
  .sort();

describe("notebooks over HTTP", () => {
  it("reads KGX_NOTEBOOK_DIR, with ./data/notebooks as the default, and the directory's limits", () => {
    expect(readApiEnv({}).notebookDir).toBe(path.resolve("data/notebooks"));
    expect(readApiEnv({ KGX_NOTEBOOK_DIR: "/srv/kgx/notebooks" }).notebookDir).toBe("/srv/kgx/notebooks");
    expect(readApiEnv({})).toMatchObject({ notebookMaxCount: 500, notebookMaxBytes: 50 * 1024 * 1024 });
    expect(readApiEnv({ KGX_NOTEBOOK_MAX_COUNT: "20", KGX_NOTEBOOK_MAX_BYTES: "100000" })).toMatchObject({ notebookMaxCount: 20, notebookMaxBytes: 100_000 });
    expect(() => readApiEnv({ KGX_NOTEBOOK_MAX_COUNT: "0", KGX_NOTEBOOK_MAX_BYTES: "lots" })).toThrow(
      /KGX_NOTEBOOK_MAX_COUNT must be a whole number[\s\S]*KGX_NOTEBOOK_MAX_BYTES must be a whole number/,
    );
  });

  it("lists the shipped notebooks on the first start as read-only, and keeps a deleted file deleted after a restart", async () => {
    const dir = path.join(root, "first-start");
    const api = await startWithNotebooks(dir);
    try {
      const listed = await api.post("{ notebooks { id title cellCount readOnly } }");
      const notebooks = listed.body.data?.["notebooks"] as { id: string; title: string; cellCount: number; readOnly: boolean }[];
      expect(notebooks).toHaveLength(shippedFiles.length);
      expect(notebooks.map((n) => n.title)).toContain("From Huawei to Nvidia");
      expect(notebooks.every((n) => n.cellCount > 0 && n.readOnly)).toBe(true);
    } finally {
      await api.stop();
    }
    // Only someone with the server's files can remove a shipped notebook; it is not put back.
    fs.unlinkSync(path.join(dir, "huawei-to-nvidia.json"));
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

  it("refuses every change to a shipped notebook with NOTEBOOK_READ_ONLY, and duplicates it into one the caller may change", async () => {
    const dir = path.join(root, "shipped-read-only");
    const api = await startWithNotebooks(dir);
    try {
      const file = path.join(dir, "figures.json");
      const stored = fs.readFileSync(file, "utf8");
      const attempts = [
        api.post('mutation { saveNotebook(id: "figures", notebook: { title: "Mine", cells: [] }) { id } }'),
        api.post('mutation { renameNotebook(id: "figures", title: "Mine") { id } }'),
        api.post('mutation { deleteNotebook(id: "figures") }'),
      ];
      for (const answer of await Promise.all(attempts)) {
        expect(codes(answer)).toEqual(["NOTEBOOK_READ_ONLY"]);
        expect(answer.body.errors?.[0]?.message).toMatch(/ships with kgx and cannot be changed or deleted; duplicate it to edit a copy of your own\.$/);
      }
      expect(fs.readFileSync(file, "utf8")).toBe(stored);
      const read = await api.post('{ notebook(id: "figures") { readOnly title } }');
      expect(read.body.data).toEqual({ notebook: { readOnly: true, title: expect.any(String) } });

      const copy = await api.post('mutation { duplicateNotebook(id: "figures") { id title readOnly } }');
      const duplicated = copy.body.data?.["duplicateNotebook"] as { id: string; title: string; readOnly: boolean };
      expect(duplicated).toMatchObject({ id: expect.stringMatching(/-copy$/), readOnly: false });
      const renamed = await api.post(`mutation { renameNotebook(id: "${duplicated.id}", title: "My figures") { title readOnly } }`);
      expect(renamed.body.data).toEqual({ renameNotebook: { title: "My figures", readOnly: false } });
    } finally {
      await api.stop();
    }
  });

  it("gives ten parallel creates ten notebooks with distinct ids, none lost", async () => {
    const dir = path.join(root, "parallel");
    const api = await startWithNotebooks(dir);
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => api.post('mutation { createNotebook(title: "Parallel") { id } }')));
      for (const answer of answers) expect(answer.body.errors).toBeUndefined();
      const ids = answers.map((a) => (a.body.data?.["createNotebook"] as { id: string }).id);
      expect(new Set(ids).size).toBe(10);
      const listed = await api.post("{ notebooks { id } }");
      const listedIds = (listed.body.data?.["notebooks"] as { id: string }[]).map((n) => n.id);
      expect(listedIds).toEqual(expect.arrayContaining(ids));
      expect(listedIds).toHaveLength(shippedFiles.length + 10);
      for (const id of ids) expect(fs.existsSync(path.join(dir, `${id}.json`))).toBe(true);
    } finally {
      await api.stop();
    }
  });

  it("needs the write token for every notebook change when the server has one, and none to read", async () => {
    const dir = path.join(root, "token");
    const api = await startWithNotebooks(dir, { writeToken: WRITE_TOKEN });
    const authorised = { authorization: `Bearer ${WRITE_TOKEN}` };
    try {
      const filesBefore = fs.readdirSync(dir).sort();
      const created = await api.post('mutation { createNotebook(title: "Mine") { id } }', undefined, authorised);
      expect(created.body.errors).toBeUndefined();
      const changes = [
        'mutation { createNotebook(title: "Intruder") { id } }',
        'mutation { importNotebook(text: "// kgx notebook\\n// title: Intruder\\n\\n// %% cypher\\nRETURN 1\\n") { id } }',
        'mutation { saveNotebook(id: "mine", notebook: { title: "Intruder", cells: [] }) { id } }',
        'mutation { renameNotebook(id: "mine", title: "Intruder") { id } }',
        'mutation { duplicateNotebook(id: "mine") { id } }',
        'mutation { deleteNotebook(id: "mine") }',
      ];
      for (const headers of [{}, { authorization: "Bearer not-the-token-at-all" }] as Record<string, string>[]) {
        for (const change of changes) {
          const answer = await api.post(change, undefined, headers);
          expect(codes(answer), change).toEqual(["UNAUTHENTICATED"]);
          expect(answer.status).toBe(401);
        }
      }
      const refused = await api.post('mutation { createNotebook(title: "Intruder") { id } }');
      expect(refused.body.errors?.[0]?.message).toBe("Changing notebooks needs the write token: send it as `Authorization: Bearer <token>`.");
      expect(fs.readdirSync(dir).sort()).toEqual([...filesBefore, "mine.json"].sort());
      expect(JSON.parse(fs.readFileSync(path.join(dir, "mine.json"), "utf8"))).toMatchObject({ title: "Mine" });

      const read = await api.post('{ notebooks { id } notebook(id: "mine") { title } }');
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data?.["notebook"]).toEqual({ title: "Mine" });
      for (const change of changes.slice(2)) {
        const answer = await api.post(change.replace("Intruder", "Owner"), undefined, authorised);
        expect(answer.body.errors, change).toBeUndefined();
      }
    } finally {
      await api.stop();
    }
  });

  it("refuses a notebook over KGX_NOTEBOOK_MAX_COUNT and a save over KGX_NOTEBOOK_MAX_BYTES with NOTEBOOK_LIMIT_EXCEEDED, writing nothing", async () => {
    const dir = path.join(root, "limits");
    const shippedBytes = (() => {
      // The shipped notebooks count too: measure them as a first start writes them.
      const probe = path.join(root, "limits-probe");
      return new NotebookDirectory(probe)
        .initialise(SHIPPED_NOTEBOOKS_DIR)
        .then(() => fs.readdirSync(probe).reduce((sum, f) => sum + fs.statSync(path.join(probe, f)).size, 0));
    })();
    const maxBytes = (await shippedBytes) + 5_000;
    const api = await startWithNotebooks(dir, { maxCount: shippedFiles.length + 2, maxBytes });
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => api.post(`mutation { createNotebook(title: "Room ${i}") { id } }`)));
      const refused = answers.filter((a) => a.body.errors);
      expect(answers.length - refused.length).toBe(2);
      expect(refused.map(codes)).toEqual([["NOTEBOOK_LIMIT_EXCEEDED"], ["NOTEBOOK_LIMIT_EXCEEDED"]]);
      expect(refused[0]?.body.errors?.[0]?.message).toMatch(/the most this server keeps \(KGX_NOTEBOOK_MAX_COUNT\); delete one to make room\.$/);
      expect(refused[0]?.body.errors?.[0]?.extensions).toMatchObject({ limit: "KGX_NOTEBOOK_MAX_COUNT", max: shippedFiles.length + 2 });
      expect(fs.readdirSync(dir)).toHaveLength(shippedFiles.length + 2);

      const id = (answers.find((a) => !a.body.errors)?.body.data?.["createNotebook"] as { id: string }).id;
      const before = fs.readFileSync(path.join(dir, `${id}.json`), "utf8");
      const big = await api.post("mutation($id: ID!, $nb: NotebookInput!) { saveNotebook(id: $id, notebook: $nb) { id } }", {
        id,
        nb: { title: "Room", cells: [{ id: "a", kind: "CYPHER", source: "RETURN 1 // ".padEnd(6_000, "x") }] },
      });
      expect(codes(big)).toEqual(["NOTEBOOK_LIMIT_EXCEEDED"]);
      expect(big.body.errors?.[0]?.extensions).toMatchObject({ limit: "KGX_NOTEBOOK_MAX_BYTES", max: maxBytes });
      expect(big.body.errors?.[0]?.message).toMatch(/over the limit of \d+ \(KGX_NOTEBOOK_MAX_BYTES\)/);
      expect(fs.readFileSync(path.join(dir, `${id}.json`), "utf8")).toBe(before);
    } finally {
      await api.stop();
    }
  });

  it("answers the list from memory, kept up to date by every write, and removes stale temporary files at start", async () => {
    const dir = path.join(root, "index");
    const api = await startWithNotebooks(dir);
    await api.stop();
    fs.writeFileSync(path.join(dir, ".figures.0123456789ab.tmp"), '{"half": ');
    fs.mkdirSync(path.join(root, "index.0123456789ab.tmp"));
    const restarted = await startWithNotebooks(dir);
    try {
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(fs.existsSync(path.join(root, "index.0123456789ab.tmp"))).toBe(false);
      // The list comes from memory: a file whose bytes change with its size and time kept is not parsed again.
      // (Whole seconds, which utimes sets exactly.)
      const figures = path.join(dir, "figures.json");
      const original = fs.readFileSync(figures, "utf8");
      fs.utimesSync(figures, 1_800_000_000, 1_800_000_000);
      const first = await restarted.post("{ notebooks { id title cellCount updatedAt } }");
      fs.writeFileSync(figures, " ".repeat(Buffer.byteLength(original)));
      fs.utimesSync(figures, 1_800_000_000, 1_800_000_000);
      try {
        const again = await restarted.post("{ notebooks { id title cellCount updatedAt } }");
        expect(again.body).toEqual(first.body);
      } finally {
        fs.writeFileSync(figures, original);
      }
      const created = await restarted.post('mutation { createNotebook(title: "Indexed") { id } }');
      const id = (created.body.data?.["createNotebook"] as { id: string }).id;
      await restarted.post(`mutation { renameNotebook(id: "${id}", title: "Indexed, renamed") { id } }`);
      const listed = (await restarted.post("{ notebooks { id title cellCount } }")).body.data?.["notebooks"] as {
        id: string;
        title: string;
        cellCount: number;
      }[];
      expect(listed.find((n) => n.id === id)).toEqual({ id, title: "Indexed, renamed", cellCount: 1 });
      await restarted.post(`mutation { deleteNotebook(id: "${id}") }`);
      const after = (await restarted.post("{ notebooks { id } }")).body.data?.["notebooks"] as { id: string }[];
      expect(after.map((n) => n.id)).not.toContain(id);
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
      const created = await api.post('mutation { createNotebook(title: "Export controls") { id title cells { id kind source } } }');
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
      expect(text).toBe(
        '// kgx notebook\n// title: Export controls\n// params: {"chip":"h20"}\n\n// %% markdown\n// # Notes\n\n// %% cypher\nMATCH (c:Chip {id: $chip}) RETURN c.name\n',
      );
      const ipynb = JSON.parse((saved.body.data?.["saveNotebook"] as { ipynb: string }).ipynb) as { nbformat: number; cells: unknown[] };
      expect(ipynb.nbformat).toBe(4);
      expect(ipynb.cells).toHaveLength(2);

      const renamed = await api.post('mutation($id: ID!) { renameNotebook(id: $id, title: "H20 controls") { id title } }', { id });
      expect(renamed.body.data).toEqual({ renameNotebook: { id, title: "H20 controls" } });
      const copy = await api.post("mutation($id: ID!) { duplicateNotebook(id: $id) { id title cells { id result } } }", { id });
      expect(copy.body.data?.["duplicateNotebook"]).toEqual({
        id: "h20-controls-copy",
        title: "H20 controls (copy)",
        cells: [
          { id: "notes", result: null },
          { id: "q", result },
        ],
      });
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
          {
            id: "q",
            kind: "CYPHER",
            source: "MATCH (c:Chip {id: $chip}) RETURN c.name",
            result: { ranAt: "2026-01-01T00:00:00.000Z", data: { columns: ["n"], rows: [[1]], truncated: false } },
          },
        ],
      });
      const deleted = await restarted.post('mutation { a: deleteNotebook(id: "h20-controls-copy") b: deleteNotebook(id: "h20-controls-copy") }');
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
      expect(imported.body.data?.["importNotebook"]).toEqual({
        id: "half",
        title: "Half",
        cells: [
          { kind: "CYPHER", source: "RETURN 1" },
          { kind: "MARKDOWN", source: "done" },
        ],
      });
    } finally {
      await api.stop();
    }
  });

  it("refuses invalid notebooks and ids that are not safe file names, leaving the stored file as it was", async () => {
    const dir = path.join(root, "invalid");
    const api = await startWithNotebooks(dir);
    try {
      await api.post('mutation { createNotebook(title: "Tables") { id } }');
      const file = path.join(dir, "tables.json");
      const stored = fs.readFileSync(file, "utf8");
      const save = (id: string, nb: unknown) => api.post("mutation($id: ID!, $nb: NotebookInput!) { saveNotebook(id: $id, notebook: $nb) { id } }", { id, nb });
      const duplicateIds = await save("tables", {
        title: "Tables",
        cells: [
          { id: "a", kind: "CYPHER", source: "" },
          { id: "a", kind: "MARKDOWN", source: "" },
        ],
      });
      expect(codes(duplicateIds)).toEqual(["BAD_USER_INPUT"]);
      expect(duplicateIds.body.errors?.[0]?.message).toMatch(/cells\[1\]\.id: "a" is used by another cell/);
      const badParams = await save("tables", { title: "Tables", params: [1, 2], cells: [] });
      expect(badParams.body.errors?.[0]?.message).toMatch(/params: must be a JSON object/);
      const tooBig = await save("tables", { title: "Tables", cells: [{ id: "a", kind: "CYPHER", source: "x".repeat(100_001) }] });
      expect(tooBig.body.errors?.[0]?.message).toMatch(/source: at most 100000 characters/);
      expect(fs.readFileSync(file, "utf8")).toBe(stored);

      for (const id of ["../tables", "tables/../../x", "Tables", ".hidden"]) {
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
    return notebook.cells
      .filter((c) => c.kind !== "markdown")
      .map((cell, index) => ({ name: `${file} #${index + 1} (${cell.kind})`, cell, params: notebook.params }));
  });
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(seeded.store);
  });
  afterAll(async () => {
    await api.stop();
  });

  it("are five, each with Cypher cells", () => {
    expect(shippedFiles).toHaveLength(5);
    expect(cells.filter((c) => c.cell.kind === "cypher").length).toBeGreaterThanOrEqual(10);
  });

  it.each(cells.map((c) => [c.name, c] as const))("%s runs on the seeded embedded store without error and answers rows", async (_name, { cell, params }) => {
    const answer =
      cell.kind === "cypher"
        ? await api.post("query($s: String!, $p: JSON) { cypher(statement: $s, params: $p) { columns rows truncated } }", {
            s: cell.source,
            p: paramsUsedBy(cell.source, params),
          })
        : await api.post(cell.source);
    expect(answer.body.errors).toBeUndefined();
    const data = answer.body.data as Record<string, unknown>;
    if (cell.kind === "cypher") expect((data["cypher"] as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    else expect(Object.values(data).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null))).toBe(true);
  });
});
