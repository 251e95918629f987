import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ArticleAnalysis, ArticleAnalyzer } from "./article.ts";
import { evaluateMentions, parseGoldFile, type GoldFile, type MentionScore } from "./evaluation.ts";
import { IngestError } from "./errors.ts";

/**
 * Articles with a hand-annotated gold file beside them (`x.en.txt` + `x.en.gold.json`), as the
 * quality evaluation reads them; the project's own are in packages/ingest/gold.
 */

export const SHIPPED_GOLD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../gold");

const ARTICLE_EXTENSIONS = /\.(txt|md|markdown|html?)$/i;

export function isArticleFile(file: string): boolean {
  return ARTICLE_EXTENSIONS.test(file) && !file.endsWith(".gold.json");
}

/** The gold file that belongs to an article file. */
export function goldFileOf(article: string): string {
  return article.replace(ARTICLE_EXTENSIONS, "") + ".gold.json";
}

/** The shipped gold articles, in name order. */
export function shippedGoldArticles(): string[] {
  return fs
    .readdirSync(SHIPPED_GOLD_DIR)
    .filter(isArticleFile)
    .sort()
    .map((file) => path.join(SHIPPED_GOLD_DIR, file));
}

export interface GoldArticle {
  readonly file: string;
  readonly text: string;
  readonly gold: GoldFile;
  /** From the gold file, else from the file name (`.en.`/`.ja.`), else detected. */
  readonly language: "en" | "ja" | null;
}

export function readGoldArticle(file: string): GoldArticle {
  const goldFile = goldFileOf(file);
  if (!fs.existsSync(file)) throw new IngestError("INGEST_GOLD_INVALID", `No article at ${file}.`, { field: "file" });
  if (!fs.existsSync(goldFile)) {
    throw new IngestError("INGEST_GOLD_INVALID", `No gold file beside ${file}: expected ${goldFile} (see docs/ingest.md, Measured quality).`, {
      field: "file",
    });
  }
  const gold = parseGoldFile(fs.readFileSync(goldFile, "utf8"), path.basename(goldFile));
  const fromName = /\.(en|ja)\.[a-z]+$/i.exec(file)?.[1]?.toLowerCase();
  const language = gold.language ?? (fromName === "en" || fromName === "ja" ? fromName : null);
  return { file, text: fs.readFileSync(file, "utf8"), gold, language };
}

export interface GoldArticleResult {
  readonly article: GoldArticle;
  readonly analysis: ArticleAnalysis;
  readonly score: MentionScore;
}

/** Analyses one gold article and scores its known-entity mentions against the gold. */
export function evaluateGoldArticle(file: string, analyzer: ArticleAnalyzer, knownIds: ReadonlySet<string>): GoldArticleResult {
  const article = readGoldArticle(file);
  const analysis = analyzer.analyze({ text: article.text, title: path.basename(file), language: article.language });
  const score = evaluateMentions(analysis, article.gold, knownIds, path.basename(goldFileOf(file)));
  return { article, analysis, score };
}
