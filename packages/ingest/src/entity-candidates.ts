import nlp from "compromise";
import type { EntityTypeName } from "@kgx/domain";
import type { ArticleSentence, EntityCandidate, EntityMention } from "./article.ts";
import type { JapaneseToken } from "./japanese-tokenizer.ts";
import { isJapaneseChar } from "./language.ts";
import { foldName, isKatakana } from "./text-folding.ts";

/**
 * Proper nouns that match no known entity, each with a proposed type: the people, companies and
 * places a person may want to add. Japanese ones come from kuromoji's proper-noun tags
 * (固有名詞: 人名, 組織, 地域), family and given names and the parts of a katakana name joined
 * into one; English ones from compromise's people, organisations and places, plus capitalised
 * sequences, acronyms and model numbers (H20, MI308, Ascend 910C) it does not know.
 */

/** One place a candidate was found, before grouping. */
interface CandidateOccurrence {
  readonly start: number;
  readonly end: number;
  readonly type: EntityTypeName;
  /** A capitalised word at the start of a sentence may be an ordinary word; it counts only beside a sure occurrence. */
  readonly weak?: boolean;
  /** The type is a guess from the number of words alone; any occurrence with a reason for its type outvotes it. */
  readonly guessed?: boolean;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const STOPWORDS = new Set([
  ...MONTHS, ...WEEKDAYS,
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their",
  "our", "but", "and", "or", "yet", "so", "if", "in", "on", "at", "for", "of", "to", "by", "with", "from", "as", "after", "before",
  "when", "while", "however", "meanwhile", "still", "also", "some", "many", "most", "there", "here", "what", "why", "how", "who",
  "today", "yesterday", "tomorrow", "last", "next", "new", "according", "mr", "mrs", "ms", "dr", "prof",
]);
/** Titles and roles: words around a name, never a name themselves. */
const TITLE_WORDS = new Set([
  "ceo", "cfo", "cto", "coo", "chief", "executive", "officer", "president", "vice", "secretary", "minister", "director",
  "chairman", "chairwoman", "chair", "founder", "co-founder", "analyst", "spokesperson", "spokesman", "spokeswoman",
  "deputy", "senior", "head", "commissioner", "undersecretary", "governor", "senator", "representative", "professor",
  "partner", "researcher", "manager", "general", "former",
]);
/** Acronyms of common words, not of names. */
const COMMON_ACRONYMS = new Set([
  "ai", "gpu", "gpus", "cpu", "cpus", "npu", "hbm", "ceo", "cfo", "cto", "coo", "us", "usa", "uk", "eu", "un", "it", "pc", "ok",
  "etf", "etfs", "ipo", "gdp", "r&d", "q1", "q2", "q3", "q4", "nm", "tv", "api", "faq", "llm", "llms", "dram", "soc", "ic", "ics",
  "defi", "nft", "url", "pdf", "html", "www", "http", "https", "com",
]);
const ORGANIZATION_WORDS = new Set([
  "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "llc", "plc", "group", "holdings", "technologies",
  "technology", "semiconductor", "semiconductors", "systems", "labs", "electronics", "capital", "partners", "ventures", "bank",
  "institute", "institution", "university", "department", "ministry", "agency", "bureau", "commission", "council",
  "administration", "office", "association", "foundation", "fund", "securities", "research", "microsystems", "micro", "microelectronics", "compute", "devices",
  "networks", "motors", "industries", "international", "authority", "committee", "ai", "silicon", "computing", "robotics", "software",
]);
/** A government portfolio before a title ("Commerce Secretary"): part of the title, not a name. */
const PORTFOLIO_WORDS = new Set(["commerce", "treasury", "trade", "state", "defense", "defence", "foreign", "finance", "energy", "justice", "interior", "homeland", "industry"]);
/**
 * What an appositive after a name says it is: "Kestrel Silicon, a young server maker based in …"
 * names a company whatever its words look like.
 */
const ORGANIZATION_APPOSITIVE = /^,\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,4}?(?:maker|company|firm|start-?up|manufacturer|supplier|vendor|provider|designer|developer|operator|distributor|group|lab|laboratory|foundry|chipmaker|retailer|reseller|integrator|conglomerate|subsidiary)\b/iu;
const PLACE_WORDS = new Set(["city", "province", "county", "state", "island", "islands", "republic", "valley", "bay"]);
const HONORIFICS = /^(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sen|Rep|Gov|Gen)\.\s+/;

