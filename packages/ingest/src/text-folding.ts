/**
 * Folding text so that spellings of one name compare equal: NFKC (full-width Ｎｖｉｄｉａ and
 * half-width ｴﾇﾋﾞﾃﾞｨｱ become Nvidia and エヌビディア), lower case, one space for any run of
 * whitespace, and no middle dot or space between two katakana (ジェンセン・フアン,
 * ジェンセン･フアン, ジェンセン フアン and ジェンセンフアン all fold to ジェンセンフアン).
 *
 * Folding changes lengths, so the folded text keeps, for each of its characters, the range of
 * the original text it came from: a match in the folded text maps back to exact offsets.
 */

export interface FoldedText {
  readonly folded: string;
  /** For each UTF-16 unit of `folded`: where its source starts in the original text. */
  readonly originalStart: Int32Array;
  /** For each UTF-16 unit of `folded`: where its source ends (exclusive) in the original text. */
  readonly originalEnd: Int32Array;
}

/** Middle dots that separate the parts of a foreign name written in katakana. */
const NAME_DOTS = new Set(["・", "･", "·", "•", "‧", "∙", "⋅"]);

/** Marks that combine with the katakana before them once NFKC has run (ｶﾞ → ガ). */
function isCombiningSoundMark(char: string): boolean {
  return char === "\uFF9E" || char === "\uFF9F" || char === "\u3099" || char === "\u309A";
}

export function isKatakana(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.codePointAt(0) ?? 0;
  // Katakana block (without the middle dot U+30FB) and the prolonged sound mark.
  return (code >= 0x30a1 && code <= 0x30fa) || code === 0x30fc || (code >= 0x31f0 && code <= 0x31ff);
}

/** Typographic variants NFKC leaves alone but a name comparison should not see. */
const EXTRA_FOLDS: Readonly<Record<string, string>> = {
  "’": "'",
  "‘": "'",
  "`": "'",
  "“": '"',
  "”": '"',
  "‐": "-",
  "‑": "-",
  "–": "-",
  "—": "-",
  "−": "-",
};

function foldUnit(unit: string): string {
  const nfkc = unit.normalize("NFKC");
  let out = "";
  for (const char of nfkc) out += EXTRA_FOLDS[char] ?? char;
  return out.toLowerCase();
}

function isFoldableSpace(char: string): boolean {
  return /\s/u.test(char);
}

/** Folds `text`, keeping the map back to it. */
export function foldText(text: string): FoldedText {
  // The text is read in units: one code point, plus any sound mark that combines with it.
  const units: { start: number; end: number; folded: string }[] = [];
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) ?? 0;
    let end = index + (codePoint > 0xffff ? 2 : 1);
    while (end < text.length && isCombiningSoundMark(text[end] as string)) end += 1;
    // Whitespace runs fold to one space covering the whole run.
    if (isFoldableSpace(text.slice(index, end))) {
      while (end < text.length && isFoldableSpace(text[end] as string)) end += 1;
      units.push({ start: index, end, folded: " " });
    } else {
      units.push({ start: index, end, folded: foldUnit(text.slice(index, end)) });
    }
    index = end;
  }

  let folded = "";
  const starts: number[] = [];
  const ends: number[] = [];
  for (let u = 0; u < units.length; u += 1) {
    const unit = units[u] as (typeof units)[number];
    const isSeparator = unit.folded === " " || NAME_DOTS.has(unit.folded);
    if (isSeparator) {
      const before = folded.length > 0 ? folded[folded.length - 1] : undefined;
      const after = units[u + 1]?.folded[0];
      // A dot or space between two katakana only separates the parts of one name.
      if (isKatakana(before) && isKatakana(after)) continue;
    }
    for (let k = 0; k < unit.folded.length; k += 1) {
      starts.push(unit.start);
      ends.push(unit.end);
    }
    folded += unit.folded;
  }
  return { folded, originalStart: Int32Array.from(starts), originalEnd: Int32Array.from(ends) };
}

/** The folded form of a name, for comparison only. */
export function foldName(name: string): string {
  return foldText(name.trim()).folded;
}
