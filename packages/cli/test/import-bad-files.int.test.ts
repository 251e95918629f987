import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `kgx import` is all or nothing, and says where a file is wrong. Each bad file below goes through
 * the real CLI against a seeded store: the command must fail (exit 1), name the file, the line and
 * the field where the format has them, show no stack trace, and leave the store exactly as it was
 * (counts and a checksum of the whole export).
 */

const BIN = path.resolve(import.meta.dirname, "../bin/kgx.mjs");
const SOURCE = "src-cryptopolitan-2025-07-22";
const TWO_GIB = 2 * 1024 * 1024 * 1024;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface BadFile {
  readonly name: string;
  /** Text or bytes of the file; `sparse` makes a file of that many bytes that takes no disk. */
  readonly content: string | Buffer | { readonly sparse: number };
  /** What the error must say besides the file name: its line and field, as `file:line` and `"field"`. */
  readonly line?: number;
  readonly field?: string;
  readonly mentions?: string;
}

/** Four formats × the same kinds of damage. Seeded ids (nvidia, jensen-huang) exist in the store. */
const BAD_FILES: readonly BadFile[] = [
  // JSON
  {
    name: "malformed.json",
    content: '{\n  "entities": [\n    {"type": "Person", "id": "ok-person", "name": "Ok"},\n    {"type": "Person" "id": "broken"}\n  ]\n}\n',
    line: 4,
  },
  {
    name: "wrong-type.json",
    content:
      '{\n  "entities": [\n    {"type": "Person", "id": "ok-person", "name": "Ok"},\n    {"type": "Policy", "id": "bad-policy", "name": "P", "revenueSharePercent": "lots"}\n  ]\n}\n',
    line: 4,
    field: "revenueSharePercent",
  },
  {
    name: "unknown-type.json",
    content: '{\n  "entities": [\n    {"type": "Person", "id": "ok-person", "name": "Ok"},\n    {"type": "Spaceship", "id": "bad-ship", "name": "S"}\n  ]\n}\n',
    line: 4,
    field: "type",
  },
  {
    name: "dangling.json",
    content: `{\n  "entities": [{"type": "Person", "id": "ok-person", "name": "Ok"}],\n  "relationships": [\n    {"type": "WORKS_AT", "from": "ok-person", "to": "no-such-org", "sources": ["${SOURCE}"]}\n  ]\n}\n`,
    line: 4,
    field: "to",
  },
  {
    name: "duplicate.json",
    content:
      '{\n  "entities": [\n    {"type": "Person", "id": "dup-person", "name": "One"},\n    {"type": "Person", "id": "dup-person", "name": "Two"}\n  ]\n}\n',
    line: 4,
    field: "id",
  },
  { name: "binary.json", content: Buffer.from([0x7b, 0x0a, 0x22, 0x00, 0xff, 0xfe, 0x0a]), line: 2 },
  { name: "huge.json", content: { sparse: TWO_GIB }, mentions: "limit" },
  // JSON Lines
  {
    name: "malformed.jsonl",
    content: '{"kind": "entity", "type": "Person", "id": "ok-person", "name": "Ok"}\n{"kind": "entity", "type": "Person", "id": \n',
    line: 2,
  },
  {
    name: "wrong-type.jsonl",
    content:
      '{"kind": "entity", "type": "Person", "id": "ok-person", "name": "Ok"}\n{"kind": "entity", "type": "Person", "id": "bad-person", "name": ["not", "text"]}\n',
    line: 2,
    field: "name",
  },
  {
    name: "dangling.jsonl",
    content: `{"kind": "entity", "type": "Person", "id": "ok-person", "name": "Ok"}\n{"kind": "relationship", "type": "WORKS_AT", "from": "ok-person", "to": "nvidia", "sources": ["no-such-source"]}\n`,
    line: 2,
    field: "sources",
  },
  {
    name: "duplicate.jsonl",
    content:
      '{"kind": "entity", "type": "Person", "id": "dup-person", "name": "One"}\n{"kind": "entity", "type": "Person", "id": "dup-person", "name": "Two"}\n',
    line: 2,
    field: "id",
  },
  {
    name: "taken-id.jsonl",
    // nvidia is an Organization in the store: a Person may not take its id.
    content:
      '{"kind": "entity", "type": "Person", "id": "ok-person", "name": "Ok"}\n{"kind": "entity", "type": "Person", "id": "nvidia", "name": "Not Nvidia"}\n',
    line: 2,
    field: "type",
  },
  { name: "binary.jsonl", content: Buffer.from('{"kind": "entity"}\n\u0000\u0001\u0002', "latin1"), line: 2 },
  { name: "huge.jsonl", content: { sparse: TWO_GIB }, mentions: "limit" },
  // CSV
  {
    name: "malformed.csv",
    content: 'type,id,name,description\nPerson,ok-person,Ok,fine\nPerson,bad-person,"Unclosed,oops\n',
    line: 3,
  },
  {
    name: "wrong-type.csv",
    content: "type,id,name,revenueSharePercent\nPolicy,ok-policy,Ok,15\nPolicy,bad-policy,Bad,lots\n",
    line: 3,
    field: "revenueSharePercent",
  },
  {
    name: "dangling.csv",
    content: `type,from,to,sources\nWORKS_AT,jensen-huang,nvidia,${SOURCE}\nWORKS_AT,nobody-at-all,nvidia,${SOURCE}\n`,
    line: 3,
    field: "from",
  },
  {
    name: "duplicate.csv",
    content: "type,id,name\nPerson,dup-person,One\nPerson,dup-person,Two\n",
    line: 3,
    field: "id",
  },
  { name: "binary.csv", content: Buffer.from([0x74, 0x79, 0x70, 0x65, 0x0a, 0x00, 0xff, 0xfe]), line: 2 },
  { name: "huge.csv", content: { sparse: TWO_GIB }, mentions: "limit" },
  // Cypher: run as written in one transaction, so the engine's refusal names the statement's line.
  {
    name: "malformed.cypher",
    content: "CREATE (:Person {id: 'cy-ok', name: 'Ok'});\n\nCREATE (:Person {id: 'cy-bad', name: 'Unclosed});\n",
    line: 3,
  },
  {
    name: "wrong-type.cypher",
    content: "CREATE (:Person {id: 'cy-ok', name: 'Ok'});\nCREATE (:Policy {id: 'cy-policy', name: 'P', revenueSharePercent: 'lots'});\n",
    line: 2,
  },
  {
    name: "unknown-property.cypher",
    content: "CREATE (:Person {id: 'cy-ok', name: 'Ok'});\nCREATE (:Person {id: 'cy-bad', name: 'Bad', shoeSize: 44});\n",
    line: 2,
  },
  {
    name: "dangling.cypher",
    // A relationship whose source does not exist: the promise that every relationship has a source breaks.
    content:
      "CREATE (:Person {id: 'cy-ok', name: 'Ok'});\n" +
      "MATCH (p:Person {id: 'cy-ok'}), (o:Organization {id: 'nvidia'})\nCREATE (p)-[:WORKS_AT {id: 'cy-ok-works-at', sources: ['no-such-source']}]->(o);\n",
    field: "sources",
    mentions: 'WORKS_AT "cy-ok-works-at" cites "no-such-source", which is not a Source entity',
  },
  {
    name: "no-source.cypher",
    content:
      "CREATE (:Person {id: 'cy-ok', name: 'Ok'});\n" +
      "MATCH (p:Person {id: 'cy-ok'}), (o:Organization {id: 'nvidia'})\nCREATE (p)-[:WORKS_AT {id: 'cy-ok-works-at'}]->(o);\n",
    field: "sources",
    mentions: 'WORKS_AT "cy-ok-works-at" has no source',
  },
  {
    name: "duplicate.cypher",
    content: "CREATE (:Person {id: 'cy-ok', name: 'Ok'});\nCREATE (:Person {id: 'cy-ok', name: 'Again'});\n",
    line: 2,
  },
  { name: "binary.cypher", content: Buffer.from("RETURN 1;\n\u0000\u0000", "latin1"), line: 2 },
  { name: "huge.cypher", content: { sparse: TWO_GIB }, mentions: "limit" },
];

