import type { EntityTypeName } from "@kgx/domain";
import type { SearchRank } from "../port.ts";
import { SimilarNameIndex, type SimilarHit } from "../similar-names.ts";

/**
 * The names of every entity, lower-cased, held in memory for `search`.
 *
 * Kùzu has no index for CONTAINS or for lower-cased prefixes, so a search statement scans every
 * node table and unwinds every alias list (about 190 ms at 25k entities). The embedded adapter
 * holds the only read-write handle on its directory, so every write passes through it and this
 * copy can be kept exact: it is loaded from the store, patched after each batch write and reloaded
 * after a script. A search then ranks in memory and fetches only the hits, by primary key.
 *
 * Keys are lower-cased exactly as the former statement did with Kùzu's `lower()` (the query text
 * alone is NFKC-normalised), so the same entities match with the same rank; ties are broken by
 * name, then id, in code-unit order as Kùzu compares strings.
 */

export interface SearchIndexRow {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string | null;
  readonly nameJa: string | null;
  readonly aliases: readonly string[] | null;
}

interface Entry {
  readonly id: string;
  readonly type: EntityTypeName;
  /** Stored name, for ordering; null sorts after every name, as Kùzu orders NULL last. */
  readonly name: string | null;
  /** Lower-cased name and Japanese name (empty when absent). */
  readonly en: string;
  readonly ja: string;
  /** Lower-cased aliases; one empty alias when there are none, as the statement unwound them. */
  readonly aliases: readonly string[];
  /**
   * Every key joined: one `includes` on it turns away most entries before the ranked checks. A
   * query spanning the separator can pass this test falsely, never fail it falsely.
   */
  readonly haystack: string;
}

export interface IndexHit {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly rank: SearchRank;
}

const RANKS: readonly SearchRank[] = ["exact", "alias", "prefix", "contains"];
const NO_MATCH = 9;

function toEntry(row: SearchIndexRow): Entry {
  const aliases = row.aliases && row.aliases.length > 0 ? row.aliases.map((a) => (a ?? "").toLowerCase()) : [""];
  const en = (row.name ?? "").toLowerCase();
  const ja = (row.nameJa ?? "").toLowerCase();
  return { id: row.id, type: row.type, name: row.name, en, ja, aliases, haystack: [en, ja, ...aliases].join("\n") };
}

/**
 * The rank of one entity for a query: 0 exact name, 1 exact alias, 2 prefix, 3 contains, 9 none.
 * Mirrors the CASE of the former statement, which took the best rank over the entity's aliases.
 * A NULL name made every comparison on it NULL there, so such a name never matched.
 */
function rankOf(entry: Entry, q: string): number {
  const en = entry.name === null ? null : entry.en;
  const ja = entry.ja;
  if (en === q || ja === q) return 0;
  if (entry.aliases.includes(q)) return 1;
  if ((en !== null && en.startsWith(q)) || ja.startsWith(q) || entry.aliases.some((a) => a.startsWith(q))) return 2;
  if ((en !== null && en.includes(q)) || ja.includes(q) || entry.aliases.some((a) => a.includes(q))) return 3;
  return NO_MATCH;
}

function compareNames(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

interface Candidate {
  readonly entry: Entry;
  readonly rank: number;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  const byName = compareNames(a.entry.name, b.entry.name);
  if (byName !== 0) return byName;
  return a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0;
}

export class SearchIndex {
  private readonly entries = new Map<string, Entry>();
  /** The same names for typo-tolerant suggestions, kept in step with `entries`. */
  private readonly similarNames = new SimilarNameIndex();

  constructor(rows: Iterable<SearchIndexRow> = []) {
    this.upsert(rows);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds or replaces entities with their names as now stored. */
  upsert(rows: Iterable<SearchIndexRow>): void {
    for (const row of rows) {
      this.entries.set(row.id, toEntry(row));
      this.similarNames.upsert([row]);
    }
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      this.entries.delete(id);
      this.similarNames.remove([id]);
    }
  }

  /** Names near the query that `search` did not find (see similar-names.ts). */
  similar(query: string, limit: number, types: readonly string[], skip: ReadonlySet<string>): SimilarHit[] {
    return this.similarNames.similar(query, limit, types, skip);
  }

  typeOf(id: string): EntityTypeName | undefined {
    return this.entries.get(id)?.type;
  }

  /**
   * The best `limit` matches for an already normalised, non-empty query, best first. Only the
   * current best `limit` are kept while scanning, so a one-letter query that matches most of the
   * graph does not sort all of it.
   */
  search(q: string, limit: number, types: readonly string[]): IndexHit[] {
    if (q === "" || limit <= 0) return [];
    const wanted = types.length > 0 ? new Set(types) : undefined;
    const best: Candidate[] = [];
    for (const entry of this.entries.values()) {
      if (wanted && !wanted.has(entry.type)) continue;
      if (!entry.haystack.includes(q)) continue;
      const rank = rankOf(entry, q);
      if (rank === NO_MATCH) continue;
      const candidate = { entry, rank };
      if (best.length === limit) {
        const worst = best[best.length - 1];
        if (worst && compareCandidates(candidate, worst) >= 0) continue;
        best.pop();
      }
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const probe = best[mid];
        if (probe && compareCandidates(probe, candidate) <= 0) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, candidate);
    }
    return best.map((c) => ({ id: c.entry.id, type: c.entry.type, rank: RANKS[c.rank] ?? "contains" }));
  }
}