/** Katakana written after a name that make it a person's: 佐藤社長, ペトロフ氏, フアンCEO. */
const PERSON_TITLES = new Set([
  "氏", "さん", "様", "社長", "会長", "副社長", "長官", "大臣", "大統領", "首相", "議員", "代表", "最高経営責任者", "創業者",
  "教授", "博士", "総裁", "主席", "知事", "市長", "所長", "理事長", "局長", "次官", "委員長", "部長", "CEO", "CFO", "CTO", "COO",
  "アナリスト", "研究員", "幹部", "元", "前",
]);
/** Written after a name that make it an organisation's: ビレン社, カンブリコングループ. */
const ORGANIZATION_SUFFIXES = new Set(["社", "株式会社", "グループ", "ホールディングス", "銀行", "大学", "研究所", "省", "庁", "当局", "財団", "工業", "電子"]);

/** The organisation suffixes that belong to the name itself. */
const NAME_PART_SUFFIXES = new Set(["グループ", "ホールディングス", "銀行", "大学", "研究所", "財団", "工業", "電子"]);

function isProperNounToken(token: JapaneseToken): boolean {
  return token.pos === "名詞" && token.posDetail1 === "固有名詞" && ["人名", "組織", "地域"].includes(token.posDetail2);
}

function isKatakanaWord(surface: string): boolean {
  return surface.length > 0 && [...surface].every((char) => isKatakana(char));
}

function isNameDot(token: JapaneseToken): boolean {
  return token.surface === "・" || token.surface === "･";
}

function typeOfTag(tag: string): EntityTypeName | undefined {
  if (tag === "人名") return "Person";
  if (tag === "組織") return "Organization";
  if (tag === "地域") return "Place";
  return undefined;
}

/** Candidates from the morphemes of one Japanese sentence. */
function japaneseOccurrences(tokens: readonly JapaneseToken[]): CandidateOccurrence[] {
  const found: CandidateOccurrence[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as JapaneseToken;
    if (!isJapaneseChar(token.surface[0]) || token.pos !== "名詞") {
      i += 1;
      continue;
    }
    const katakana = isKatakanaWord(token.surface);
    const run: JapaneseToken[] = [];
    if (katakana) {
      // A katakana name: katakana nouns, joined over the middle dots between them (ダニエル・ニューマン, ファー+ウェイ).
      let j = i;
      while (j < tokens.length) {
        const current = tokens[j] as JapaneseToken;
        if (current.pos === "名詞" && isKatakanaWord(current.surface)) {
          run.push(current);
          j += 1;
        } else if (isNameDot(current) && run.length > 0 && tokens[j + 1] && isKatakanaWord((tokens[j + 1] as JapaneseToken).surface)) {
          run.push(current);
          j += 1;
        } else break;
      }
    } else if (isProperNounToken(token)) {
      // Kanji proper nouns join only family + given name (佐藤+健一) and the parts of an organisation's name;
      // two places side by side (米+中) are two places.
      run.push(token);
      let j = i + 1;
      while (j < tokens.length) {
        const current = tokens[j] as JapaneseToken;
        const previous = run[run.length - 1] as JapaneseToken;
        const sameKind = isProperNounToken(current) && current.posDetail2 === previous.posDetail2 && previous.posDetail2 !== "地域";
        if (!sameKind || isKatakanaWord(current.surface) || !isJapaneseChar(current.surface[0])) break;
        run.push(current);
        j += 1;
      }
    }
    if (run.length === 0) {
      i += 1;
      continue;
    }
    const next = tokens[i + run.length];
    const first = run[0] as JapaneseToken;
    const last = run[run.length - 1] as JapaneseToken;
    // A lone family or given name with no title after it is how Japanese news almost never names a
    // person (田中氏, 田中一郎 are); kuromoji tags many kanji place names so (成都 as a family name).
    if (run.length === 1 && first.posDetail2 === "人名" && !(next && PERSON_TITLES.has(next.surface))) {
      i += run.length;
      continue;
    }
    const tags = run.filter(isProperNounToken).map((t) => t.posDetail2);
    let type: EntityTypeName | undefined;
    if (next && PERSON_TITLES.has(next.surface) && next.surface !== "元" && next.surface !== "前") type = "Person";
    else if (next && ORGANIZATION_SUFFIXES.has(next.surface)) type = "Organization";
    else if (tags.length > 0) {
      const counts = new Map<string, number>();
      for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      const best = Math.max(...counts.values());
      const leaders = [...counts].filter(([, n]) => n === best).map(([tag]) => tag);
      // On a tie the last part decides: a family name or a company's head noun comes last.
      const lastTag = isProperNounToken(last) ? last.posDetail2 : undefined;
      type = typeOfTag(lastTag !== undefined && leaders.includes(lastTag) ? lastTag : (leaders[0] as string));
    }
    // カワセミ電子, トウカイ工業: these suffixes are part of the company's name, where 社 or 当局 only say what it is.
    const end = type === "Organization" && next && NAME_PART_SUFFIXES.has(next.surface) ? next.end : last.end;
    if (type && end - first.start >= 2) found.push({ start: first.start, end, type });
    i += run.length;
  }
  return found;
}

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
function isOrdinaryWord(word: string): boolean {
  const lower = word.toLowerCase();
  const entry = COMPROMISE_LEXICON[lower];
  if (entry !== undefined) {
    const tags = Array.isArray(entry) ? entry.join(",") : entry;
    return !NAME_TAGS.test(tags);
  }
  return /(?:tion|sion|ance|ence|ment|ness|ity|ship|ies)$/.test(lower) || HEADLINE_NOUNS.has(lower);
}
/** Nouns common in news headlines that the lexicon lacks. */
const HEADLINE_NOUNS = new Set(["source", "sources", "firms", "firm", "chip", "chips", "guidance", "authorities", "officials", "market", "markets", "sales", "shares", "stocks", "deal", "talks", "report", "update", "news", "comment", "comments"]);

