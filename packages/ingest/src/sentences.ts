import type { ArticleSentence } from "./article.ts";
import type { ArticleLanguage } from "./language.ts";
import { isJapaneseChar } from "./language.ts";

/**
 * Splitting plain text into sentences with paragraph numbers. Paragraphs are separated by blank
 * lines. Japanese sentences end at 。！？!? (with the closing brackets that follow) and never
 * inside 「…」『…』（…）; English ones at . ! ? before a space and a capital, except after the
 * abbreviations news text is full of ("U.S.", "Dr.", "Jan.") and single initials ("J. Huang").
 */

const JAPANESE_TERMINATORS = new Set(["。", "！", "？", "!", "?", "．"]);
const ENGLISH_TERMINATORS = new Set([".", "!", "?", "…"]);
const JAPANESE_OPENERS = new Set(["「", "『", "（", "(", "【", "〔", "［", "〈", "《", "“"]);
const JAPANESE_CLOSERS = new Set(["」", "』", "）", ")", "】", "〕", "］", "〉", "》", "”"]);
/** What may follow a sentence's last mark and still belong to it. */
const TRAILING_CLOSERS = new Set([...JAPANESE_CLOSERS, '"', "'", "’", "]"]);

/** Abbreviations after which a period never ends a sentence: titles, "No. 3", "vs.", months. */
const NEVER_FINAL_ABBREVIATIONS = new Set([
  "dr.", "mr.", "mrs.", "ms.", "mx.", "prof.", "sen.", "rep.", "gov.", "gen.", "col.", "lt.", "sgt.", "capt.", "cmdr.", "adm.",
  "st.", "mt.", "ft.", "vs.", "v.", "e.g.", "i.e.", "cf.", "no.", "nos.", "fig.", "figs.", "approx.", "est.", "ca.", "vol.", "pp.", "p.",
  "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
  "mon.", "tue.", "tues.", "wed.", "thu.", "thur.", "thurs.", "fri.", "sat.", "sun.",
]);
/** Abbreviations that usually sit inside a sentence but may close one ("…sold in the U.S. The …"). */
const SOMETIMES_FINAL_ABBREVIATIONS = new Set(["inc.", "corp.", "ltd.", "co.", "jr.", "sr.", "etc.", "a.m.", "p.m.", "bros.", "plc."]);
/** Words that start a new sentence after a "sometimes final" abbreviation. */
const SENTENCE_STARTERS = new Set([
  "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "you", "this", "that", "these", "those", "there", "his", "her",
  "their", "our", "but", "and", "yet", "so", "however", "meanwhile", "still", "also", "after", "before", "when", "while", "as",
  "if", "in", "on", "at", "for", "some", "many", "most", "analysts", "officials",
]);

interface Line {
  readonly start: number;
  readonly end: number;
  readonly blank: boolean;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ start, end, blank: text.slice(start, end).trim().length === 0 });
    if (newline === -1) return lines;
    start = newline + 1;
  }
}

