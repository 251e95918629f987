/** Which of the two languages kgx reads an article is in. */

export type ArticleLanguage = "en" | "ja";

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HAN = /\p{Script=Han}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * The language given (`en`, `ja`, or a tag such as `ja-JP`) or, for anything else, the one the
 * text is written in: Japanese when kana and kanji make up a fifth of its letters. Japanese
 * articles quote English names often, so the threshold is low; English ones rarely hold kana.
 */
export function articleLanguage(text: string, given?: string | null): ArticleLanguage {
  const primary = given?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === "en" || primary === "ja") return primary;
  return detectLanguage(text);
}

export function detectLanguage(text: string): ArticleLanguage {
  const japanese = count(text, KANA) + count(text, HAN);
  const latin = count(text, LATIN_LETTER);
  if (japanese === 0) return "en";
  return japanese / (japanese + latin) >= 0.2 ? "ja" : "en";
}

/** Kana or kanji: where Japanese word boundaries need the tokenizer. */
export function isJapaneseChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  return /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー々〆ヶ]/u.test(char);
}

/** Letters and digits of alphabetic scripts: where English word boundaries apply. */
export function isWordChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  return /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}_]/u.test(char);
}
