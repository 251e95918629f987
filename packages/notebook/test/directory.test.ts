import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotebookDirectory, NotebookNotFoundError } from "../src/directory.ts";
import { NotebookFormatError } from "../src/index.ts";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-notebook-dir-"));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function shipped(files: Record<string, string>): string {
  const dir = path.join(root, "shipped");
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("the notebook directory", () => {
  it("fills a new directory with the shipped notebooks once, and never again", async () => {
    const from = shipped({ "010-first.cypher": "// kgx notebook\n// title: First\n\n// %% cypher\nRETURN 1\n", "README.md": "not a notebook" });
    const notebooks = new NotebookDirectory(path.join(root, "data", "notebooks"));
    expect(await notebooks.initialise(from)).toEqual(["first"]);
    expect(await notebooks.list()).toMatchObject([{ id: "first", title: "First", cellCount: 1 }]);
    await notebooks.delete("first");
    expect(await notebooks.initialise(from)).toEqual([]);
    expect(await notebooks.list()).toEqual([]);
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
    await expect(notebooks.save(created.id, { title: "Chips", cells: [{ id: "a", kind: "shell", source: "rm -rf /" }] })).rejects.toBeInstanceOf(NotebookFormatError);
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
