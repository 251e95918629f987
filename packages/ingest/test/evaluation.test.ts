import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { createArticleAnalyzer, isIngestError, type ArticleAnalyzer, type EntityMention } from "../src/index.ts";
import { meetsMentionTarget, MENTION_QUALITY_TARGET, parseGoldFile, placeGoldMentions, scoreMentions } from "../src/evaluation.ts";
import { evaluateGoldArticle, shippedGoldArticles } from "../src/gold-articles.ts";
import { loadShippedKnowledge } from "../src/shipped-knowledge.ts";

/**
 * Measured quality (issue #14): recall and precision of known-entity mentions on the shipped gold
 * articles, annotated by hand, held to the target; and the counting rules of the gold format.
 */
let analyzer: ArticleAnalyzer;
let knownIds: Set<string>;

beforeAll(async () => {
  const knowledge = await loadShippedKnowledge();
  analyzer = await createArticleAnalyzer(knowledge.entities);
  knownIds = new Set(knowledge.entities.map((entity) => entity.id));
});

describe("the shipped gold articles", () => {
  const files = shippedGoldArticles();

  it("include an English article of 400 words or more and a Japanese one of 800 characters or more", () => {
    const english = files.filter((file) => file.includes(".en."));
    const japanese = files.filter((file) => file.includes(".ja."));
    expect(english.length).toBeGreaterThan(0);
    expect(japanese.length).toBeGreaterThan(0);
    for (const file of english) expect(fs.readFileSync(file, "utf8").split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(400);
    for (const file of japanese) expect(fs.readFileSync(file, "utf8").replace(/\s/g, "").length).toBeGreaterThanOrEqual(800);
  });

  it.each(files.map((file) => [path.basename(file), file]))("%s: the analysis reaches the recall and precision target", (_, file) => {
    const { score } = evaluateGoldArticle(file, analyzer, knownIds);
    const problems = [
      ...score.missed.map((m) => `missed "${m.text}" → ${m.entityId} at ${m.start}`),
      ...score.spurious.map((m) => `spurious "${m.text}" → ${m.entityId} at ${m.start}`),
    ];
    expect(score.gold).toBeGreaterThan(40);
    expect(score.recall, problems.join("\n")).toBeGreaterThanOrEqual(MENTION_QUALITY_TARGET.recall);
    expect(score.precision, problems.join("\n")).toBeGreaterThanOrEqual(MENTION_QUALITY_TARGET.precision);
  });
});

describe("placing gold mentions on the text", () => {
  const text = "Nvidia H20 sales: Nvidia said the US and the U.S. Treasury agree. 米国債と米国。";

  it("gives an occurrence inside a longer listed text to the longer one, and the rest in reading order", () => {
    const placed = placeGoldMentions(
      text,
      {
        mentions: [
          { text: "Nvidia H20", entityId: "h20" },
          { text: "Nvidia", entityId: "nvidia" },
          { text: "米国債", entityId: null },
          { text: "米国", entityId: "united-states" },
        ],
      },
      "t.gold.json",
    );
    expect(placed.map((m) => [m.text, m.entityId, text.slice(m.start, m.end)])).toEqual([
      ["Nvidia H20", "h20", "Nvidia H20"],
      ["Nvidia", "nvidia", "Nvidia"],
      ["米国", "united-states", "米国"],
    ]);
    expect(placed[1]!.start).toBe(text.indexOf("Nvidia said"));
    expect(placed[2]!.start).toBe(text.lastIndexOf("米国"));
  });

  it("finds English texts on word boundaries only", () => {
    const placed = placeGoldMentions("USB sticks and US rules", { mentions: [{ text: "US", entityId: "united-states" }] }, "t.gold.json");
    expect(placed).toEqual([{ text: "US", entityId: "united-states", start: 15, end: 17 }]);
  });

  it("refuses a gold file that skips an occurrence, showing where each stands", () => {
    const attempt = () => placeGoldMentions(text, { mentions: [{ text: "Nvidia", entityId: "nvidia" }] }, "t.gold.json");
    expect(attempt).toThrow(/lists "Nvidia" 1 time\(s\).*has 2 such occurrence\(s\).*\[Nvidia\] H20/);
    try {
      attempt();
    } catch (error) {
      expect(isIngestError(error) && error.code).toBe("INGEST_GOLD_MISMATCH");
    }
  });

  it("pins an entry to an offset with start, and refuses a start where the text is not", () => {
    const second = text.indexOf("Nvidia said");
    const placed = placeGoldMentions(
      text,
      {
        mentions: [
          { text: "Nvidia", entityId: "nvidia", start: second },
          { text: "Nvidia", entityId: null },
        ],
      },
      "t.gold.json",
    );
    expect(placed).toEqual([{ text: "Nvidia", entityId: "nvidia", start: second, end: second + 6 }]);
    expect(() => placeGoldMentions(text, { mentions: [{ text: "Nvidia", entityId: "nvidia", start: 3 }] }, "t.gold.json")).toThrow(/not at offset 3/);
  });

  it("reads only the documented shape, naming the entry and field at fault", () => {
    expect(parseGoldFile('{"mentions":[{"text":"H20","entityId":"h20"},{"text":"中国","entityId":null}]}', "a.gold.json").mentions).toHaveLength(2);
    expect(() => parseGoldFile("{", "a.gold.json")).toThrow(/a\.gold\.json: not valid JSON/);
    expect(() => parseGoldFile('{"mentions":[{"text":"","entityId":"h20"}]}', "a.gold.json")).toThrow(/mentions\[0\]\.text/);
    expect(() => parseGoldFile('{"mentions":[{"text":"H20"}]}', "a.gold.json")).toThrow(/mentions\[0\]\.entityId/);
    expect(() => parseGoldFile('{"mentions":[{"text":"H20","entityId":"h20","start":-1}]}', "a.gold.json")).toThrow(/mentions\[0\]\.start/);
  });
});

describe("counting matches", () => {
  const gold = [
    { text: "U.S. government", entityId: "us-government", start: 0, end: 15 },
    { text: "Nvidia", entityId: "nvidia", start: 20, end: 26 },
    { text: "H20", entityId: "h20", start: 30, end: 33 },
  ];
  const found = (entityId: string, start: number, end: number): EntityMention => ({ entityId, text: "", sentence: 0, start, end });

  it("counts a found mention of the right entity overlapping a gold one, once; a wrong entity is a miss and a spurious mention", () => {
    const score = scoreMentions(gold, [found("united-states", 0, 4), found("nvidia", 20, 26), found("nvidia", 20, 26), found("h20", 30, 33)]);
    expect(score).toMatchObject({ gold: 3, found: 4, matched: 2 });
    expect(score.recall).toBeCloseTo(2 / 3);
    expect(score.precision).toBeCloseTo(2 / 4);
    expect(score.missed.map((m) => m.entityId)).toEqual(["us-government"]);
    expect(score.spurious.map((m) => m.entityId)).toEqual(["united-states", "nvidia"]);
    expect(meetsMentionTarget(score)).toBe(false);
  });

  it("meets the target only when both figures reach it", () => {
    expect(meetsMentionTarget({ recall: 0.95, precision: 0.95 })).toBe(true);
    expect(meetsMentionTarget({ recall: 1, precision: 0.949 })).toBe(false);
    expect(meetsMentionTarget({ recall: 0.949, precision: 1 })).toBe(false);
  });
});

describe("npm run eval:ingest", () => {
  it("prints the figures, names what was missed, and exits non-zero when an article misses the target", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-eval-"));
    try {
      // The gold says "Mr. Kestrel" names Jensen Huang: no spelling of his does, so it is missed.
      fs.writeFileSync(path.join(dir, "short.en.txt"), "Nvidia makes the H20. Mr. Kestrel spoke in Beijing.\n");
      const gold = {
        mentions: [
          { text: "Nvidia", entityId: "nvidia" },
          { text: "H20", entityId: "h20" },
          { text: "Kestrel", entityId: "jensen-huang" },
          { text: "Beijing", entityId: "beijing" },
        ],
      };
      fs.writeFileSync(path.join(dir, "short.en.gold.json"), JSON.stringify(gold));
      const root = path.resolve(import.meta.dirname, "../../..");
      const run = promisify(execFile)(process.execPath, ["--import", "tsx", "packages/ingest/bin/eval-ingest.ts", path.join(dir, "short.en.txt")], {
        cwd: root,
      });
      const failure = await run.then(
        () => null,
        (error: { code: number; stdout: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stdout).toMatch(/short\.en\.txt\s+en\s+4\s+3\s+3\s+0\.750\s+1\.000/);
      expect(failure?.stdout).toMatch(/missed .*"Kestrel" → jensen-huang/);
      expect(failure?.stdout).toMatch(/Target missed/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
