import type { EntityTypeName } from "@kgx/domain";
import type { KnownEntity } from "./article.ts";
import type { JapaneseToken } from "./japanese-tokenizer.ts";
import { isJapaneseChar, isWordChar } from "./language.ts";
import { foldName, foldText } from "./text-folding.ts";

/**
 * Finding the known entities an article names: every name, Japanese name and alias of every
 * entity, compared folded (case, width, middle dots; see text-folding.ts), longest match first
 * and never overlapping. English names must stand on word boundaries ("AMD" is not in "AMDX");
 * where a name meets Japanese text, its ends must fall on kuromoji morpheme boundaries, so
 * "フアン" is not found inside another katakana word.
 */

/** Entity types that are not named in running text: an article's title or a statement's summary would swallow the names inside it. */
const UNMATCHED_TYPES: ReadonlySet<EntityTypeName> = new Set(["Source", "Statement"]);

/**
 * Suffix morphemes that make a name into the name of something else: 米国債 is a bond, 中国語 a
 * language, 日本学 a field of study. After other suffixes (中国側, エヌビディア社, フアン氏,
 * NVIDIA製) the name still refers to the entity, so those still count as mentions.
 */
const DERIVING_SUFFIXES = new Set(["債", "語", "学", "風", "流", "式"]);

/** A match of a name in the text, before overlaps are resolved. */
export interface NameMatch {
  readonly entityId: string;
  readonly start: number;
  readonly end: number;
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  /** The entity this folded name belongs to, when a name ends here. */
  entityId?: string;
  /** Lower is better when two entities share a folded name: 0 name, 1 Japanese name, 2 alias. */
  rank?: number;
  /**
   * Set when every spelling ending here is a short acronym (US, AMD, PLA): those match only in
   * capitals, or "us" and "pla" in running text would be mentions.
   */
  capitalsOnly?: boolean;
}

/** What the matcher needs to know about morphemes: where they start and end, and which are suffixes. */
export interface MorphemeBoundaries {
  readonly starts: ReadonlySet<number>;
  readonly ends: ReadonlySet<number>;
  /** The token that starts at an offset. */
  readonly tokenStartingAt: ReadonlyMap<number, JapaneseToken>;
}

export function morphemeBoundaries(tokens: readonly JapaneseToken[]): MorphemeBoundaries {
  const starts = new Set<number>();
  const ends = new Set<number>();
  const tokenStartingAt = new Map<number, JapaneseToken>();
  for (const token of tokens) {
    starts.add(token.start);
    ends.add(token.end);
    tokenStartingAt.set(token.start, token);
  }
  return { starts, ends, tokenStartingAt };
}

/** A short capital acronym is also written with dots in English news: US is U.S., UK is U.K. */
function spellingVariants(spelling: string): string[] {
  const trimmed = spelling.trim();
  return /^[A-Z]{2,3}$/.test(trimmed) ? [trimmed, `${trimmed.split("").join(".")}.`] : [trimmed];
}

function isShortAcronym(spelling: string): boolean {
  return /^(?:[A-Z]{2,4}|(?:[A-Z]\.){2,4})$/.test(spelling.trim().normalize("NFKC"));
}

export class EntityNameMatcher {
  private readonly root: TrieNode = { children: new Map() };
  private readonly entityTypes = new Map<string, EntityTypeName>();
  readonly nameCount: number;

  constructor(entities: readonly KnownEntity[]) {
    let names = 0;
    // Sorted by id so that which entity wins a shared name does not depend on the order given.
    const sorted = [...entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const entity of sorted) {
      this.entityTypes.set(entity.id, entity.type);
      if (UNMATCHED_TYPES.has(entity.type)) continue;
      const spellings: [string | null | undefined, number][] = [
        [entity.name, 0],
        [entity.nameJa, 1],
        ...(entity.aliases ?? []).map((alias): [string, number] => [alias, 2]),
      ];
      for (const [spelling, rank] of spellings) {
        if (!spelling) continue;
        for (const variant of spellingVariants(spelling)) {
          const folded = foldName(variant);
          if (folded.length === 0) continue;
          if (this.insert(folded, entity.id, rank, isShortAcronym(variant))) names += 1;
        }
      }
    }
    this.nameCount = names;
  }

  typeOf(entityId: string): EntityTypeName | undefined {
    return this.entityTypes.get(entityId);
  }

  private insert(folded: string, entityId: string, rank: number, acronym: boolean): boolean {
    let node = this.root;
    for (const char of folded) {
      let child = node.children.get(char);
      if (!child) {
        child = { children: new Map() };
        node.children.set(char, child);
      }
      node = child;
    }
    node.capitalsOnly = (node.capitalsOnly ?? true) && acronym;
    if (node.entityId !== undefined && (node.rank ?? 2) <= rank) return false;
    node.entityId = entityId;
    node.rank = rank;
    return true;
  }

  /** Every mention in `text`: non-overlapping, longest first, returned in reading order. */
  findMentions(text: string, morphemes: MorphemeBoundaries | undefined): NameMatch[] {
    const { folded, originalStart, originalEnd } = foldText(text);
    const candidates: NameMatch[] = [];
    for (let from = 0; from < folded.length; from += 1) {
      let node: TrieNode | undefined = this.root;
      let to = from;
      while (node && to < folded.length) {
        // Code points, so that a name with an astral character is walked the way it was inserted.
        const codePoint = folded.codePointAt(to) ?? 0;
        const char = String.fromCodePoint(codePoint);
        node = node.children.get(char);
        to += char.length;
        if (node?.entityId !== undefined) {
          const start = originalStart[from] as number;
          const end = originalEnd[to - 1] as number;
          const capitalsMissing = node.capitalsOnly === true && /\p{Ll}/u.test(text.slice(start, end).normalize("NFKC"));
          if (!capitalsMissing && this.standsAlone(text, start, end, morphemes)) candidates.push({ entityId: node.entityId, start, end });
        }
      }
    }
    // Longest first; among equals, the earlier one. Then take each that overlaps nothing taken.
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken = new Uint8Array(text.length);
    const chosen: NameMatch[] = [];
    for (const match of candidates) {
      let free = true;
      for (let k = match.start; k < match.end; k += 1) {
        if (taken[k]) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      taken.fill(1, match.start, match.end);
      chosen.push(match);
    }
    return chosen.sort((a, b) => a.start - b.start);
  }

  /** Whether `text[start, end)` is a whole word (English) or whole morphemes (Japanese) rather than part of one. */
  private standsAlone(text: string, start: number, end: number, morphemes: MorphemeBoundaries | undefined): boolean {
    const before = start > 0 ? text[start - 1] : undefined;
    const first = text[start];
    const last = text[end - 1];
    const after = end < text.length ? text[end] : undefined;
    if (isWordChar(before) && isWordChar(first)) return false;
    if (isWordChar(last) && isWordChar(after)) return false;
    if (!morphemes) return true;
    if ((isJapaneseChar(before) || isJapaneseChar(first)) && !morphemes.starts.has(start)) return false;
    if (isJapaneseChar(last) || isJapaneseChar(after)) {
      if (!morphemes.ends.has(end)) return false;
      const next = morphemes.tokenStartingAt.get(end);
      if (next && next.posDetail1 === "接尾" && DERIVING_SUFFIXES.has(next.surface)) return false;
    }
    return true;
  }
}
