import type { ArticleAnalysis, ArticleAnalyzer, ArticleInput, EntityMention, KnownEntity } from "./article.ts";
import { findCandidates } from "./entity-candidates.ts";
import { EntityNameMatcher, morphemeBoundaries } from "./entity-matcher.ts";
import { IngestError } from "./errors.ts";
import { findFigures } from "./figures.ts";
import { loadJapaneseTokenizer, tokenizeJapanese, type JapaneseToken, type JapaneseTokenizer } from "./japanese-tokenizer.ts";
import { articleLanguage } from "./language.ts";
import { articlePlainText } from "./plain-text.ts";
import { suggestRelationships } from "./relationship-suggestions.ts";
import { sentenceAt, splitSentences } from "./sentences.ts";
import { foldName } from "./text-folding.ts";

/**
 * The longest article text accepted, in characters. A long feature is ~30,000 characters; past
 * 200,000 the analysis (one kuromoji pass, one compromise pass) takes seconds and the review page
 * becomes unusable, so the text is refused with a message rather than analysed slowly.
 */
export const MAX_ARTICLE_CHARS = 200_000;

export interface ArticleAnalyzerOptions {
  /** Overrides MAX_ARTICLE_CHARS. */
  readonly maxChars?: number;
}

const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>"'）」』]+/gi;

/** Control characters other than tab, line feed, form feed and carriage return: the mark of a binary file. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BINARY_CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\uFFFE\uFFFF]/;

function checkedText(input: ArticleInput, maxChars: number): string {
  if (typeof input.text !== "string" || input.text.trim().length === 0) {
    throw new IngestError("INGEST_EMPTY_TEXT", "The article text is empty: paste the article's text (plain text, Markdown or HTML).", { field: "text" });
  }
  if (input.text.length > maxChars) {
    throw new IngestError(
      "INGEST_TEXT_TOO_LONG",
      `The article text has ${input.text.length.toLocaleString("en-US")} characters; at most ${maxChars.toLocaleString("en-US")} are analysed. Split the article and analyse it in parts.`,
      { field: "text" },
    );
  }
  const control = BINARY_CONTROL.exec(input.text);
  if (control) {
    throw new IngestError(
      "INGEST_BINARY_TEXT",
      `The article text holds a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}) at offset ${control.index}: it looks like a binary file, not text.`,
      { field: "text" },
    );
  }
  return input.text;
}

/** Analyses one article; `tokenizer` is the loaded kuromoji, used whenever the text holds Japanese. */
export function analyzeArticle(
  input: ArticleInput,
  matcher: EntityNameMatcher,
  knownNames: ReadonlySet<string>,
  tokenizer: JapaneseTokenizer,
  options: ArticleAnalyzerOptions = {},
): ArticleAnalysis {
  const raw = checkedText(input, options.maxChars ?? MAX_ARTICLE_CHARS);
  const text = articlePlainText(raw, input.format ?? undefined);
  if (text.trim().length === 0) {
    throw new IngestError("INGEST_EMPTY_TEXT", "The article has no text once its markup is removed: paste the article's text itself.", { field: "text" });
  }
  const language = articleLanguage(text, input.language);
  const sentences = splitSentences(text, language);
  const locate = (at: number): number => sentenceAt(sentences, at);

  // Names in kana or kanji can stand in an English article too (a quoted 華為), so any Japanese gets tokenized.
  const hasJapanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(text);
  const tokensBySentence: JapaneseToken[][] | undefined = hasJapanese
    ? sentences.map((sentence) => tokenizeJapanese(tokenizer, text, sentence.start, sentence.end))
    : undefined;
  const morphemes = tokensBySentence ? morphemeBoundaries(tokensBySentence.flat()) : undefined;

  // A web address is not running text: "china" in a URL's path names nothing.
  const webAddresses = [...text.matchAll(WEB_ADDRESS)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  const inWebAddress = (start: number, end: number): boolean => webAddresses.some((span) => start < span.end && end > span.start);
  const matches = matcher.findMentions(text, morphemes).filter((match) => !inWebAddress(match.start, match.end));
  const mentions: EntityMention[] = matches.map((match) => ({
    entityId: match.entityId,
    text: text.slice(match.start, match.end),
    sentence: locate(match.start),
    start: match.start,
    end: match.end,
  }));
  const candidates = findCandidates({ text, language, sentences, tokensBySentence, mentions, knownNames, sentenceAt: locate, excluded: webAddresses });
  const figures = findFigures(text, sentences, locate);
  const suggestions = suggestRelationships(sentences, mentions, (id) => matcher.typeOf(id));
  return { language, text, sentences, mentions, candidates, figures, suggestions };
}

/**
 * An analyzer for articles against these entities. Loads the Japanese tokenizer (once per
 * process) and builds the name matcher; `analyze` is then synchronous.
 */
export async function createArticleAnalyzer(entities: readonly KnownEntity[], options: ArticleAnalyzerOptions = {}): Promise<ArticleAnalyzer> {
  const tokenizer = await loadJapaneseTokenizer();
  const matcher = new EntityNameMatcher(entities);
  const knownNames = new Set<string>();
  for (const entity of entities) {
    for (const name of [entity.name, entity.nameJa, ...(entity.aliases ?? [])]) if (name) knownNames.add(foldName(name));
  }
  return { analyze: (input) => analyzeArticle(input, matcher, knownNames, tokenizer, options) };
}