function kgx(dir: string, args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, KGX_DATA_DIR: path.join(dir, "store"), KGX_STORE: "", NEO4J_URI: "", KGX_DEBUG: "" },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Counts and a checksum of the whole export: any record added, removed or changed shows. */
function storeFingerprint(dir: string): { entities: number; relationships: number; checksum: string } {
  const run = kgx(dir, ["export", "--format", "json"]);
  expect(run.code, run.stderr).toBe(0);
  const graph = JSON.parse(run.stdout) as { entities: unknown[]; relationships: unknown[] };
  return {
    entities: graph.entities.length,
    relationships: graph.relationships.length,
    checksum: createHash("sha256").update(run.stdout).digest("hex"),
  };
}

function writeBadFile(dir: string, file: BadFile): string {
  const full = path.join(dir, file.name);
  if (typeof file.content === "object" && "sparse" in file.content) {
    fs.writeFileSync(full, "");
    fs.truncateSync(full, file.content.sparse);
  } else {
    fs.writeFileSync(full, file.content);
  }
  return full;
}

describe("kgx import refuses bad files and writes nothing of them", () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-bad-import-"));
    const seeded = kgx(dir, ["seed"]);
    expect(seeded.code, seeded.stderr).toBe(0);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`refuses ${BAD_FILES.length} bad files in 4 formats with file, line and field, and the store is unchanged`, () => {
    const before = storeFingerprint(dir);
    const failures: string[] = [];
    for (const file of BAD_FILES) {
      const full = writeBadFile(dir, file);
      const run = kgx(dir, ["import", file.name]);
      if (typeof file.content === "object" && "sparse" in file.content) {
        // The 2 GiB file is refused by its size alone; it never takes disk space or memory.
        expect(fs.statSync(full).blocks).toBeLessThan(16);
      }
      fs.rmSync(full);
      const says = (text: string) => run.stderr.includes(text);
      const problems: string[] = [];
      if (run.code !== 1) problems.push(`exit code ${run.code}`);
      if (!/error \[(INVALID_INPUT|CYPHER_SYNTAX)\]/.test(run.stderr)) problems.push("no INVALID_INPUT or CYPHER_SYNTAX error");
      if (!says(file.name)) problems.push("file not named");
      if (file.line !== undefined && !says(`${file.name}:${file.line}`)) problems.push(`line ${file.line} not named as ${file.name}:${file.line}`);
      if (file.field !== undefined && !says(`"${file.field}"`)) problems.push(`field "${file.field}" not named`);
      if (file.mentions !== undefined && !says(file.mentions)) problems.push(`"${file.mentions}" not mentioned`);
      if (/\n\s+at /.test(run.stderr) || run.stderr.includes("unexpected error")) problems.push("stack trace or unexpected error");
      if (run.stdout !== "") problems.push(`printed on stdout: ${run.stdout}`);
      if (problems.length > 0) failures.push(`${file.name}: ${problems.join("; ")}\n    ${run.stderr.trim().replaceAll("\n", "\n    ")}`);
    }
    expect(failures).toEqual([]);
    expect(storeFingerprint(dir)).toEqual(before);
  }, 300_000);

  it("does change the fingerprint when a good file is imported (the check above can fail)", () => {
    const before = storeFingerprint(dir);
    fs.writeFileSync(path.join(dir, "good.jsonl"), '{"kind": "entity", "type": "Person", "id": "good-person", "name": "Good Person"}\n');
    const run = kgx(dir, ["import", "good.jsonl"]);
    expect(run.code, run.stderr).toBe(0);
    const after = storeFingerprint(dir);
    expect(after.entities).toBe(before.entities + 1);
    expect(after.checksum).not.toBe(before.checksum);
  }, 120_000);
});
