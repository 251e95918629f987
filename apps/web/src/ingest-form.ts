import { ApiError, ApiUnreachableError } from "./api-client.ts";
import type { ArticleFields } from "./ingest-client.ts";

/**
 * The article form of the ingest page: what a person typed, checked before anything is sent, and
 * the API's errors placed on the field they are about.
 */

export const ARTICLE_FIELDS = ["text", "title", "publisher", "url", "publishedAt", "language"] as const;
export type ArticleFieldName = (typeof ARTICLE_FIELDS)[number];

export type LanguageChoice = "auto" | "en" | "ja";

export interface ArticleForm {
  readonly text: string;
  readonly title: string;
  readonly publisher: string;
  readonly url: string;
  readonly publishedAt: string;
  readonly language: LanguageChoice;
}

export const EMPTY_FORM: ArticleForm = { text: "", title: "", publisher: "", url: "", publishedAt: "", language: "auto" };

export type FieldErrors = Partial<Record<ArticleFieldName, string>>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with the form, field by field; empty when it may be sent. */
export function checkArticleForm(form: ArticleForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.text.trim() === "") errors.text = "Paste the article's text, or open a file with it.";
  if (form.title.trim() === "") errors.title = "Give the article's title: it names the source every relationship will cite.";
  const url = form.url.trim();
  if (url !== "") {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
      errors.url = "Give the article's address as an http(s) URL, e.g. https://example.com/story, or leave it empty.";
  }
  const date = form.publishedAt.trim();
  if (date !== "" && !isCalendarDate(date)) errors.publishedAt = "Give the publication date as YYYY-MM-DD, e.g. 2025-07-15, or leave it empty.";
  return errors;
}

/** The form as the API takes it: trimmed, empty optional fields left out, "auto" language left to the API. */
export function articleFields(form: ArticleForm): ArticleFields {
  const optional = (value: string) => (value.trim() === "" ? null : value.trim());
  return {
    text: form.text,
    title: form.title.trim(),
    publisher: optional(form.publisher),
    url: optional(form.url),
    publishedAt: optional(form.publishedAt),
    language: form.language === "auto" ? null : form.language,
  };
}

export function sameArticle(a: ArticleFields, b: ArticleFields): boolean {
  return ARTICLE_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));
}

/** Where an API error belongs on the page. */
export type ErrorPlace =
  | { readonly kind: "article"; readonly field: ArticleFieldName }
  | { readonly kind: "newEntity"; readonly index: number }
  | { readonly kind: "relationship"; readonly index: number }
  | { readonly kind: "token" }
  | { readonly kind: "page" };

/**
 * Reads `extensions.field` of a BAD_USER_INPUT error (`input.title`, `article.publishedAt`,
 * `input.newEntities[1].type`, `relationships.0.claim`…) and says which part of the page it is
 * about; an error without a field, or one naming nothing on the page, belongs to the page.
 */
export function placeError(error: unknown): ErrorPlace {
  if (error instanceof ApiError && (error.code === "UNAUTHENTICATED" || error.code === "FORBIDDEN")) return { kind: "token" };
  if (!(error instanceof ApiError) || !error.field) return { kind: "page" };
  const path = error.field.split(/[.[\]]+/).filter((p) => p !== "");
  const listAt = (name: string): number | undefined => {
    const at = path.indexOf(name);
    const index = at >= 0 ? Number(path[at + 1]) : Number.NaN;
    return Number.isInteger(index) && index >= 0 ? index : undefined;
  };
  const entity = listAt("newEntities");
  if (entity !== undefined) return { kind: "newEntity", index: entity };
  const relationship = listAt("relationships");
  if (relationship !== undefined) return { kind: "relationship", index: relationship };
  const last = path[path.length - 1];
  const field = ARTICLE_FIELDS.find((f) => f === last);
  return field ? { kind: "article", field } : { kind: "page" };
}

/**
 * Every problem an API error reports, each placed: a refusal that lists several problems
 * (`extensions.problems`, each with its field and message) gives one entry per problem, any other
 * error one entry.
 */
export function placeErrors(error: unknown): { readonly place: ErrorPlace; readonly message: string }[] {
  if (error instanceof ApiError && Array.isArray(error.extensions["problems"])) {
    const listed = (error.extensions["problems"] as unknown[]).filter(
      (p): p is { field: string; message: string } =>
        typeof p === "object" && p !== null && typeof (p as { field?: unknown }).field === "string" && typeof (p as { message?: unknown }).message === "string",
    );
    if (listed.length > 0) return listed.map((p) => ({ place: placeError(new ApiError(p.message, error.code, p.field)), message: p.message }));
  }
  return [{ place: placeError(error), message: describeError(error) }];
}

/** An error in words a person can act on; never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof ApiUnreachableError) return "The kgx API cannot be reached; nothing was written. Try again when it is back.";
  if (error instanceof ApiError) {
    if (error.code === "UNAUTHENTICATED") return `The API refused the write: ${error.message}`;
    return error.message;
  }
  if (error instanceof Error) return error.message.split("\n")[0] ?? "Something went wrong.";
  return "Something went wrong.";
}

/** File kinds "Open file…" reads in the browser. */
export const ARTICLE_FILE_ACCEPT = ".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html";

/**
 * A title proposed for an opened file: an HTML file's <title> or first <h1>, a Markdown file's
 * first `# ` heading, or the file name without its extension.
 */
export function titleFromFile(fileName: string, content: string): string {
  const html = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(content) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(content);
  if (html?.[1]) {
    const text = html[1]
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, " ")
      .trim();
    if (text !== "") return text;
  }
  const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(content);
  if (heading?.[1]) return heading[1].trim();
  return fileName
    .replace(/\.[^.]+$/, "")
    .replace(/[-_]+/g, " ")
    .trim();
}
