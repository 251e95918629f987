import { isIsoDate } from "@kgx/domain";
import { MAX_ARTICLE_CHARS } from "./analyzer.ts";
import type { ArticleInput } from "./article.ts";
import { ArticleWriteError, refuseProblems, type IngestProblem } from "./write-errors.ts";

/**
 * The most text one article may have (the analysis's own limit). 200,000 characters as JSON are
 * about 200 KB of English or 600 KB of Japanese (three bytes a character), inside the API's 1 MiB
 * body limit (apps/api DEFAULT_MAX_BODY_BYTES).
 */
const MAX_ARTICLE_CHARACTERS = MAX_ARTICLE_CHARS;
const MAX_TITLE_CHARACTERS = 500;

/**
 * Checks an article as given before any analysis or write, naming the field at fault under
 * `prefix` (`input` for analyzeArticle, `input.article` for commitArticle).
 */
export function checkArticleInput(article: ArticleInput, prefix: string): void {
  const text = article.text;
  if (typeof text === "string" && text.length > MAX_ARTICLE_CHARACTERS) {
    throw new ArticleWriteError(
      "ARTICLE_TOO_LARGE",
      `${prefix}.text: the article has ${text.length} characters; at most ${MAX_ARTICLE_CHARACTERS} are analysed. Split it into parts.`,
      {
        field: `${prefix}.text`,
      },
    );
  }
  const problems: IngestProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field: `${prefix}.${field}`, message });
  if (typeof text !== "string" || text.trim() === "") problem("text", "the article has no text.");
  // A NUL or a run of other control characters is a binary file pasted or read by mistake.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  else if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) problem("text", "holds control characters: this looks like a binary file, not an article's text.");
  if (typeof article.title !== "string" || article.title.trim() === "") problem("title", "an article needs a title.");
  else if (article.title.length > MAX_TITLE_CHARACTERS) problem("title", `is ${article.title.length} characters long; at most ${MAX_TITLE_CHARACTERS}.`);
  if (article.publishedAt !== undefined && article.publishedAt !== null && !isIsoDate(article.publishedAt)) {
    problem("publishedAt", `expected a date as YYYY-MM-DD, got ${JSON.stringify(article.publishedAt)}.`);
  }
  if (article.language !== undefined && article.language !== null && article.language !== "en" && article.language !== "ja") {
    problem("language", `expected en or ja (or nothing, to detect it), got ${JSON.stringify(article.language)}.`);
  }
  if (article.url !== undefined && article.url !== null && article.url !== "") {
    let url: URL | undefined;
    try {
      url = new URL(article.url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
      problem("url", `expected an http or https address, got ${JSON.stringify(article.url.slice(0, 80))}.`);
  }
  if (problems.length > 0) refuseProblems(problems);
}

/** Empty strings mean "not given", as a form field left blank does. */
export function given(value: string | null | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
