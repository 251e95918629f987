import type { ArticleAnalysis, EntityMention } from "./article.ts";
import { IngestError } from "./errors.ts";
import { isWordChar } from "./language.ts";

/**
 * Measuring how well the analysis finds known entities, against mentions a person annotated by
 * hand (issue #14). The format of a gold file and how matches are counted are in docs/ingest.md,
 * "Measured quality"; in short:
 *
 * - A gold file lists every mention of a known entity in its article, in reading order, as
 *   `{ text, entityId }` — `text` exactly as the article writes it. An entry with `entityId: null`
 *   marks an occurrence of a listed text that is not a mention (`米国` inside `米国債`).
 * - Entries are placed on the article by their text: each text is found on word boundaries, an
 *   occurrence inside an occurrence of a longer listed text belongs to the longer one, and the
 *   entries of one text take its occurrences in order (an entry with `start` takes the occurrence
 *   at that offset). The counts must agree, so an annotator cannot skip an occurrence silently.
 * - A mention found by the analysis matches a gold mention of the same entity whose span it
 *   overlaps, one to one. Recall = matched / gold mentions, precision = matched / found mentions.
 */

/** The figures the analysis must reach on every gold article. */
export const MENTION_QUALITY_TARGET = { recall: 0.95, precision: 0.95 } as const;

export interface GoldMention {
  readonly text: string;
  /** The known entity the text names, or null where this occurrence of the text names none. */
  readonly entityId: string | null;
  /** Offset in the analysed text, to pin the entry to one occurrence. */
  readonly start?: number;
}

export interface GoldFile {
  /** The article file's name, for people reading the gold file. */
  readonly article?: string;
  readonly language?: "en" | "ja";
  readonly mentions: readonly GoldMention[];
}

/** A gold mention placed on the article text. */
export interface PlacedGoldMention {
  readonly text: string;
  readonly entityId: string;
  readonly start: number;
  readonly end: number;
}

export interface MentionScore {
  readonly gold: number;
  readonly found: number;
  readonly matched: number;
  readonly recall: number;
  readonly precision: number;
  readonly missed: readonly PlacedGoldMention[];
  readonly spurious: readonly EntityMention[];
}

function invalid(file: string, message: string): IngestError {
  return new IngestError("INGEST_GOLD_INVALID", `${file}: ${message}`, { field: "mentions" });
}

/** Reads a gold file's JSON, naming the entry and field of the first problem. */
export function parseGoldFile(json: string, file: string): GoldFile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw invalid(file, `not valid JSON (${(error as Error).message}).`);
  }
  if (typeof data !== "object" || data === null || !Array.isArray((data as { mentions?: unknown }).mentions)) {
    throw invalid(file, "expected an object with a `mentions` array.");
  }
  const { article, language, mentions } = data as { article?: unknown; language?: unknown; mentions: unknown[] };
  if (language !== undefined && language !== "en" && language !== "ja") throw invalid(file, '`language` must be "en" or "ja".');
  const parsed = mentions.map((entry, index): GoldMention => {
    const at = `mentions[${index}]`;
    if (typeof entry !== "object" || entry === null) throw invalid(file, `${at} must be an object { text, entityId }.`);
    const { text, entityId, start } = entry as { text?: unknown; entityId?: unknown; start?: unknown };
    if (typeof text !== "string" || text.length === 0) throw invalid(file, `${at}.text must be a non-empty string.`);
    if (entityId !== null && (typeof entityId !== "string" || entityId.length === 0)) {
      throw invalid(file, `${at}.entityId must be an entity id or null (for an occurrence that is not a mention).`);
    }
    if (start !== undefined && (typeof start !== "number" || !Number.isInteger(start) || start < 0)) {
      throw invalid(file, `${at}.start must be a non-negative whole number.`);
    }
    return start === undefined ? { text, entityId } : { text, entityId, start };
  });
  return {
    ...(typeof article === "string" ? { article } : {}),
    ...(language === "en" || language === "ja" ? { language } : {}),
    mentions: parsed,
  };
}

/** Offsets of `needle` in `text`, on word boundaries where the needle begins or ends with a letter or digit. */
function occurrencesOf(text: string, needle: string): number[] {
  const found: number[] = [];
  const edgeBefore = isWordChar(needle[0]);
  const edgeAfter = isWordChar(needle.at(-1));
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (edgeBefore && isWordChar(text[at - 1])) continue;
    if (edgeAfter && isWordChar(text[at + needle.length])) continue;
    found.push(at);
  }
  return found;
}

function context(text: string, start: number, end: number): string {
  return `…${text.slice(Math.max(0, start - 12), start)}[${text.slice(start, end)}]${text.slice(end, end + 12)}…`.replace(/\n/g, " ");
}

