import type { EntityTypeName } from "@kgx/domain";
import type { ArticleSentence, EntityCandidate, EntityMention } from "./article.ts";
import type { CandidateOccurrence } from "./candidate-occurrence.ts";
import {
  COMMON_ACRONYMS,
  compromiseLabels,
  isOrdinaryWord,
  latinSequences,
  PORTFOLIO_WORDS,
  STOPWORDS,
  TITLE_WORDS,
  typeByForm,
} from "./english-candidates.ts";
import { japaneseOccurrences } from "./japanese-candidates.ts";
import type { JapaneseToken } from "./japanese-tokenizer.ts";
import { foldName } from "./text-folding.ts";

/**
 * Proper nouns that match no known entity, each with a proposed type: the people, companies and
 * places a person may want to add. Japanese ones come from kuromoji's proper-noun tags
 * (固有名詞: 人名, 組織, 地域), family and given names and the parts of a katakana name joined
 * into one; English ones from compromise's people, organisations and places, plus capitalised
 * sequences, acronyms and model numbers (H20, MI308, Ascend 910C) it does not know.
 */

/** Removes the parts of an occurrence covered by known mentions; the longest remaining piece stays if it still reads as a name. */
function outsideMentions(text: string, occurrence: CandidateOccurrence, covered: Uint8Array): CandidateOccurrence | undefined {
  let bestStart = -1;
  let bestEnd = -1;
  let k = occurrence.start;
  while (k < occurrence.end) {
    while (k < occurrence.end && covered[k]) k += 1;
    const pieceStart = k;
    while (k < occurrence.end && !covered[k]) k += 1;
    if (k - pieceStart > bestEnd - bestStart) {
      bestStart = pieceStart;
      bestEnd = k;
    }
  }
  if (bestStart < 0) return undefined;
  if (bestStart === occurrence.start && bestEnd === occurrence.end) return occurrence;
  let piece = text.slice(bestStart, bestEnd);
  const lead = piece.length - piece.replace(/^[\s,.'’・･-]+/u, "").length;
  piece = piece.slice(lead).replace(/[\s,.'’・･-]+$/u, "");
  if (/^(?:['’]s|の)?$/u.test(piece)) return undefined;
  const start = bestStart + lead;
  const end = start + piece.length;
  // Only pieces that are whole words: "Secretary" left of a known name is a title, not a name.
  const pieceWords = piece.split(/\s+/);
  const words = pieceWords.filter((w) => !TITLE_WORDS.has(w.toLowerCase()) && !STOPWORDS.has(w.toLowerCase()));
  if (words.length === 0 || end - start < 2) return undefined;
  // "Commerce Secretary" left of a known name is a title with its portfolio.
  if (TITLE_WORDS.has((pieceWords.at(-1) as string).toLowerCase()) && words.every((w) => PORTFOLIO_WORDS.has(w.toLowerCase()))) return undefined;
  if (/^[\p{Script=Latin}]/u.test(piece) && !/^\p{Lu}/u.test(piece)) return undefined;
  if (/^\p{Script=Latin}/u.test(piece)) {
    // What is left of a longer name is judged again on its own: "Connection" of "The China Connection" is a word.
    const byForm = typeByForm(words);
    if (words.length === 1 && byForm === undefined && isOrdinaryWord(words[0] as string)) return undefined;
    if (words.length === 1 && COMMON_ACRONYMS.has((words[0] as string).toLowerCase().replace(/\./g, ""))) return undefined;
    return { ...occurrence, start, end, type: byForm ?? (words.length === 1 ? "Organization" : occurrence.type) };
  }
  return { ...occurrence, start, end };
}

export interface CandidateInputs {
  readonly text: string;
  readonly language: "en" | "ja";
  readonly sentences: readonly ArticleSentence[];
  readonly tokensBySentence: readonly (readonly JapaneseToken[])[] | undefined;
  readonly mentions: readonly EntityMention[];
  readonly knownNames: ReadonlySet<string>;
  readonly sentenceAt: (at: number) => number;
  /** Stretches that hold no names (web addresses). */
  readonly excluded: readonly { readonly start: number; readonly end: number }[];
}

/** Candidates grouped by their folded spelling, in the order of their first occurrence. */
export function findCandidates(inputs: CandidateInputs): EntityCandidate[] {
  const { text, sentences, mentions } = inputs;
  const occurrences: CandidateOccurrence[] = [];
  if (inputs.tokensBySentence) {
    for (const tokens of inputs.tokensBySentence) occurrences.push(...japaneseOccurrences(tokens));
  }
  const hasLatin = /\p{Script=Latin}/u.test(text);
  const labels = inputs.language === "en" && hasLatin ? compromiseLabels(text) : new Map<number, EntityTypeName>();
  for (const sentence of sentences) {
    if (inputs.language === "en") {
      occurrences.push(...latinSequences(text, sentence.start, sentence.end, labels, sentence.start));
    } else {
      // Latin names inside Japanese text ("Futurum Group", "Biren"): the same capitalisation rules, run by run.
      for (const run of sentence.text.matchAll(/[\p{Script=Latin}\p{Nd}][\p{Script=Latin}\p{Nd}&'’. ,-]*/gu)) {
        const from = sentence.start + run.index;
        occurrences.push(...latinSequences(text, from, from + run[0].length, labels, sentence.start));
      }
    }
  }

  const covered = new Uint8Array(text.length);
  for (const mention of mentions) covered.fill(1, mention.start, mention.end);
  for (const span of inputs.excluded) covered.fill(1, span.start, span.end);
  const kept: CandidateOccurrence[] = [];
  for (const occurrence of occurrences) {
    const outside = outsideMentions(text, occurrence, covered);
    if (outside) kept.push(outside);
  }

  // Longest first, no overlaps, then group case- and width-insensitively.
  kept.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const groups = new Map<string, { occurrences: CandidateOccurrence[]; sure: boolean }>();
  for (const occurrence of kept) {
    if (taken.subarray(occurrence.start, occurrence.end).some((cell) => cell === 1)) continue;
    const surface = text.slice(occurrence.start, occurrence.end);
    const key = candidateKey(surface);
    if (
      key.length < 2 ||
      STOPWORDS.has(key) ||
      TITLE_WORDS.has(key) ||
      COMMON_ACRONYMS.has(key.replace(/\./g, "")) ||
      inputs.knownNames.has(key) ||
      inputs.knownNames.has(foldName(surface))
    )
      continue;
    taken.fill(1, occurrence.start, occurrence.end);
    const group = groups.get(key) ?? { occurrences: [], sure: false };
    group.occurrences.push(occurrence);
    group.sure ||= !occurrence.weak;
    groups.set(key, group);
  }

  const candidates: EntityCandidate[] = [];
  for (const group of groups.values()) {
    if (!group.sure) continue;
    const ordered = group.occurrences.sort((a, b) => a.start - b.start);
    const first = ordered[0] as CandidateOccurrence;
    candidates.push({
      text: text.slice(first.start, first.end),
      proposedType: mostCommonType(ordered),
      occurrences: ordered.length,
      positions: ordered.map((o) => ({ sentence: inputs.sentenceAt(o.start), start: o.start, end: o.end })),
    });
  }
  return candidates.sort((a, b) => (a.positions[0]?.start ?? 0) - (b.positions[0]?.start ?? 0));
}

/** How occurrences are grouped: folded, and without a company-form suffix ("Veltrix Semiconductor Inc." is "Veltrix Semiconductor"). */
function candidateKey(surface: string): string {
  return foldName(surface).replace(/,?\s+(?:inc|corp|corporation|co|ltd|llc|plc)\.?$/u, "");
}

/** The type most occurrences propose, those with a reason for it before guesses; on a tie, the first occurrence's. */
function mostCommonType(all: readonly CandidateOccurrence[]): EntityTypeName {
  const reasoned = all.filter((o) => !o.weak && !o.guessed);
  const occurrences = reasoned.length > 0 ? reasoned : all;
  const counts = new Map<EntityTypeName, number>();
  for (const o of occurrences) if (!o.weak) counts.set(o.type, (counts.get(o.type) ?? 0) + 1);
  let best = (occurrences.find((o) => !o.weak) ?? occurrences[0])!.type;
  for (const [type, n] of counts) if (n > (counts.get(best) ?? 0)) best = type;
  return best;
}
