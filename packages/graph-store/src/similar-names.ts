/**
 * Names that are close to a query without containing it: a typo ("lutnik" for Lutnick, "nvdia"
 * for Nvidia), hiragana for katakana ("じぇんせん" for ジェンセン), or a name written with or without
 * its middle dot or spaces ("ジェンセンフアン" for ジェンセン・フアン). `search` offers them after its
 * exact, prefix and substring hits, and as "did you mean" when it has none.
 *
 * Both adapters hold one of these in memory, built from the same rows and asked the same way, so
 * they suggest the same names in the same order. A query is compared only with the names that
 * share a three-character piece with it (an inverted index of those pieces), never with every name,
 * so the cost follows the number of near names rather than the size of the graph.
 */

export interface NameRow {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly nameJa: string | null;
  readonly aliases: readonly string[] | null;
}

export interface SimilarHit {
  readonly id: string;
  readonly type: string;
  /** The stored name or alias that came closest. */
  readonly matched: string;
  /** Edits between the query and that name (or the start of it) after folding; 0 when only the folding differed. */
  readonly distance: number;
}

/** Separators that a person may or may not type: spaces, middle dots (full and half width), hyphens, dots, apostrophes. */
const SEPARATORS = /[\s\u30fb\u00b7\uff65\u2027\-\u2010-\u2015_.,'\u2019"]/gu;

/**
 * The form names and queries are compared in: NFKC (half-width katakana and full-width letters to
 * their usual forms), lower case, katakana as hiragana, and no separators.
 */
export function foldName(text: string): string {
  const folded = text.normalize("NFKC").toLowerCase().replace(SEPARATORS, "");
  let out = "";
  for (const ch of folded) {
    const code = ch.codePointAt(0) ?? 0;
    // Katakana ァ..ヶ sit 0x60 above their hiragana; ー and the rest stay as they are.
    out += code >= 0x30a1 && code <= 0x30f6 ? String.fromCodePoint(code - 0x60) : ch;
  }
  return out;
}

/** How many edits a query of this many characters may be away from a name. */
export function allowedEdits(length: number): number {
  if (length < 3) return 0;
  if (length <= 5) return 1;
  if (length <= 10) return 2;
  return 3;
}

function gramsOf(text: string): string[] {
  const chars = [...text];
  if (chars.length < 3) return chars.length === 0 ? [] : [chars.join("")];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(""));
  return [...grams];
}

