import type { ArticleFigure, ArticleSentence } from "./article.ts";

/**
 * Figures with units, normalised to a number and a unit: 45億ドル and "$4.5 billion" are both
 * 4.5e9 USD, 30万個 and "300,000 units" both 300000 units, 15％ and "15 percent" both 15 %.
 * Numbers may be written with full-width digits, thousands separators, decimals, the Japanese
 * myriads 万・億・兆 and kanji numerals (三十万). A range ("60〜80%") gives both ends.
 */

/** Full-width digits and signs become ASCII one for one, so offsets in the result are offsets in the text. */
function narrowDigits(text: string): string {
  return text.replace(/[０-９％，．＄～]/g, (char) => {
    const code = char.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 0x30);
    return { "％": "%", "，": ",", "．": ".", "＄": "$", "～": "~" }[char] ?? char;
  });
}

const KANJI_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const KANJI_SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const MYRIADS: Readonly<Record<string, number>> = { 万: 1e4, 億: 1e8, 兆: 1e12 };

/** 二千五百 → 2500, 三十 → 30, 1,200 → 1200, 4.5 → 4.5. */
function parseSmallNumber(text: string): number {
  if (/^[0-9.,]+$/.test(text)) return Number(text.replace(/,/g, ""));
  let total = 0;
  let digit: number | undefined;
  for (const char of text) {
    const value = KANJI_DIGITS[char];
    if (value !== undefined) {
      digit = (digit ?? 0) * 10 + value;
      continue;
    }
    const unit = KANJI_SMALL_UNITS[char];
    if (unit !== undefined) {
      total += (digit ?? 1) * unit;
      digit = undefined;
    }
  }
  return total + (digit ?? 0);
}

/** 1兆2000億 → 1.2e12, 30万 → 300000, 4.5億 → 4.5e8. */
export function parseJapaneseNumber(text: string): number {
  let total = 0;
  let part = "";
  for (const char of text) {
    const myriad = MYRIADS[char];
    if (myriad !== undefined) {
      total += (part === "" ? 1 : parseSmallNumber(part)) * myriad;
      part = "";
    } else {
      part += char;
    }
  }
  if (part !== "") total += parseSmallNumber(part);
  return total;
}

const ARABIC = String.raw`[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?`;
const KANJI_NUMBER = "[〇零一二三四五六七八九十百千]+";
const JAPANESE_NUMBER = `(?:(?:${ARABIC}|${KANJI_NUMBER})[万億兆])*(?:${ARABIC}|${KANJI_NUMBER})?`;

const JAPANESE_UNITS: readonly (readonly [string, string])[] = [
  ["米ドル", "USD"],
  ["ドル", "USD"],
  ["人民元", "CNY"],
  ["元", "CNY"],
  ["円", "JPY"],
  ["ユーロ", "EUR"],
  ["ウォン", "KRW"],
  ["パーセント", "%"],
  ["%", "%"],
  ["個", "units"],
  ["台", "units"],
  ["枚", "units"],
  ["基", "units"],
  ["ナノメートル", "nm"],
  ["ナノ", "nm"],
  ["nm", "nm"],
];
const JAPANESE_FIGURE = new RegExp(`(${JAPANESE_NUMBER})\\s?(${JAPANESE_UNITS.map(([word]) => word).join("|")})`, "g");

