import nlp from "compromise";
import type { EntityTypeName } from "@kgx/domain";
import type { CandidateOccurrence } from "./candidate-occurrence.ts";
import { wordList } from "./word-list.ts";

/**
 * English candidates: capitalised sequences, acronyms and model numbers, typed by their form, by
 * what compromise labels them, or by the words around them; and the word lists that say which
 * capitalised words are not names.
 */

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
export const STOPWORDS = new Set([
  ...MONTHS,
  ...WEEKDAYS,
  ...wordList(
    "jan feb mar apr jun jul aug sep sept oct nov dec the a an this that these those it its he she they we i you his her their our but " +
      "and or yet so if in on at for of to by with from as after before when while however meanwhile still also some many most there here " +
      "what why how who today yesterday tomorrow last next new according mr mrs ms dr prof",
  ),
]);
/** Titles and roles: words around a name, never a name themselves. */
export const TITLE_WORDS = new Set(
  wordList(
    "ceo cfo cto coo chief executive officer president vice secretary minister director chairman chairwoman chair founder co-founder " +
      "analyst spokesperson spokesman spokeswoman deputy senior head commissioner undersecretary governor senator representative " +
      "professor partner researcher manager general former",
  ),
);
/** Acronyms of common words, not of names. */
export const COMMON_ACRONYMS = new Set(
  wordList(
    "ai gpu gpus cpu cpus npu hbm ceo cfo cto coo us usa uk eu un it pc ok etf etfs ipo gdp r&d q1 q2 q3 q4 nm tv api faq llm llms dram " +
      "soc ic ics defi nft url pdf html www http https com",
  ),
);
const ORGANIZATION_WORDS = new Set(
  wordList(
    "inc inc. corp corp. corporation co co. ltd ltd. llc plc group holdings technologies technology semiconductor semiconductors " +
      "systems labs electronics capital partners ventures bank institute institution university department ministry agency bureau " +
      "commission council administration office association foundation fund securities research microsystems micro microelectronics " +
      "compute devices networks motors industries international authority committee ai silicon computing robotics software",
  ),
);
/** A government portfolio before a title ("Commerce Secretary"): part of the title, not a name. */
export const PORTFOLIO_WORDS = new Set(wordList("commerce treasury trade state defense defence foreign finance energy justice interior homeland industry"));
/**
 * What an appositive after a name says it is: "Kestrel Silicon, a young server maker based in …"
 * names a company whatever its words look like.
 */
const ORGANIZATION_APPOSITIVE =
  /^,\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,4}?(?:maker|company|firm|start-?up|manufacturer|supplier|vendor|provider|designer|developer|operator|distributor|group|lab|laboratory|foundry|chipmaker|retailer|reseller|integrator|conglomerate|subsidiary)\b/iu;
const PLACE_WORDS = new Set(["city", "province", "county", "state", "island", "islands", "republic", "valley", "bay"]);
const HONORIFICS = /^(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sen|Rep|Gov|Gen)\.\s+/;

const ENGLISH_WORD = /[\p{L}\p{Nd}][\p{L}\p{Nd}&'’.-]*/gu;

interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function wordsOf(text: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  ENGLISH_WORD.lastIndex = 0;
  for (const match of text.slice(from, to).matchAll(ENGLISH_WORD)) {
    let word = match[0];
    // A sentence's full stop or a possessive is not part of the name; "Inc." and "U.S." keep their dots.
    if (word.endsWith(".") && !/^(?:\p{L}\.)+$/u.test(word) && !ORGANIZATION_WORDS.has(word.toLowerCase())) word = word.replace(/\.+$/, "");
    word = word.replace(/['’]s$/u, "").replace(/[-'’]+$/u, "");
    if (word.length === 0) continue;
    words.push({ start: from + match.index, end: from + match.index + word.length, text: word });
  }
  return words;
}

function isModelNumber(word: string): boolean {
  return /^(?=.*\p{L})(?=.*\p{Nd})[\p{L}\p{Nd}-]{2,}$/u.test(word) && /^[\p{Lu}\p{Nd}]/u.test(word) && !/^\d+(?:st|nd|rd|th|s)$/i.test(word);
}

function isAcronym(word: string): boolean {
  return /^\p{Lu}[\p{Lu}&]{1,}$/u.test(word) || /^(?:\p{Lu}\.){2,}$/u.test(word);
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word) || isModelNumber(word);
}

