import type { EntityTypeName } from "@kgx/domain";
import type { CandidateOccurrence } from "./candidate-occurrence.ts";
import type { JapaneseToken } from "./japanese-tokenizer.ts";
import { isJapaneseChar } from "./language.ts";
import { isKatakana } from "./text-folding.ts";

/**
 * Japanese candidates from kuromoji's morphemes: proper nouns tagged 人名, 組織 or 地域, family and
 * given names joined, and the parts of a katakana name joined into one, typed by the title or
 * suffix written after them.
 */

/** Katakana written after a name that make it a person's: 佐藤社長, ペトロフ氏, フアンCEO. */
const PERSON_TITLES = new Set([
  "氏",
  "さん",
  "様",
  "社長",
  "会長",
  "副社長",
  "長官",
  "大臣",
  "大統領",
  "首相",
  "議員",
  "代表",
  "最高経営責任者",
  "創業者",
  "教授",
  "博士",
  "総裁",
  "主席",
  "知事",
  "市長",
  "所長",
  "理事長",
  "局長",
  "次官",
  "委員長",
  "部長",
  "CEO",
  "CFO",
  "CTO",
  "COO",
  "アナリスト",
  "研究員",
  "幹部",
  "元",
  "前",
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
export function japaneseOccurrences(tokens: readonly JapaneseToken[]): CandidateOccurrence[] {
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
