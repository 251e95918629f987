import type { ArticleSentence } from "./article.ts";

/** How an article is written down as evidence on a relationship: ¶ locators, and the lists kept one entry per source. */

/** `¶2`, `¶2–3` or `¶2, ¶5`: the paragraphs, consecutive ones as a range. */
export function paragraphLocator(paragraphs: Iterable<number>): string {
  const sorted = [...new Set(paragraphs)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `¶${sorted[i]}` : `¶${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(", ");
}

/** The ¶ number of a sentence; the analysis counts paragraphs as docs/knowledge-model.md does, so ingested locators read like the shipped ones. */
export function paragraphOf(sentence: ArticleSentence): number {
  return sentence.paragraph;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : "")) : [];
}

/** A stored per-source list brought to one entry per source (empty where missing), then the new source's entry. */
export function extendedList(stored: unknown, sourceCount: number, entry: string): string[] {
  const list = stringList(stored).slice(0, sourceCount);
  while (list.length < sourceCount) list.push("");
  return [...list, entry];
}