/**
 * Places every gold mention on the text (see the rules at the top). Throws INGEST_GOLD_MISMATCH,
 * naming the text and its occurrences, when a text's entries and occurrences do not line up.
 */
export function placeGoldMentions(text: string, gold: GoldFile, file: string): PlacedGoldMention[] {
  const byText = new Map<string, GoldMention[]>();
  for (const mention of gold.mentions) byText.set(mention.text, [...(byText.get(mention.text) ?? []), mention]);
  // Longest texts first, so that an occurrence inside a longer listed text belongs to the longer one.
  const texts = [...byText.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const taken: { start: number; end: number }[] = [];
  const overlapsTaken = (start: number, end: number): boolean => taken.some((span) => start < span.end && end > span.start);
  const placed: PlacedGoldMention[] = [];
  for (const needle of texts) {
    const entries = byText.get(needle) as GoldMention[];
    const free = occurrencesOf(text, needle).filter((at) => !overlapsTaken(at, at + needle.length));
    const pinned = entries.filter((entry) => entry.start !== undefined);
    for (const entry of pinned) {
      if (!free.includes(entry.start as number)) {
        throw new IngestError(
          "INGEST_GOLD_MISMATCH",
          `${file}: "${needle}" is not at offset ${entry.start} (it stands at ${free.join(", ") || "no free offset"}).`,
          { field: "mentions" },
        );
      }
    }
    const pinnedStarts = new Set(pinned.map((entry) => entry.start as number));
    const open = free.filter((at) => !pinnedStarts.has(at));
    const unpinned = entries.filter((entry) => entry.start === undefined);
    if (open.length !== unpinned.length) {
      throw new IngestError(
        "INGEST_GOLD_MISMATCH",
        `${file}: lists "${needle}" ${unpinned.length} time(s) without a start, but the article has ${open.length} such occurrence(s): ${open.map((at) => context(text, at, at + needle.length)).join(" ") || "none"}. List each occurrence, with entityId null where it names no known entity.`,
        { field: "mentions" },
      );
    }
    const assigned = [...pinned.map((entry) => [entry, entry.start as number] as const), ...unpinned.map((entry, k) => [entry, open[k] as number] as const)];
    for (const [entry, start] of assigned) {
      taken.push({ start, end: start + needle.length });
      if (entry.entityId !== null) placed.push({ text: needle, entityId: entry.entityId, start, end: start + needle.length });
    }
  }
  return placed.sort((a, b) => a.start - b.start);
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

/** Matches found mentions to gold ones: same entity, overlapping spans, one to one, in reading order. */
export function scoreMentions(gold: readonly PlacedGoldMention[], found: readonly EntityMention[]): MentionScore {
  const used = new Set<number>();
  const missed: PlacedGoldMention[] = [];
  for (const expected of gold) {
    const match = found.findIndex((m, k) => !used.has(k) && m.entityId === expected.entityId && m.start < expected.end && m.end > expected.start);
    if (match === -1) missed.push(expected);
    else used.add(match);
  }
  const spurious = found.filter((_, k) => !used.has(k));
  return {
    gold: gold.length,
    found: found.length,
    matched: used.size,
    recall: ratio(used.size, gold.length),
    precision: ratio(used.size, found.length),
    missed,
    spurious,
  };
}

export function meetsMentionTarget(score: Pick<MentionScore, "recall" | "precision">): boolean {
  return score.recall >= MENTION_QUALITY_TARGET.recall && score.precision >= MENTION_QUALITY_TARGET.precision;
}

/** Checks the gold file's entity ids against the known ones, then scores the analysis on it. */
export function evaluateMentions(analysis: ArticleAnalysis, gold: GoldFile, knownIds: ReadonlySet<string>, file: string): MentionScore {
  gold.mentions.forEach((mention, index) => {
    if (mention.entityId !== null && !knownIds.has(mention.entityId)) {
      throw invalid(file, `mentions[${index}] names entity "${mention.entityId}", which the shipped knowledge does not hold.`);
    }
  });
  return scoreMentions(placeGoldMentions(analysis.text, gold, file), analysis.mentions);
}

export interface EntitySetScore {
  readonly expected: number;
  readonly found: number;
  readonly matched: number;
  readonly recall: number;
  readonly precision: number;
  readonly missed: readonly string[];
  readonly spurious: readonly string[];
}

/** Entity-level figures: which entities an article mentions, against the ones expected. */
export function scoreEntitySets(expected: ReadonlySet<string>, found: ReadonlySet<string>): EntitySetScore {
  const matched = [...found].filter((id) => expected.has(id)).length;
  return {
    expected: expected.size,
    found: found.size,
    matched,
    recall: ratio(matched, expected.size),
    precision: ratio(matched, found.size),
    missed: [...expected].filter((id) => !found.has(id)).sort(),
    spurious: [...found].filter((id) => !expected.has(id)).sort(),
  };
}