/** Optimal-string-alignment distance (a swap of two neighbours is one edit), stopping early past `limit`. */
export function editDistance(a: readonly string[], b: readonly string[], limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    current[0] = i;
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (rowBest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

interface Key {
  readonly entry: number;
  /** The folded key, split into characters (code points). */
  readonly chars: readonly string[];
  readonly folded: string;
  readonly original: string;
  /** 1 when the key is one word of a longer name (see Fit). */
  readonly partial: number;
}

interface Entry {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  /** Replaced or deleted since; its keys stay in the postings and are passed over. */
  removed: boolean;
}

/** How many of the names sharing most pieces with a query are compared with it in full. */
const CANDIDATES_COMPARED = 400;

/**
 * How a key met the query: 0 as a whole name or alias, 1 as one word of one, 2 as its start or a
 * part of it. At the same distance a better fit ranks first, so "lutnik" puts the person named
 * Lutnick before a statement whose title starts with the name.
 */
type Fit = 0 | 1 | 2;

interface Match {
  readonly distance: number;
  readonly fit: Fit;
  readonly matched: string;
}

/** Fewer edits first, then the better fit, then the shorter name. */
function compareMatches(a: Match, b: Match): number {
  return a.distance - b.distance || a.fit - b.fit || a.matched.length - b.matched.length || (a.matched < b.matched ? -1 : a.matched > b.matched ? 1 : 0);
}

/** Edits from the query to the key as a whole, or to the start of it (a name still being typed); 0 when the key contains it. */
function fitOf(key: Key, folded: string, chars: readonly string[], edits: number): { distance: number; fit: Fit } {
  const whole: Fit = key.partial === 1 ? 1 : 0;
  if (key.folded === folded) return { distance: 0, fit: whole };
  if (key.folded.includes(folded)) return { distance: 0, fit: 2 };
  const distance = editDistance(chars, key.chars, edits);
  let start = edits + 1;
  for (let length = Math.max(1, chars.length - 1); length <= chars.length + 1 && length < key.chars.length; length++) {
    start = Math.min(start, editDistance(chars, key.chars.slice(0, length), edits));
  }
  return start < distance ? { distance: start, fit: 2 } : { distance, fit: whole };
}

export class SimilarNameIndex {
  private readonly entries: Entry[] = [];
  private readonly keys: Key[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly current = new Map<string, number>();

  constructor(rows: Iterable<NameRow> = []) {
    this.upsert(rows);
  }

  get size(): number {
    return this.current.size;
  }

  /** Adds or replaces entities with their names as now stored. */
  upsert(rows: Iterable<NameRow>): void {
    for (const row of rows) {
      this.remove([row.id]);
      this.add(row);
    }
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const index = this.current.get(id);
      const entry = index === undefined ? undefined : this.entries[index];
      if (entry) entry.removed = true;
      this.current.delete(id);
    }
  }

  private add(row: NameRow): void {
    const entry = this.entries.length;
    this.entries.push({ id: row.id, type: row.type, name: row.name ?? "", removed: false });
    this.current.set(row.id, entry);
    // Each key with the stored name it comes from: the name itself, and each of its words, so that
    // "lutnik" is near "Howard Lutnick" and "ふあん" near "ジェンセン・フアン".
    const originals = new Map<string, string>();
    for (const name of [row.name, row.nameJa, ...(row.aliases ?? [])]) {
      if (!name) continue;
      if (!originals.has(name)) originals.set(name, name);
      for (const word of name.split(/[\s\u30fb\u00b7\uff65]+/u)) if (word && !originals.has(word)) originals.set(word, name);
    }
    const seen = new Set<string>();
    for (const [text, original] of originals) {
      const folded = foldName(text);
      if (folded === "" || seen.has(folded)) continue;
      seen.add(folded);
      const key = this.keys.length;
      this.keys.push({ entry, chars: [...folded], folded, original, partial: text === original ? 0 : 1 });
      for (const gram of gramsOf(folded)) {
        const list = this.postings.get(gram);
        if (list) list.push(key);
        else this.postings.set(gram, [key]);
      }
    }
  }

  /**
   * Up to `limit` entities whose names come within `allowedEdits` of the query after folding,
   * nearest first, then by name and id; `skip` holds ids already found some other way.
   */
  similar(query: string, limit: number, types: readonly string[], skip: ReadonlySet<string>): SimilarHit[] {
    const folded = foldName(query);
    const chars = [...folded];
    const edits = allowedEdits(chars.length);
    if (chars.length < 2 || limit <= 0) return [];
    const shared = new Map<number, number>();
    for (const gram of gramsOf(folded)) for (const key of this.postings.get(gram) ?? []) shared.set(key, (shared.get(key) ?? 0) + 1);
    const ranked = [...shared.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATES_COMPARED);
    const wanted = types.length > 0 ? new Set(types) : undefined;
    const best = new Map<number, Match>();
    for (const [keyIndex] of ranked) {
      const key = this.keys[keyIndex];
      if (!key) continue;
      const entry = this.entries[key.entry];
      if (!entry || entry.removed || skip.has(entry.id) || (wanted && !wanted.has(entry.type))) continue;
      const { distance, fit } = fitOf(key, folded, chars, edits);
      if (distance > edits) continue;
      const previous = best.get(key.entry);
      const candidate = { distance, fit, matched: key.original };
      if (!previous || compareMatches(candidate, previous) < 0) best.set(key.entry, candidate);
    }
    return [...best.entries()]
      .map(([entryIndex, match]) => {
        const entry = this.entries[entryIndex] as Entry;
        return { ...match, id: entry.id, type: entry.type, name: entry.name };
      })
      .sort((a, b) => compareMatches(a, b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map(({ id, type, matched, distance }) => ({ id, type, matched, distance }));
  }
}
