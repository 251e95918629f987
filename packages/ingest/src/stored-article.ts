import type { GraphStore } from "@kgx/graph-store";
import type { ArticleInput } from "./article.ts";
import { given } from "./article-input.ts";

/** What the store holds already, looked up before a commit: the same article, and which ids are still free. */

/**
 * The stored Source of the same article, if any: one with the same URL, or, for an article
 * without one, with the same title and publication date.
 */
export async function findStoredArticle(store: GraphStore, article: ArticleInput): Promise<string | undefined> {
  const url = given(article.url);
  if (url) {
    const byUrl = await store.runReadQuery("MATCH (s:Source) WHERE s.url = $url RETURN s.id AS id ORDER BY id LIMIT 1", { url });
    const id = byUrl.rows[0]?.[0];
    if (typeof id === "string") return id;
  }
  const title = article.title.trim();
  const byTitle = await store.runReadQuery(
    "MATCH (s:Source) WHERE s.title = $title RETURN s.id AS id, s.publishedAt AS publishedAt, s.url AS url ORDER BY id",
    { title },
  );
  const date = given(article.publishedAt) ?? null;
  for (const [id, publishedAt, storedUrl] of byTitle.rows) {
    // Same title, same date (or both undated), and not a different address: the same article.
    const sameDate = (typeof publishedAt === "string" ? publishedAt.slice(0, 10) : null) === date;
    const otherAddress = url !== undefined && typeof storedUrl === "string" && storedUrl !== url;
    if (typeof id === "string" && sameDate && !otherAddress) return id;
  }
  return undefined;
}

/** Ids from `bases` none of which the store or `reserved` holds yet: base, base-2, base-3, … */
export async function allocateIds(store: GraphStore, bases: readonly string[], reserved: Set<string>): Promise<string[]> {
  const out: string[] = [];
  for (const base of bases) {
    for (let round = 0; ; round++) {
      const tries = Array.from({ length: 8 }, (_, k) => {
        const n = round * 8 + k + 1;
        return n === 1 ? base : `${base}-${n}`;
      });
      const stored = await store.entityTypesOf(tries);
      const free = tries.find((id) => !stored.has(id) && !reserved.has(id));
      if (free) {
        reserved.add(free);
        out.push(free);
        break;
      }
    }
  }
  return out;
}