const SCALES: Readonly<Record<string, number>> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
};
const SCALE_WORDS = "thousand|million|billion|trillion|bn|mn|tn|k|m|b";
const CURRENCY_PREFIXES: Readonly<Record<string, string>> = { US$: "USD", $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY", RMB: "CNY", "CN¥": "CNY" };
const CURRENCY_WORDS: Readonly<Record<string, string>> = {
  dollar: "USD",
  dollars: "USD",
  usd: "USD",
  yuan: "CNY",
  renminbi: "CNY",
  cny: "CNY",
  rmb: "CNY",
  yen: "JPY",
  jpy: "JPY",
  euro: "EUR",
  euros: "EUR",
  eur: "EUR",
};
const COUNT_WORDS = "units|unit|chips|chip|gpus|processors|accelerators|wafers|servers|cards|pieces";

const PREFIXED_MONEY = new RegExp(String.raw`(US\$|CN¥|RMB|\$|€|£|¥)\s?(${ARABIC})(?:\s?(${SCALE_WORDS})\b)?`, "gi");
const WORDED_AMOUNT = new RegExp(
  // A model name may stand between a count and its unit ("20,000 H20 units"); it has a digit, so "5 Nvidia chips" keeps its own reading.
  String.raw`\b(${ARABIC})(?:[\s-]?(thousand|million|billion|trillion|bn|mn))?[\s-]?(?:(?<=\s)[\p{Lu}][\p{L}-]*\d[\p{L}\p{Nd}-]*\s(?=(?:${COUNT_WORDS})\b))?(dollars?|usd|yuan|renminbi|cny|rmb|yen|jpy|euros?|eur|${COUNT_WORDS}|percent|per cent|percentage points|%|nanometers?|nanometres?|nm)(?![\p{L}])`,
  "giu",
);

interface RawFigure {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly unit: string;
}

function englishUnit(word: string): string {
  const lower = word.toLowerCase();
  if (CURRENCY_WORDS[lower]) return CURRENCY_WORDS[lower];
  if (lower === "%" || lower.startsWith("percent") || lower === "per cent") return "%";
  if (lower.startsWith("nanomet") || lower === "nm") return "nm";
  return "units";
}

function rawFigures(text: string): RawFigure[] {
  const narrow = narrowDigits(text);
  const found: RawFigure[] = [];
  for (const match of narrow.matchAll(JAPANESE_FIGURE)) {
    const number = match[1] as string;
    if (number === "" || !/[0-9〇零一二三四五六七八九十百千]/.test(number)) continue;
    const start = match.index;
    // 数十億ドル, 何万個: "several" is not a number.
    if (/[数何]/.test(narrow[start - 1] ?? "")) continue;
    // A kanji numeral that is part of a word (統一円) is no figure: require a non-kanji before it.
    const previous = narrow[start - 1] ?? "";
    if (/^[〇零一二三四五六七八九十百千]/.test(number) && /\p{Script=Han}/u.test(previous) && !"約計各総全毎".includes(previous)) continue;
    if (/[0-9.]/.test(narrow[start - 1] ?? "")) continue;
    const unitWord = match[2] as string;
    const unit = JAPANESE_UNITS.find(([word]) => word === unitWord)?.[1] ?? "units";
    found.push({ start, end: start + match[0].length, value: parseJapaneseNumber(number), unit });
  }
  for (const match of narrow.matchAll(PREFIXED_MONEY)) {
    const prefix = (match[1] as string).toUpperCase();
    const scale = match[3] ? (SCALES[match[3].toLowerCase()] ?? 1) : 1;
    let end = match.index + match[0].length;
    let value = Number((match[2] as string).replace(/,/g, "")) * scale;
    // "$4.5億" (rare, but seen): a myriad straight after the number.
    const myriad = MYRIADS[narrow[end] ?? ""];
    if (!match[3] && myriad !== undefined) {
      value *= myriad;
      end += 1;
    }
    found.push({ start: match.index, end, value, unit: CURRENCY_PREFIXES[prefix] ?? CURRENCY_PREFIXES[match[1] as string] ?? "USD" });
  }
  for (const match of narrow.matchAll(WORDED_AMOUNT)) {
    const scale = match[2] ? (SCALES[match[2].toLowerCase()] ?? 1) : 1;
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      value: Number((match[1] as string).replace(/,/g, "")) * scale,
      unit: englishUnit(match[3] as string),
    });
  }
  return found;
}

/** "60〜80%", "40-45億ドル": the lower end of a range written just before a figure, in the figure's unit and scale. */
function rangeLowerEnd(narrow: string, figure: RawFigure): RawFigure | undefined {
  const before = narrow.slice(Math.max(0, figure.start - 24), figure.start);
  const match = new RegExp(`(${ARABIC})\\s?[〜~–—-]\\s?$`).exec(before);
  if (!match) return undefined;
  const start = figure.start - before.length + match.index;
  if (/[0-9.,]/.test(narrow[start - 1] ?? "")) return undefined;
  const lower = Number((match[1] as string).replace(/,/g, ""));
  const upperNumber = /^(?:US\$|\$|€|£|¥)?\s?([0-9.,]+)/.exec(narrow.slice(figure.start, figure.end));
  const upperBare = upperNumber ? Number((upperNumber[1] as string).replace(/,/g, "")) : Number.NaN;
  // The upper end's scale (億, billion) applies to the lower end too.
  const scale = Number.isFinite(upperBare) && upperBare !== 0 ? figure.value / upperBare : 1;
  return { start, end: start + (match[1] as string).length, value: lower * scale, unit: figure.unit };
}

/** The figures in the text, in reading order, each in the sentence it stands in. */
export function findFigures(text: string, sentences: readonly ArticleSentence[], sentenceAt: (at: number) => number): ArticleFigure[] {
  const narrow = narrowDigits(text);
  const raw = rawFigures(text);
  raw.push(...raw.map((figure) => rangeLowerEnd(narrow, figure)).filter((figure): figure is RawFigure => figure !== undefined));
  // Longest first, then keep only figures that overlap none already kept ("$4.5 billion" over "4.5 billion").
  raw.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const figures: ArticleFigure[] = [];
  for (const figure of raw) {
    if (!Number.isFinite(figure.value)) continue;
    if (taken.subarray(figure.start, figure.end).some((cell) => cell === 1)) continue;
    const sentence = sentenceAt(figure.start);
    if (sentence < 0 || sentences[sentence] === undefined) continue;
    taken.fill(1, figure.start, figure.end);
    figures.push({
      text: text.slice(figure.start, figure.end),
      value: roundFloat(figure.value),
      unit: figure.unit,
      sentence,
      start: figure.start,
      end: figure.end,
    });
  }
  return figures.sort((a, b) => a.start - b.start);
}

/** 4.5 × 1e9 is 4500000000.000001 in floating point; a figure is never that precise. */
function roundFloat(value: number): number {
  return Number(value.toPrecision(12));
}
