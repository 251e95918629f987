import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GraphStoreError } from "@kgx/graph-store";
import { KNOWLEDGE_DIR } from "./locations.ts";
import { loadKnowledgeScript } from "./seed.ts";

const made: string[] = [];

function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-knowledge-load-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("loadKnowledgeScript", () => {
  it("reads the .cypher files in name order, one statement each, tagged with file and line", () => {
    const dir = folderWith({
      "020-people.cypher": "// people\nMERGE (p:Person {id: 'a'});\n\nMERGE (p:Person {id: 'b'});\n",
      "010-sources.cypher": "MERGE (s:Source {id: 's'});\n",
      "notes.md": "MERGE (x:Person {id: 'not cypher'});\n",
    });
    const script = loadKnowledgeScript(dir);
    expect(script.map((s) => [path.basename(s.file ?? ""), s.line, s.text])).toEqual([
      ["010-sources.cypher", 1, "MERGE (s:Source {id: 's'})"],
      ["020-people.cypher", 2, "MERGE (p:Person {id: 'a'})"],
      ["020-people.cypher", 4, "MERGE (p:Person {id: 'b'})"],
    ]);
  });

  it("names a missing folder in an INVALID_INPUT error", () => {
    const missing = path.join(os.tmpdir(), "kgx-knowledge-no-such-folder");
    expect(() => loadKnowledgeScript(missing)).toThrow(GraphStoreError);
    expect(() => loadKnowledgeScript(missing)).toThrow(expect.objectContaining({ code: "INVALID_INPUT", message: expect.stringContaining(missing) }));
  });

  it("loads the shipped knowledge by default", () => {
    const files = new Set(loadKnowledgeScript().map((s) => path.basename(s.file ?? "")));
    const shipped = fs.readdirSync(KNOWLEDGE_DIR).filter((f) => f.endsWith(".cypher"));
    expect(shipped.length).toBeGreaterThan(0);
    expect([...files].sort()).toEqual(shipped.sort());
  });
});
