/**
 * `npm run eval:ingest -- [FILES…]`: recall and precision of known-entity mentions on articles with
 * a hand-annotated gold file beside them (`x.en.txt` + `x.en.gold.json`); without FILES, on the
 * gold articles shipped in packages/ingest/gold. Exits 1 when an article misses the target.
 *
 * `npm run eval:ingest -- --seeds [DIR]` (or KGX_SEEDS_DIR): entity-level figures on the seed
 * articles against the MENTIONS of the shipped knowledge — reported, not held to the target.
 */
import fs from "node:fs";
import path from "node:path";
import { createArticleAnalyzer, isIngestError, type ArticleAnalyzer } from "../src/index.ts";
import { MENTION_QUALITY_TARGET, meetsMentionTarget, scoreEntitySets } from "../src/evaluation.ts";
import { evaluateGoldArticle, shippedGoldArticles } from "../src/gold-articles.ts";
import { loadShippedKnowledge, type ShippedKnowledge } from "../src/shipped-knowledge.ts";
import { foldName } from "../src/text-folding.ts";

/** The only environment this command reads: npm's caller directory, and where the seed articles are. */
const env = {
  callerDir: process.env.INIT_CWD ?? process.cwd(),
  seedsDir: process.env.KGX_SEEDS_DIR ?? null,
};

const figure = (value: number): string => value.toFixed(3);

function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  "));
}

function evaluateGoldArticles(files: readonly string[], analyzer: ArticleAnalyzer, knowledge: ShippedKnowledge): number {
  const knownIds = new Set(knowledge.entities.map((entity) => entity.id));
  const rows: string[][] = [["article", "lang", "gold", "found", "matched", "recall", "precision"]];
  const problems: string[] = [];
  let allMet = true;
  let gold = 0;
  let found = 0;
  let matched = 0;
  for (const file of files) {
    const { analysis, score } = evaluateGoldArticle(file, analyzer, knownIds);
    const name = path.relative(env.callerDir, file) || file;
    rows.push([name, analysis.language, String(score.gold), String(score.found), String(score.matched), figure(score.recall), figure(score.precision)]);
    gold += score.gold;
    found += score.found;
    matched += score.matched;
    if (!meetsMentionTarget(score)) allMet = false;
    const paragraphOf = (at: number): number | undefined => analysis.sentences.find((s) => at >= s.start && at < s.end)?.paragraph;
    for (const m of score.missed) problems.push(`missed    ${name} ¶${paragraphOf(m.start)} "${m.text}" → ${m.entityId} at ${m.start}`);
    for (const m of score.spurious) problems.push(`spurious  ${name} ¶${paragraphOf(m.start)} "${m.text}" → ${m.entityId} at ${m.start}`);
  }
  if (files.length > 1)
    rows.push(["all", "", String(gold), String(found), String(matched), figure(matched / Math.max(gold, 1)), figure(matched / Math.max(found, 1))]);
  printTable(rows);
  for (const problem of problems) console.log(problem);
  const target = `recall ≥ ${MENTION_QUALITY_TARGET.recall} and precision ≥ ${MENTION_QUALITY_TARGET.precision} on every article`;
  console.log(allMet ? `Target met: ${target}.` : `Target missed: ${target}.`);
  return allMet ? 0 : 1;
}

function evaluateSeedArticles(dir: string, analyzer: ArticleAnalyzer, knowledge: ShippedKnowledge): number {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`No folder of seed articles at ${dir}.`);
  const files = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".txt"))
    .sort()
    .map((file) => path.join(dir, file));
  if (files.length === 0) throw new Error(`No *.txt seed articles in ${dir}.`);
  const rows: string[][] = [["seed article", "source", "expected", "found", "matched", "recall", "precision"]];
  const details: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const analysis = analyzer.analyze({ text, title: path.basename(file) });
    // The seed is the shipped Source of its language whose title the text carries; the longest title wins.
    const folded = foldName(text);
    const source = knowledge.sources
      .filter((s) => s.language === analysis.language && folded.includes(foldName(s.title)))
      .sort((a, b) => b.title.length - a.title.length)[0];
    if (!source) {
      details.push(`${path.basename(file)}: no shipped Source carries this article's title; skipped.`);
      continue;
    }
    const expected = knowledge.mentionsBySource.get(source.id) ?? new Set<string>();
    const score = scoreEntitySets(expected, new Set(analysis.mentions.map((m) => m.entityId)));
    rows.push([
      path.basename(file),
      source.id,
      String(score.expected),
      String(score.found),
      String(score.matched),
      figure(score.recall),
      figure(score.precision),
    ]);
    if (score.missed.length > 0) details.push(`${path.basename(file)} missed:   ${score.missed.join(", ")}`);
    if (score.spurious.length > 0) details.push(`${path.basename(file)} not in MENTIONS: ${score.spurious.join(", ")}`);
  }
  printTable(rows);
  for (const line of details) console.log(line);
  return 0;
}

async function main(args: readonly string[]): Promise<number> {
  const seedsAt = args.indexOf("--seeds");
  const knowledge = await loadShippedKnowledge();
  const analyzer = await createArticleAnalyzer(knowledge.entities);
  if (seedsAt !== -1) {
    const dir = args[seedsAt + 1] ?? env.seedsDir;
    if (!dir) throw new Error("--seeds needs the folder of the seed articles: `--seeds DIR` or KGX_SEEDS_DIR=DIR.");
    return evaluateSeedArticles(path.resolve(env.callerDir, dir), analyzer, knowledge);
  }
  const files = args.length > 0 ? args.map((file) => path.resolve(env.callerDir, file)) : shippedGoldArticles();
  return evaluateGoldArticles(files, analyzer, knowledge);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(isIngestError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
