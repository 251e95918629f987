import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** `kgx ingest` as a user runs it, on a real embedded store seeded with the shipped knowledge. */
const BIN = path.resolve(import.meta.dirname, "../bin/kgx.mjs");

function kgx(dir: string, args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, KGX_DATA_DIR: path.join(dir, "store"), KGX_STORE: "", NEO4J_URI: "" },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Written for this test: a company the graph does not know beside names it does.
const ARTICLE = [
  "Brightwater Lattice buys Nvidia accelerators",
  "",
  "Nvidia designs the H20 for buyers in China. Brightwater Lattice has put the H20 into use in its data centres.",
  "",
  "Traders who call the chipmaker Team Greenfield expect more orders.",
].join("\n");

describe("kgx ingest", () => {
  let dir: string;
  const stats = () =>
    JSON.parse(kgx(dir, ["stats", "--json"]).stdout) as { entities: number; relationships: number; relationshipsByType: Record<string, number> };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-cli-ingest-"));
    const seeded = kgx(dir, ["seed"]);
    expect(seeded.code, seeded.stderr).toBe(0);
    fs.writeFileSync(path.join(dir, "article.txt"), ARTICLE);
  }, 180_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const nvidiaAliases = () =>
    (JSON.parse(kgx(dir, ["query", "MATCH (o:Organization {id: 'nvidia'}) RETURN o.aliases AS a", "--json"]).stdout) as { rows: unknown[][] }).rows[0]?.[0];

  it("analyses, commits what a file accepts (a new entity, a merge, relationships), and removes the article, leaving the graph as it was", () => {
    const before = stats();
    const aliasesBefore = nvidiaAliases();
    const table = kgx(dir, ["ingest", "article.txt", "--title", "Brightwater Lattice buys Nvidia accelerators", "--published", "2025-09-03"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain("→ nvidia (Nvidia)");
    expect(table.stdout).toContain("→ h20");
    const analysis = JSON.parse(kgx(dir, ["ingest", "analyze", "article.txt", "--title", "T", "--json"]).stdout) as {
      sentences: { index: number; text: string }[];
    };
    const sentence = analysis.sentences.find((s) => s.text.startsWith("Brightwater Lattice has put"))?.index;
    const makes = analysis.sentences.find((s) => s.text.startsWith("Nvidia designs"))?.index;
    expect(stats()).toEqual(before);

    fs.writeFileSync(
      path.join(dir, "plan.json"),
      JSON.stringify({
        newEntities: [{ ref: "bw", type: "Organization", name: "Brightwater Lattice" }],
        relationships: [
          { type: "ADOPTS", from: "bw", to: "h20", sentence, claim: "Brightwater Lattice runs H20 chips." },
          { type: "MAKES", from: "nvidia", to: "h20", sentence: makes, claim: "Nvidia makes the H20." },
        ],
        merges: [{ entity: "nvidia", alias: "Team Greenfield" }],
      }),
    );
    const args = [
      "ingest",
      "article.txt",
      "--title",
      "Brightwater Lattice buys Nvidia accelerators",
      "--published",
      "2025-09-03",
      "--commit",
      "--accept",
      "plan.json",
    ];
    const committed = kgx(dir, args);
    expect(committed.code, committed.stderr).toBe(0);
    expect(committed.stdout).toContain("committed src-brightwater-lattice-buys-nvidia-accelerators-2025-09-03");
    expect(committed.stdout).toMatch(/bw → brightwater-lattice/);
    expect(committed.stdout).toMatch(/relationships created:\s+1/);
    expect(committed.stdout).toMatch(/relationships extended:\s+1/);
    const after = stats();
    expect(after.entities).toBe(before.entities + 2);
    expect(after.relationshipsByType["MAKES"]).toBe(before.relationshipsByType["MAKES"]);
    expect(committed.stdout).toContain('aliases added:           nvidia "Team Greenfield"');
    expect(nvidiaAliases()).toContain("Team Greenfield");

    const again = kgx(dir, args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("[ARTICLE_EXISTS]");

    const removed = kgx(dir, ["ingest", "remove", "src-brightwater-lattice-buys-nvidia-accelerators-2025-09-03"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Organization brightwater-lattice "Brightwater Lattice"');
    expect(removed.stdout).toMatch(/relationships kept with other evidence: 1/);
    expect(removed.stdout).toContain('aliases taken back:                     nvidia "Team Greenfield"');
    expect(stats()).toEqual(before);
    expect(nvidiaAliases()).toEqual(aliasesBefore);
  }, 180_000);

  it("names the file and line of bad JSON, the plan field at fault, and the flag of a bad date, writing nothing", () => {
    const before = stats();
    fs.writeFileSync(path.join(dir, "broken.json"), '{\n  "relationships": [\n    {"type": "MAKES",}\n  ]\n}\n');
    const broken = kgx(dir, ["ingest", "commit", "article.txt", "--title", "T", "--plan", "broken.json"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json:3:\d+: not valid JSON/);

    fs.writeFileSync(
      path.join(dir, "bad-ref.json"),
      JSON.stringify({ relationships: [{ type: "MAKES", from: "nvidia", to: "nobody", sentence: 0, claim: "x" }] }),
    );
    const badRef = kgx(dir, ["ingest", "commit", "article.txt", "--title", "T", "--plan", "bad-ref.json"]);
    expect(badRef.code).toBe(1);
    expect(badRef.stderr).toContain("[INVALID_INPUT]: bad-ref.json: relationships[0].to: unknown id or ref");

    const badDate = kgx(dir, ["ingest", "analyze", "article.txt", "--title", "T", "--date", "2025-13-01"]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain("--date: expected a date as YYYY-MM-DD");

    const missing = kgx(dir, ["ingest", "analyze", "no-such-file.txt", "--title", "T"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read no-such-file.txt: no such file");
    const mentionsOnly = kgx(dir, ["ingest", "article.txt", "--title", "Mentions only", "--commit"]);
    expect(mentionsOnly.code, mentionsOnly.stderr).toBe(0);
    expect(mentionsOnly.stdout).toMatch(/entities created:\s+0/);
    expect(mentionsOnly.stdout).toMatch(/mentions written:\s+[1-9]/);
    const undone = kgx(dir, ["ingest", "remove", "src-mentions-only"]);
    expect(undone.code, undone.stderr).toBe(0);

    const badMerge = kgx(dir, ["ingest", "commit", "article.txt", "--title", "T", "--plan", "bad-merge.json"]);
    expect(badMerge.code).toBe(2);
    fs.writeFileSync(path.join(dir, "bad-merge.json"), JSON.stringify({ merges: [{ entity: "no-such-entity", alias: "Team Greenfield" }] }));
    const unknownMerge = kgx(dir, ["ingest", "article.txt", "--title", "T", "--commit", "--accept", "bad-merge.json"]);
    expect(unknownMerge.code).toBe(1);
    expect(unknownMerge.stderr).toContain("bad-merge.json: merges[0].entity: no entity with id");
    expect(stats()).toEqual(before);
  }, 180_000);
});
