import { createHash } from "node:crypto";
import { ID_PATTERN } from "@kgx/domain";
import type { ArticleInput } from "./article.ts";

/**
 * Ids for what a commit creates, in the style of the shipped knowledge (`jensen-huang`,
 * `src-cryptopolitan-2025-07-22`): readable slugs that ID_PATTERN accepts, unique in the store.
 */

/** Longest slug part of an id; ID_PATTERN allows 128 characters, and suffixes need room. */
const MAX_SLUG_LENGTH = 60;

/** A lowercase ascii slug of a name: `Acme Chips, Inc.` → `acme-chips-inc`; empty when nothing ascii is left (a Japanese-only name). */
export function slugOf(text: string): string {
  return (
    text
      .normalize("NFKD")
      // Combining marks that NFKD split off accented letters (é → e + ´).
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, MAX_SLUG_LENGTH)
      .replace(/-+$/, "")
  );
}

/** Eight hex digits of the SHA-256 of a text: stable, so the same name gets the same id on every run. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text.normalize("NFC"), "utf8").digest("hex").slice(0, 8);
}

/** `base`, or `base-2`, `base-3`, … : the first that `taken` does not hold. */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * The id of a new entity before uniqueness: the slug of its name, or `<type>-<hash of the name>`
 * (e.g. `person-3f2a9c1d`) when the name has no ascii letters or digits, as a Japanese-only name.
 */
export function newEntityIdBase(type: string, name: string): string {
  const slug = slugOf(name);
  const base = slug !== "" ? slug : `${type.toLowerCase()}-${shortHash(name)}`;
  return ID_PATTERN.test(base) ? base : `${type.toLowerCase()}-${shortHash(name)}`;
}

/**
 * The id of an article's Source entity: `src-<slug of the title, or of the URL's host and path>-<date>`,
 * e.g. `src-nvidia-resumes-h20-sales-2025-07-15`. A title without ascii letters falls back on the
 * URL, then on a hash of the title.
 */
export function sourceIdBase(article: Pick<ArticleInput, "title" | "url" | "publishedAt">): string {
  let slug = slugOf(article.title).slice(0, 48).replace(/-+$/, "");
  if (slug === "" && article.url) {
    const url = article.url.replace(/^[a-z]+:\/\//i, "").replace(/^www\./, "");
    slug = slugOf(url).slice(0, 48).replace(/-+$/, "");
  }
  if (slug === "") slug = shortHash(article.title);
  return article.publishedAt ? `src-${slug}-${article.publishedAt}` : `src-${slug}`;
}

/** The id of a relationship a commit creates, as upsertRelationship names them (`nvidia-makes-h20`), shortened with a hash when too long. */
export function relationshipIdOf(type: string, from: string, to: string): string {
  const id = `${from}-${type.toLowerCase().replace(/_/g, "-")}-${to}`;
  if (ID_PATTERN.test(id)) return id;
  return `${id.slice(0, 100).replace(/[^a-z0-9]+$/, "")}-${shortHash(id)}`;
}