const CONNECTORS = new Set(["of", "and", "&", "for", "de", "la", "von", "van", "der", "du"]);

const COMPROMISE_LEXICON: Readonly<Record<string, string | string[]>> = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
/** Lexicon tags that mark a name rather than an ordinary word. */
const NAME_TAGS = /Name|Person|Place|Country|City|Region|Organization|Company|ProperNoun|Month|WeekDay/;

/**
 * An ordinary English word written with a capital (a headline's "Chips", "Guidance"): in
 * compromise's lexicon as something other than a name, or formed like an abstract noun.
 */
export function isOrdinaryWord(word: string): boolean {
  const lower = word.toLowerCase();
  const entry = COMPROMISE_LEXICON[lower];
  if (entry !== undefined) {
    const tags = Array.isArray(entry) ? entry.join(",") : entry;
    return !NAME_TAGS.test(tags);
  }
  return /(?:tion|sion|ance|ence|ment|ness|ity|ship|ies)$/.test(lower) || HEADLINE_NOUNS.has(lower);
}
/** Nouns common in news headlines that the lexicon lacks. */
const HEADLINE_NOUNS = new Set(
  wordList(
    "source sources firms firm chip chips guidance authorities officials market markets sales shares stocks deal talks report update " +
      "news comment comments",
  ),
);

/** A headline in title case ("China Urges Firms Not to Use …"): its capitals say nothing about names. */
function isTitleCase(words: readonly Word[]): boolean {
  const long = words.filter((w) => w.text.length >= 4 && /^\p{L}/u.test(w.text));
  if (long.length < 4) return false;
  return long.filter((w) => /^\p{Lu}/u.test(w.text)).length / long.length >= 0.75;
}

/** The English type a name suggests by its form, or undefined when only context could say. */
export function typeByForm(words: readonly string[]): EntityTypeName | undefined {
  const lower = words.map((w) => w.toLowerCase());
  if (words.some(isModelNumber)) return "Chip";
  if (lower.some((w) => ORGANIZATION_WORDS.has(w)) && words.length > 1) return "Organization";
  if (lower.some((w) => PLACE_WORDS.has(w)) && words.length > 1) return "Place";
  if (words.length === 1 && isAcronym(words[0] as string)) return "Organization";
  return undefined;
}