/** A headline in title case ("China Urges Firms Not to Use …"): its capitals say nothing about names. */
function isTitleCase(words: readonly Word[]): boolean {
  const long = words.filter((w) => w.text.length >= 4 && /^\p{L}/u.test(w.text));
  if (long.length < 4) return false;
  return long.filter((w) => /^\p{Lu}/u.test(w.text)).length / long.length >= 0.75;
}

/** The English type a name suggests by its form, or undefined when only context could say. */
function typeByForm(words: readonly string[]): EntityTypeName | undefined {
  const lower = words.map((w) => w.toLowerCase());
  if (words.some(isModelNumber)) return "Chip";
  if (lower.some((w) => ORGANIZATION_WORDS.has(w)) && words.length > 1) return "Organization";
  if (lower.some((w) => PLACE_WORDS.has(w)) && words.length > 1) return "Place";
  if (words.length === 1 && isAcronym(words[0] as string)) return "Organization";
  return undefined;
}

/** Capitalised sequences of one stretch of Latin text, typed by form, by compromise, or as a person's name. */
function latinSequences(text: string, from: number, to: number, labels: ReadonlyMap<number, EntityTypeName>, sentenceStart: number): CandidateOccurrence[] {
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
      else if (CONNECTORS.has(word.toLowerCase()) && words[j + 1] && isCapitalised((words[j + 1] as Word).text) && text.slice(words[j]!.end, words[j + 1]!.start) === " ") j += 2;
      else break;
    }
    let sequence = words.slice(i, j);
    // "Hefei-based Anlan Micro": the place goes before the name, and is not part of it.
    if (sequence.length > 1 && /-based$/i.test(sequence[0]!.text)) sequence = sequence.slice(1);
    // Leading and trailing stopwords and titles are not part of a name ("The Futurum Group", "Commerce Secretary").
    while (sequence.length > 0 && (STOPWORDS.has(sequence[0]!.text.toLowerCase()) || TITLE_WORDS.has(sequence[0]!.text.toLowerCase().replace(/\.$/, "")))) sequence = sequence.slice(1);
    while (sequence.length > 0 && (STOPWORDS.has(sequence.at(-1)!.text.toLowerCase()) || TITLE_WORDS.has(sequence.at(-1)!.text.toLowerCase()) || CONNECTORS.has(sequence.at(-1)!.text.toLowerCase()))) sequence = sequence.slice(0, -1);
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
    const placed = /\b(?:in|from|near|outside)\s+$/i.test(text.slice(Math.max(0, start - 12), start)) || /^-based\b/.test(text.slice(end, end + 7)) ? "Place" : undefined;
    const type = byForm ?? appositive ?? label ?? placed ?? (names.length >= 2 && names.length <= 3 ? "Person" : "Organization");
    const atSentenceStart = /^["'“‘(\s]*$/u.test(text.slice(sentenceStart, start));
    const weak = atSentenceStart && names.length === 1 && label === undefined && !isAcronym(names[0] as string) && !isModelNumber(names[0] as string);
    const guessed = byForm === undefined && appositive === undefined && label === undefined && placed === undefined;
    found.push({ start, end, type, weak, guessed });
  }
  return found;
}

/** Where compromise sees people, organisations and places: its label by the start and end offsets of each. */
function compromiseLabels(text: string): Map<number, EntityTypeName> {
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
    if (key.length < 2 || STOPWORDS.has(key) || TITLE_WORDS.has(key) || COMMON_ACRONYMS.has(key.replace(/\./g, "")) || inputs.knownNames.has(key) || inputs.knownNames.has(foldName(surface))) continue;
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
