import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The real `kgx` binary, run as a user would, against a real embedded store in a temp directory. */
const BIN = path.resolve(import.meta.dirname, "../bin/kgx.mjs");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function kgx(dataDir: string, args: string[], cwd = dataDir): Run {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd,
    env: { ...process.env, KGX_DATA_DIR: path.join(dataDir, "store"), KGX_STORE: "", NEO4J_URI: "" },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function statsOf(dataDir: string): { entities: number; relationships: number; relationshipsWithoutSource: number } {
  const run = kgx(dataDir, ["stats", "--json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { entities: number; relationships: number; relationshipsWithoutSource: number };
}

describe("kgx CLI", () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-cli-"));
    const seeded = kgx(dir, ["seed"]);
    expect(seeded.code, seeded.stderr).toBe(0);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("seeds the knowledge graph with every relationship sourced, and seeding again changes nothing", () => {
    const first = statsOf(dir);
    expect(first.entities).toBeGreaterThanOrEqual(45);
    expect(first.relationships).toBeGreaterThanOrEqual(70);
    expect(first.relationshipsWithoutSource).toBe(0);
    const again = kgx(dir, ["seed"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("using embedded Kùzu store at");
    expect(statsOf(dir)).toEqual(first);
  });

  it("lists people and the organizations they belong to", () => {
    const run = kgx(dir, [
      "query",
      "MATCH (p:Person)-[r:LEADS|WORKS_AT]->(o:Organization) RETURN p.name AS person, r.role AS role, o.name AS organization ORDER BY person",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\| person\s+\| role\s+\| organization\s+\|/);
    expect(run.stdout).toMatch(/Jensen Huang\s+\| CEO\s+\| Nvidia/);
    expect(run.stdout).toContain("Howard Lutnick");
    expect(run.stderr).toMatch(/\d+ rows in [\d.]+ ms on embedded/);
  });

  it("answers --json queries with parameters", () => {
    const run = kgx(dir, ["query", "--json", "--param", "id=nvidia", "MATCH (n:Organization {id: $id}) RETURN n.name, n.nameJa"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ columns: ["n.name", "n.nameJa"], rows: [["Nvidia", expect.any(String)]], backend: "embedded" });
  });

  it("refuses a write through query with a clear message and exit code 1", () => {
    const run = kgx(dir, ["query", "MATCH (n) DETACH DELETE n"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("CYPHER_WRITE_REFUSED");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints help for every command and refuses unknown flags", () => {
    for (const command of ["seed", "import", "export", "query", "stats", "schema"]) {
      const help = kgx(dir, [command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: kgx ${command}`);
      const bad = kgx(dir, [command, "--no-such-flag"]);
      expect(bad.code, command).toBe(2);
      expect(bad.stderr).toContain("--no-such-flag");
    }
    expect(kgx(dir, ["frobnicate"]).code).toBe(2);
  });

  it("says clearly when another process holds the store", async () => {
    const holder = spawn(
      process.execPath,
      [BIN, "query", "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN sum(x + y)", "--timeout", "20000"],
      {
        env: { ...process.env, KGX_DATA_DIR: path.join(dir, "store") },
      },
    );
    try {
      await new Promise<void>((resolve) => holder.stderr.on("data", (chunk: Buffer) => chunk.toString().includes("using embedded") && resolve()));
      await new Promise((r) => setTimeout(r, 300));
      const run = kgx(dir, ["stats"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("STORE_LOCKED");
      expect(run.stderr).toContain(path.join(dir, "store"));
      expect(run.stderr).not.toContain("IO exception");
    } finally {
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
    }
  });

  describe("import", () => {
    it("imports a JSON file and exports it again", () => {
      const file = path.join(dir, "extra.json");
      fs.writeFileSync(
        file,
        JSON.stringify({
          entities: [{ type: "Person", id: "extra-analyst", name: "Extra Analyst", nameJa: "追加アナリスト" }],
          relationships: [{ type: "WORKS_AT", from: "extra-analyst", to: "futurum-group", sources: ["src-cryptopolitan-2025-07-22"], role: "analyst" }],
        }),
      );
      const before = statsOf(dir);
      const run = kgx(dir, ["import", file]);
      expect(run.code, run.stderr).toBe(0);
      expect(statsOf(dir)).toMatchObject({ entities: before.entities + 1, relationships: before.relationships + 1 });
      const exported = kgx(dir, ["export", "--format", "json"]);
      expect(exported.code, exported.stderr).toBe(0);
      const graph = JSON.parse(exported.stdout) as { entities: { id: string }[] };
      expect(graph.entities.some((e) => e.id === "extra-analyst")).toBe(true);
      const graphml = kgx(dir, ["export", "--out", path.join(dir, "out.graphml")]);
      expect(graphml.code, graphml.stderr).toBe(0);
      expect(fs.readFileSync(path.join(dir, "out.graphml"), "utf8")).toContain("<graphml");
    });

    it("names file, line and field of a bad row and writes nothing of that file", () => {
      const file = path.join(dir, "bad.json");
      fs.writeFileSync(
        file,
        [
          "{",
          '  "entities": [',
          '    {"type": "Person", "id": "good-one", "name": "Good One"},',
          '    {"type": "Person", "id": "bad-one", "name": 42}',
          "  ],",
          '  "relationships": []',
          "}",
        ].join("\n"),
      );
      const before = statsOf(dir);
      const run = kgx(dir, ["import", file]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("bad.json:4");
      expect(run.stderr).toContain('"name"');
      expect(statsOf(dir)).toEqual(before);
    });

    it("refuses a binary file and a file it cannot read, without a stack trace", () => {
      const binary = path.join(dir, "blob.csv");
      fs.writeFileSync(binary, Buffer.from([0x74, 0x79, 0x70, 0x65, 0x00, 0xff, 0xfe]));
      const run = kgx(dir, ["import", binary]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("blob.csv");
      const missing = kgx(dir, ["import", path.join(dir, "nope.json")]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("nope.json");
      for (const r of [run, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  });

  it("leaves the store exactly as it was when killed halfway through an import, and the import can run again", async () => {
    const killDir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-kill-"));
    try {
      expect(kgx(killDir, ["seed"]).code).toBe(0);
      const before = statsOf(killDir);
      const file = path.join(killDir, "big.jsonl");
      const entityCount = 30_000;
      const lines: string[] = [];
      for (let i = 0; i < entityCount; i++) {
        lines.push(JSON.stringify({ kind: "entity", type: "Organization", id: `bulk-org-${i}`, name: `Bulk Organization ${i}`, nameJa: `一括組織${i}` }));
      }
      for (let i = 1; i < entityCount; i++) {
        lines.push(
          JSON.stringify({
            kind: "relationship",
            type: "COMPETES_WITH",
            from: `bulk-org-${i}`,
            to: `bulk-org-${i - 1}`,
            sources: ["src-cryptopolitan-2025-07-22"],
          }),
        );
      }
      fs.writeFileSync(file, `${lines.join("\n")}\n`);

      const child = spawn(process.execPath, [BIN, "import", file], { env: { ...process.env, KGX_DATA_DIR: path.join(killDir, "store") } });
      let stderr = "";
      const progressSeen = new Promise<void>((resolve, reject) => {
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (/importing .*: +\d+% [\d,]+\/[\d,]+/.test(stderr) && !/importing .*: 100%/.test(stderr)) resolve();
        });
        child.once("exit", (code) => reject(new Error(`import ended (exit ${code}) before it could be killed:\n${stderr}`)));
      });
      await progressSeen;
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      expect(child.signalCode).toBe("SIGKILL");

      expect(statsOf(killDir)).toEqual(before);

      const again = kgx(killDir, ["import", file]);
      expect(again.code, again.stderr).toBe(0);
      expect(statsOf(killDir)).toMatchObject({
        entities: before.entities + entityCount,
        relationships: before.relationships + entityCount - 1,
        relationshipsWithoutSource: 0,
      });
    } finally {
      fs.rmSync(killDir, { recursive: true, force: true });
    }
  }, 300_000);
});
