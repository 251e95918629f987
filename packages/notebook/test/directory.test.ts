import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotebookDirectory, NotebookLimitError, NotebookNotFoundError, NotebookReadOnlyError } from "../src/directory.ts";
import { NotebookFormatError } from "../src/index.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-notebook-dir-"));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const FIRST = "// kgx notebook\n// title: First\n\n// %% cypher\nRETURN 1\n";

function shipped(files: Record<string, string>): string {
  const dir = path.join(root, "shipped");
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("the notebook directory", () => {
  it("fills a new directory with the shipped notebooks once, and never again", async () => {
    const from = shipped({ "010-first.cypher": FIRST, "README.md": "not a notebook" });
    const notebooks = new NotebookDirectory(path.join(root, "data", "notebooks"));
    expect(await notebooks.initialise(from)).toEqual(["first"]);
    expect(await notebooks.list()).toMatchObject([{ id: "first", title: "First", cellCount: 1, shipped: true }]);
    fs.unlinkSync(path.join(notebooks.dir, "first.json"));
    const restarted = new NotebookDirectory(notebooks.dir);
    expect(await restarted.initialise(from)).toEqual([]);
    expect(await restarted.list()).toEqual([]);
  });

  it("keeps the shipped notebooks as they shipped: no save, rename or delete, but a copy of one's own", async () => {
    const notebooks = new NotebookDirectory(path.join(root, "notebooks"));
    await notebooks.initialise(shipped({ "010-first.cypher": FIRST }));
    const file = path.join(notebooks.dir, "first.json");
    const before = fs.readFileSync(file, "utf8");
    await expect(notebooks.save("first", { title: "Mine now", cells: [] })).rejects.toBeInstanceOf(NotebookReadOnlyError);
    await expect(notebooks.rename("first", "Mine now")).rejects.toThrow(
      '"First" is a notebook that ships with kgx and cannot be changed or deleted; duplicate it',
    );
    await expect(notebooks.delete("first")).rejects.toBeInstanceOf(NotebookReadOnlyError);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    const copy = await notebooks.duplicate("first");
    expect(copy).toMatchObject({ id: "first-copy", title: "First (copy)", shipped: false });
    await notebooks.save(copy.id, { title: "Mine now", cells: [] });
    expect(await notebooks.delete(copy.id)).toBe(true);
  });

  it("marks an unchanged shipped notebook in a directory seeded before they were marked, and leaves an edited one the user's", async () => {
    const from = shipped({ "010-first.cypher": FIRST, "020-second.cypher": FIRST.replace("First", "Second") });
    const dir = path.join(root, "notebooks");
    fs.mkdirSync(dir);
    const legacy = (id: string, title: string, source: string) =>
      fs.writeFileSync(
        path.join(dir, `${id}.json`),
        JSON.stringify({
          id,
          updatedAt: "2026-01-01T00:00:00.000Z",
          title,
          params: {},
          cells: [{ id: "cell-1", kind: "cypher", source, result: { ranAt: "2026-01-01T00:00:00.000Z", data: null } }],
        }),
      );
    legacy("first", "First", "RETURN 1");
    legacy("second", "Second", "RETURN 2");
    const notebooks = new NotebookDirectory(dir);
    expect(await notebooks.initialise(from)).toEqual([]);
    expect((await notebooks.list()).map((n) => [n.id, n.shipped])).toEqual([
      ["first", true],
      ["second", false],
    ]);
    expect((await notebooks.get("first")).cells[0]?.result).toBeDefined();
  });

  it("gives parallel creates distinct ids and loses none", async () => {
    const notebooks = new NotebookDirectory(path.join(root, "notebooks"));
    const created = await Promise.all(Array.from({ length: 10 }, () => notebooks.create({ title: "Same title", cells: [] })));
    const ids = created.map((n) => n.id);
    expect(new Set(ids).size).toBe(10);
    expect(ids).toContain("same-title");
    expect(ids).toContain("same-title-10");
    expect(fs.readdirSync(notebooks.dir).sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    expect((await new NotebookDirectory(notebooks.dir).list()).map((n) => n.id).sort()).toEqual([...ids].sort());
  });

  it("refuses a notebook over the count limit and a write over the size limit, writing nothing", async () => {
    const notebooks = new NotebookDirectory(path.join(root, "notebooks"), { maxCount: 3, maxBytes: 4000 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => notebooks.create({ title: `N${i}`, cells: [] })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as NotebookLimitError);
    expect(refused).toHaveLength(2);
    expect(refused[0]).toBeInstanceOf(NotebookLimitError);
    expect(refused[0]).toMatchObject({ limit: "count", max: 3 });
    expect(refused[0]?.message).toMatch(/KGX_NOTEBOOK_MAX_COUNT/);
    expect(fs.readdirSync(notebooks.dir)).toHaveLength(3);

    const file = path.join(notebooks.dir, "n0.json");
    const before = fs.readFileSync(file, "utf8");
    const big = { title: "N0", cells: [{ id: "a", kind: "cypher", source: "x".repeat(4000) }] };
    await expect(notebooks.save("n0", big)).rejects.toMatchObject({ name: "NotebookLimitError", limit: "bytes", max: 4000 });
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    // Deleting makes room again, and a write that does not grow the directory always passes.
    expect(await notebooks.delete("n1")).toBe(true);
    await notebooks.create({ title: "N9", cells: [] });
    await notebooks.save("n0", { title: "N0", cells: [] });
  });

  it("answers the list from its index: a file is parsed again only when it changed, also when another instance changed it", async () => {
    const notebooks = new NotebookDirectory(path.join(root, "notebooks"));
    const a = await notebooks.create({ title: "Beta", cells: [{ id: "a", kind: "cypher", source: "RETURN 1" }] });
    await notebooks.create({ title: "Alpha", cells: [] });
    expect((await notebooks.list()).map((n) => [n.title, n.cellCount])).toEqual([
      ["Alpha", 0],
      ["Beta", 1],
    ]);
    // Bytes changed behind the index's back with the same size and time are not read again: the list comes from memory.
    // (Whole seconds, which utimes sets exactly.)
    const alpha = path.join(notebooks.dir, "alpha.json");
    fs.utimesSync(alpha, 1_800_000_000, 1_800_000_000);
    expect((await notebooks.list()).map((n) => n.title)).toEqual(["Alpha", "Beta"]);
    fs.writeFileSync(alpha, "x".repeat(fs.statSync(alpha).size));
    fs.utimesSync(alpha, 1_800_000_000, 1_800_000_000);
    expect((await notebooks.list()).map((n) => n.title)).toEqual(["Alpha", "Beta"]);
    // Another instance sharing the directory: what it writes, renames and deletes shows in this one's list.
    const other = new NotebookDirectory(notebooks.dir);
    await other.save(a.id, { title: "Beta, elsewhere", cells: [] });
    await other.create({ title: "Gamma", cells: [] });
    expect((await notebooks.list()).map((n) => [n.id, n.title, n.cellCount])).toEqual([
      ["alpha", "Alpha", 0],
      ["beta", "Beta, elsewhere", 0],
      ["gamma", "Gamma", 0],
    ]);
    await other.delete("gamma");
    fs.unlinkSync(alpha);
    expect((await notebooks.list()).map((n) => n.id)).toEqual(["beta"]);
    await notebooks.delete("beta");
    expect(await other.list()).toEqual([]);
  });

  it("removes temporary files and half-seeded directories that an interrupted write left", async () => {
    const dir = path.join(root, "notebooks");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, ".chips.0123456789ab.tmp"), "{ half");
    fs.writeFileSync(path.join(dir, "keep.json"), JSON.stringify({ id: "keep", title: "Keep", params: {}, cells: [] }));
    fs.mkdirSync(path.join(root, "notebooks.0123456789ab.tmp"));
    fs.mkdirSync(path.join(root, "other.0123456789ab.tmp"));
    await new NotebookDirectory(dir).initialise();
    expect(fs.readdirSync(dir)).toEqual(["keep.json"]);
    expect(fs.readdirSync(root).sort()).toEqual(["notebooks", "other.0123456789ab.tmp"]);
  });

  it("leaves no directory behind when a shipped notebook is bad, naming the file and line", async () => {
    const from = shipped({ "a.cypher": "// kgx notebook\n// title: A\n", "b.cypher": "// kgx notebook\n// title: B\n// %% sql\n" });
    const dir = path.join(root, "notebooks");
    await expect(new NotebookDirectory(dir).initialise(from)).rejects.toThrow('b.cypher: line 3: unknown cell kind "sql"');
    expect(fs.readdirSync(root)).toEqual(["shipped"]);
  });

  it("saves by replacing the file whole, and refuses a bad notebook without touching the stored one", async () => {
    const notebooks = new NotebookDirectory(path.join(root, "notebooks"));
    const created = await notebooks.create({ title: "Chips", params: {}, cells: [{ id: "a", kind: "cypher", source: "RETURN 1" }] });
    const file = path.join(notebooks.dir, `${created.id}.json`);
    const before = fs.readFileSync(file, "utf8");
    await expect(notebooks.save(created.id, { title: "Chips", cells: [{ id: "a", kind: "shell", source: "rm -rf /" }] })).rejects.toBeInstanceOf(
      NotebookFormatError,
    );
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    await notebooks.save(created.id, { title: "Chips", params: { id: "h20" }, cells: [] });
    expect((await notebooks.get(created.id)).params).toEqual({ id: "h20" });
    expect(fs.readdirSync(notebooks.dir)).toEqual(["chips.json"]);
  });

  it("gives titles that slug alike their own ids, and copies under a new one", async () => {
    const notebooks = new NotebookDirectory(path.join(root, "notebooks"));
    const one = await notebooks.create({ title: "H20 / China", cells: [] });
    const two = await notebooks.create({ title: "H20: China", cells: [] });
    const ja = await notebooks.create({ title: "エヌビディア", cells: [] });
    const copy = await notebooks.duplicate(one.id);
    expect([one.id, two.id, ja.id, copy.id]).toEqual(["h20-china", "h20-china-2", "notebook", "h20-china-copy"]);
    expect(copy.title).toBe("H20 / China (copy)");
  });

  it("treats ids that are not safe file names as unknown notebooks", async () => {
    const notebooks = new NotebookDirectory(path.join(root, "notebooks"));
    fs.writeFileSync(path.join(root, "secret.json"), JSON.stringify({ title: "outside", cells: [], params: {} }));
    await expect(notebooks.get("../secret")).rejects.toBeInstanceOf(NotebookNotFoundError);
    await expect(notebooks.save("../secret", { title: "x", cells: [] })).rejects.toBeInstanceOf(NotebookNotFoundError);
    expect(await notebooks.delete("../secret")).toBe(false);
    expect(fs.existsSync(path.join(root, "secret.json"))).toBe(true);
  });
});