/** The whitespace-free word that ends at `end` (exclusive), without opening punctuation. */
function wordEndingAt(text: string, end: number): string {
  let start = end;
  while (start > 0 && !/\s/.test(text[start - 1] as string)) start -= 1;
  return text.slice(start, end).replace(/^[("'“‘[]+/, "");
}

function nextWordFrom(text: string, from: number): string {
  const match = /^\s*["'“‘(]*([\p{L}\p{Nd}]+)/u.exec(text.slice(from, from + 40));
  return match?.[1] ?? "";
}

/**
 * Whether the English mark at `at` (after consuming further marks and closers up to `after`)
 * ends a sentence in `text` whose paragraph ends at `limit`.
 */
function englishSentenceEnds(text: string, at: number, after: number, limit: number, language: ArticleLanguage): boolean {
  if (after >= limit) return true;
  if (!/\s/.test(text[after] as string)) return false; // "$4.5", "U.S.-made", "Yahoo!ニュース"
  let next = after;
  while (next < limit && /\s/.test(text[next] as string)) next += 1;
  if (next >= limit) return true;
  const following = text[next] as string;
  const startsSentence = /[\p{Lu}\p{Nd}"'“‘(\[]/u.test(following) || (language === "ja" && isJapaneseChar(following));
  if (!startsSentence) return false;
  if (text[at] !== ".") return true;
  const word = wordEndingAt(text, at + 1).toLowerCase();
  if (NEVER_FINAL_ABBREVIATIONS.has(word)) return false;
  if (/^\p{Lu}\.$/u.test(wordEndingAt(text, at + 1))) return false; // an initial: "J. Huang"
  const dottedAcronym = /^(\p{L}\.){2,}$/u.test(word); // U.S., U.K., U.S.A.
  if (dottedAcronym || SOMETIMES_FINAL_ABBREVIATIONS.has(word)) {
    return SENTENCE_STARTERS.has(nextWordFrom(text, after).toLowerCase());
  }
  return true;
}

/** In English, a single line break ends a sentence only after a short line (a heading, a list item) before a capital. */
function englishLineBreakEnds(text: string, lineStart: number, newline: number, limit: number): boolean {
  const previous = text.slice(lineStart, newline).trim();
  const next = text.slice(newline + 1, limit).trimStart();
  return previous.length < 60 && /^[\p{Lu}\p{Nd}"'“‘(\[]/u.test(next);
}

interface Span {
  start: number;
  end: number;
}

/** Sentence ranges of one paragraph `[start, end)`, before trimming. */
function splitParagraph(text: string, start: number, end: number, language: ArticleLanguage): Span[] {
  const spans: Span[] = [];
  let sentenceStart = start;
  let lineStart = start;
  let depth = 0;
  const close = (at: number): void => {
    spans.push({ start: sentenceStart, end: at });
    sentenceStart = at;
  };
  let i = start;
  while (i < end) {
    const char = text[i] as string;
    if (char === "\n") {
      const breaks = language === "ja" || englishLineBreakEnds(text, lineStart, i, end);
      lineStart = i + 1;
      if (breaks) {
        close(i);
        depth = 0; // an unclosed bracket does not run past its line
      }
      i += 1;
      continue;
    }
    if (language === "ja") {
      if (JAPANESE_OPENERS.has(char)) {
        depth += 1;
        i += 1;
        continue;
      }
      if (JAPANESE_CLOSERS.has(char)) {
        depth = Math.max(0, depth - 1);
        i += 1;
        // 「…だ。」 closes a sentence at the bracket once the quotation was the sentence's end.
        if (depth === 0 && JAPANESE_TERMINATORS.has(text[i - 2] ?? "")) {
          while (i < end && (TRAILING_CLOSERS.has(text[i] as string) || JAPANESE_TERMINATORS.has(text[i] as string))) i += 1;
          close(i);
        }
        continue;
      }
      if (JAPANESE_TERMINATORS.has(char)) {
        if (depth > 0) {
          i += 1;
          continue;
        }
        let after = i + 1;
        while (after < end && JAPANESE_TERMINATORS.has(text[after] as string)) after += 1;
        // Half-width ! and ? inside Latin text ("Yahoo! Japan") follow the English rule.
        const halfWidth = char === "!" || char === "?";
        if (halfWidth && isJapaneseChar(text[i - 1]) === false && !englishSentenceEnds(text, i, after, end, language)) {
          i = after;
          continue;
        }
        while (after < end && TRAILING_CLOSERS.has(text[after] as string) && !JAPANESE_OPENERS.has(text[after] as string)) after += 1;
        close(after);
        i = after;
        continue;
      }
    }
    if (ENGLISH_TERMINATORS.has(char) && depth === 0) {
      let after = i + 1;
      while (after < end && ENGLISH_TERMINATORS.has(text[after] as string)) after += 1;
      while (after < end && TRAILING_CLOSERS.has(text[after] as string)) after += 1;
      if (englishSentenceEnds(text, after - 1 - countTrailingClosers(text, i + 1, after), after, end, language)) {
        close(after);
      }
      i = after;
      continue;
    }
    i += 1;
  }
  if (sentenceStart < end) spans.push({ start: sentenceStart, end });
  return spans;
}

/** How many closers stand between the marks after `from` and `after`: the last mark is before them. */
function countTrailingClosers(text: string, from: number, after: number): number {
  let closers = 0;
  for (let k = after - 1; k >= from && TRAILING_CLOSERS.has(text[k] as string); k -= 1) closers += 1;
  return closers;
}

/** The sentences of the text in reading order, trimmed, with their paragraph and line numbers. */
export function splitSentences(text: string, language: ArticleLanguage): ArticleSentence[] {
  const sentences: ArticleSentence[] = [];
  const lines = linesOf(text);
  let paragraph = 0;
  let nonEmptyLine = 0;
  let l = 0;
  while (l < lines.length) {
    if ((lines[l] as Line).blank) {
      l += 1;
      continue;
    }
    // A paragraph: the run of non-blank lines from here.
    const first = l;
    while (l < lines.length && !(lines[l] as Line).blank) l += 1;
    const paragraphStart = (lines[first] as Line).start;
    const paragraphEnd = (lines[l - 1] as Line).end;
    paragraph += 1;
    const lineStarts = lines.slice(first, l).map((line) => line.start);
    const firstLineNumber = nonEmptyLine + 1;
    nonEmptyLine += l - first;
    for (const span of splitParagraph(text, paragraphStart, paragraphEnd, language)) {
      let start = span.start;
      let end = span.end;
      while (start < end && /\s/.test(text[start] as string)) start += 1;
      while (end > start && /\s/.test(text[end - 1] as string)) end -= 1;
      if (start === end) continue;
      let lineIndex = 0;
      while (lineIndex + 1 < lineStarts.length && (lineStarts[lineIndex + 1] as number) <= start) lineIndex += 1;
      sentences.push({ index: sentences.length, paragraph, line: firstLineNumber + lineIndex, text: text.slice(start, end), start, end });
    }
  }
  return sentences;
}

/** The index of the sentence holding offset `at`, or -1; `sentences` are in order. */
export function sentenceAt(sentences: readonly ArticleSentence[], at: number): number {
  let low = 0;
  let high = sentences.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const sentence = sentences[middle] as ArticleSentence;
    if (at < sentence.start) high = middle - 1;
    else if (at >= sentence.end) low = middle + 1;
    else return middle;
  }
  return -1;
}
