import type { ArticleSentence } from "./article.ts";
import type { ArticleLanguage } from "./language.ts";
import { isJapaneseChar } from "./language.ts";
import { wordList } from "./word-list.ts";

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
const NEVER_FINAL_ABBREVIATIONS = new Set(
  wordList(
    "dr. mr. mrs. ms. mx. prof. sen. rep. gov. gen. col. lt. sgt. capt. cmdr. adm. st. mt. ft. vs. v. e.g. i.e. cf. no. nos. fig. figs. " +
      "approx. est. ca. vol. pp. p. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. mon. tue. tues. wed. thu. thur. thurs. " +
      "fri. sat. sun.",
  ),
);
/** Abbreviations that usually sit inside a sentence but may close one ("…sold in the U.S. The …"). */
const SOMETIMES_FINAL_ABBREVIATIONS = new Set(["inc.", "corp.", "ltd.", "co.", "jr.", "sr.", "etc.", "a.m.", "p.m.", "bros.", "plc."]);
/** Words that start a new sentence after a "sometimes final" abbreviation. */
const SENTENCE_STARTERS = new Set(
  wordList(
    "the a an it its he she they we i you this that these those there his her their our but and yet so however meanwhile still also " +
      "after before when while as if in on at for some many most analysts officials",
  ),
);

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
  const startsSentence = /[\p{Lu}\p{Nd}"'“‘([]/u.test(following) || (language === "ja" && isJapaneseChar(following));
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
  return previous.length < 60 && /^[\p{Lu}\p{Nd}"'“‘([]/u.test(next);
}

interface Span {
  start: number;
  end: number;
}

/**
 * Offsets of the brackets in `[start, end)` that have no partner on the same line. Texts copied
 * from the web lose a closing 」 now and then; an opener without its closer must not hold the rest
 * of the article in one sentence.
 */
function unpairedBrackets(text: string, start: number, end: number): Set<number> {
  const unpaired = new Set<number>();
  let open: number[] = [];
  for (let i = start; i < end; i += 1) {
    const char = text[i] as string;
    if (char === "\n") {
      for (const at of open) unpaired.add(at);
      open = [];
    } else if (JAPANESE_OPENERS.has(char)) {
      open.push(i);
    } else if (JAPANESE_CLOSERS.has(char)) {
      if (open.length === 0) unpaired.add(i);
      else open.pop();
    }
  }
  for (const at of open) unpaired.add(at);
  return unpaired;
}

/** Sentence ranges of one paragraph `[start, end)`, before trimming. */
function splitParagraph(text: string, start: number, end: number, language: ArticleLanguage): Span[] {
  const spans: Span[] = [];
  const unpaired = language === "ja" ? unpairedBrackets(text, start, end) : new Set<number>();
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
    if (language === "ja" && !unpaired.has(i)) {
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

/**
 * A line holding at least this many sentences and characters is taken as an article whose
 * paragraph breaks were lost on the way (the whole body on one line): there every sentence counts
 * as a paragraph, as docs/knowledge-model.md counts them. News paragraphs hold one to five
 * sentences; a body run together holds dozens.
 */
const RUN_TOGETHER_MIN_SENTENCES = 10;
const RUN_TOGETHER_MIN_CHARS = 1_500;

/**
 * Where a headline runs into the next sentence in a Japanese body whose line breaks were lost: a
 * space after a Japanese sentence that has not ended (`…危険性がある Huaweiは…`), or after an English
 * headline standing before Japanese (`… sales in China 今年の…`). Japanese prose puts no space
 * between clauses, so in such a body a space beside Japanese text marks a lost break.
 */
function runInHeadlineBreaks(text: string, start: number, end: number): number[] {
  const breaks: number[] = [];
  let segmentStart = start;
  for (let i = start + 1; i < end - 1; i += 1) {
    const char = text[i] as string;
    if (char !== " " && char !== "\u3000") continue;
    const before = text[i - 1] as string;
    const after = text[i + 1] as string;
    if (/\s/.test(after)) continue;
    const segment = text.slice(segmentStart, i);
    const japaneseClauseEnds = /[\p{Script=Hiragana}\p{Script=Han}]/u.test(before) && isJapaneseChar(after) === false && segment.length >= 10;
    const japaneseClauseThenJapanese = /[\p{Script=Hiragana}]/u.test(before) && isJapaneseChar(after) && segment.length >= 10;
    const englishHeadline =
      isJapaneseChar(after) &&
      !/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(segment) &&
      segment.trim().split(/\s+/).length >= 4 &&
      /(^|\s)\p{Ll}/u.test(segment);
    if (japaneseClauseEnds || japaneseClauseThenJapanese || englishHeadline) {
      breaks.push(i);
      segmentStart = i + 1;
    }
  }
  return breaks;
}

/** Sentence ends inside a sentence (a 。 within a quotation): each one more paragraph where every sentence is one. */
function innerSentenceEnds(sentence: string): number {
  let count = 0;
  for (let i = 0; i < sentence.length - 1; i += 1) {
    if (!"。！？".includes(sentence[i] as string)) continue;
    const rest = sentence.slice(i + 1);
    if (/[^\s」』）)”。！？]/u.test(rest)) count += 1;
  }
  return count;
}

/**
 * The sentences of the text in reading order, trimmed, with their paragraph numbers. A paragraph
 * is a non-empty line, numbered from 1 — the ¶N of a locator in docs/knowledge-model.md, so that a
 * locator means the same in shipped and in ingested knowledge. In a body whose breaks were lost
 * (see RUN_TOGETHER_MIN_SENTENCES) each sentence and each run-in headline is a paragraph, and a
 * sentence end inside a quotation counts as one too.
 */
export function splitSentences(text: string, language: ArticleLanguage): ArticleSentence[] {
  const lines = linesOf(text);
  const spans: Span[] = [];
  let l = 0;
  while (l < lines.length) {
    if ((lines[l] as Line).blank) {
      l += 1;
      continue;
    }
    // A block of non-blank lines: an English sentence may run on over a single line break.
    const first = l;
    while (l < lines.length && !(lines[l] as Line).blank) l += 1;
    for (const span of splitParagraph(text, (lines[first] as Line).start, (lines[l - 1] as Line).end, language)) {
      let start = span.start;
      let end = span.end;
      while (start < end && /\s/.test(text[start] as string)) start += 1;
      while (end > start && /\s/.test(text[end - 1] as string)) end -= 1;
      if (start < end) spans.push({ start, end });
    }
  }

  const nonEmptyLines = lines.filter((line) => !line.blank);
  // Each span on the non-empty line it starts on; spans and lines are both in reading order.
  const spansByLine = nonEmptyLines.map((): Span[] => []);
  let lineIndex = 0;
  for (const span of spans) {
    while (lineIndex + 1 < nonEmptyLines.length && (nonEmptyLines[lineIndex + 1] as Line).start <= span.start) lineIndex += 1;
    spansByLine[lineIndex]?.push(span);
  }

  const sentences: ArticleSentence[] = [];
  let paragraph = 1;
  nonEmptyLines.forEach((line, index) => {
    const lineSpans = spansByLine[index] as Span[];
    const runTogether = lineSpans.length >= RUN_TOGETHER_MIN_SENTENCES && line.end - line.start >= RUN_TOGETHER_MIN_CHARS;
    if (!runTogether) {
      for (const span of lineSpans)
        sentences.push({ index: sentences.length, paragraph, text: text.slice(span.start, span.end), start: span.start, end: span.end });
      paragraph += 1;
      return;
    }
    for (const span of lineSpans) {
      const cuts = language === "ja" ? runInHeadlineBreaks(text, span.start, span.end) : [];
      let from = span.start;
      for (const to of [...cuts, span.end]) {
        const sentence = text.slice(from, to).trim();
        if (sentence.length > 0) {
          const start = from + (text.slice(from, to).length - text.slice(from, to).trimStart().length);
          sentences.push({ index: sentences.length, paragraph, text: sentence, start, end: start + sentence.length });
          paragraph += 1 + innerSentenceEnds(sentence);
        }
        from = to + 1;
      }
    }
  });
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