/** Capitalised sequences of one stretch of Latin text, typed by form, by compromise, or as a person's name. */
export function latinSequences(
  text: string,
  from: number,
  to: number,
  labels: ReadonlyMap<number, EntityTypeName>,
  sentenceStart: number,
): CandidateOccurrence[] {
  const found: CandidateOccurrence[] = [];
  const words = wordsOf(text, from, to);
  const titleCase = isTitleCase(words);
  let i = 0;
  while (i < words.length) {
    if (!isCapitalised((words[i] as Word).text)) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < words.length) {
      const gap = text.slice((words[j - 1] as Word).end, (words[j] as Word).start);
      if (!/^[ \u00a0]?$/.test(gap) && !/^,\s$/.test(gap) && gap !== " ") break;
      const word = (words[j] as Word).text;
      // ", Inc." belongs to the name; a comma before anything else ends it.
      if (gap.startsWith(",") && !ORGANIZATION_WORDS.has(word.toLowerCase())) break;
      if (isCapitalised(word)) j += 1;
      else if (
        CONNECTORS.has(word.toLowerCase()) &&
        words[j + 1] &&
        isCapitalised((words[j + 1] as Word).text) &&
        text.slice(words[j]!.end, words[j + 1]!.start) === " "
      )
        j += 2;
      else break;
    }
    let sequence = words.slice(i, j);
    // "Hefei-based Anlan Micro": the place goes before the name, and is not part of it.
    if (sequence.length > 1 && /-based$/i.test(sequence[0]!.text)) sequence = sequence.slice(1);
    // Leading and trailing stopwords and titles are not part of a name ("The Futurum Group", "Commerce Secretary").
    while (sequence.length > 0 && (STOPWORDS.has(sequence[0]!.text.toLowerCase()) || TITLE_WORDS.has(sequence[0]!.text.toLowerCase().replace(/\.$/, ""))))
      sequence = sequence.slice(1);
    while (
      sequence.length > 0 &&
      (STOPWORDS.has(sequence.at(-1)!.text.toLowerCase()) ||
        TITLE_WORDS.has(sequence.at(-1)!.text.toLowerCase()) ||
        CONNECTORS.has(sequence.at(-1)!.text.toLowerCase()))
    )
      sequence = sequence.slice(0, -1);
    i = Math.max(j, i + 1);
    if (sequence.length === 0) continue;
    const names = sequence.map((w) => w.text);
    if (names.length === 1 && COMMON_ACRONYMS.has((names[0] as string).toLowerCase().replace(/\./g, ""))) continue;
    if (names.length === 1 && (names[0] as string).length < 2) continue;
    const start = sequence[0]!.start;
    const end = sequence.at(-1)!.end;
    const label = labels.get(start) ?? labels.get(end);
    const byForm = typeByForm(names);
    // In a title-case headline only what has a name's form or compromise's label is a name.
    if (titleCase && byForm === undefined && label === undefined) continue;
    if (names.length === 1 && byForm === undefined && label === undefined && isOrdinaryWord(names[0] as string)) continue;
    const appositive = ORGANIZATION_APPOSITIVE.test(text.slice(end, Math.min(text.length, end + 80))) ? "Organization" : undefined;
    // "in Chengdu", "from Hefei", "Shenzhen-based": where something is, when nothing else says what the name is.
    const placed =
      /\b(?:in|from|near|outside)\s+$/i.test(text.slice(Math.max(0, start - 12), start)) || /^-based\b/.test(text.slice(end, end + 7)) ? "Place" : undefined;
    const type = byForm ?? appositive ?? label ?? placed ?? (names.length >= 2 && names.length <= 3 ? "Person" : "Organization");
    const atSentenceStart = /^["'“‘(\s]*$/u.test(text.slice(sentenceStart, start));
    const weak = atSentenceStart && names.length === 1 && label === undefined && !isAcronym(names[0] as string) && !isModelNumber(names[0] as string);
    const guessed = byForm === undefined && appositive === undefined && label === undefined && placed === undefined;
    found.push({ start, end, type, weak, guessed });
  }
  return found;
}

/** Where compromise sees people, organisations and places: its label by the start and end offsets of each. */
export function compromiseLabels(text: string): Map<number, EntityTypeName> {
  const labels = new Map<number, EntityTypeName>();
  const doc = nlp(text);
  const kinds: [() => { json(options: object): unknown }, EntityTypeName][] = [
    [() => doc.places(), "Place"],
    [() => doc.organizations(), "Organization"],
    [() => doc.people(), "Person"],
  ];
  for (const [select, type] of kinds) {
    const matches = select().json({ offset: true }) as { text: string; offset?: { start: number; length: number } }[];
    for (const match of matches) {
      if (!match.offset) continue;
      const raw = text.slice(match.offset.start, match.offset.start + match.offset.length);
      const trimmed = raw.replace(HONORIFICS, "");
      const start = match.offset.start + (raw.length - trimmed.length);
      const core = trimmed.replace(/[\s,.;:!?"'’”)]+$/u, "");
      labels.set(start, type);
      labels.set(start + core.length, type);
    }
  }
  return labels;
}
