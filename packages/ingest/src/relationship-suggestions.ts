import { RELATIONSHIP_TYPE_NAMES, isAllowedEndpoint } from "@kgx/domain";
import type { EntityTypeName, RelationshipTypeName } from "@kgx/domain";
import type { ArticleSentence, EntityMention, RelationshipSuggestion } from "./article.ts";

/**
 * Relationships a sentence may support: for every two entities it mentions, every type the domain
 * model allows between their types, in either direction. Ranked by the words of the sentence
 * (規制 or "export control" for RESTRICTS, CEO for LEADS…), how close the two mentions stand and
 * whether the source of the relationship is named first, as a subject usually is. Only
 * suggestions: a person confirms each one before anything is written.
 */

/** Types the commit writes itself (MENTIONS) or that link articles and statements to their sources. */
const NOT_SUGGESTED: ReadonlySet<RelationshipTypeName> = new Set(["MENTIONS", "REPORTED_IN", "REPORTED_BY", "CITES"]);

/** At most this many suggestions per sentence, so the list stays reviewable. */
export const SUGGESTIONS_PER_SENTENCE = 5;

/**
 * Words that say a sentence states a relationship of the type. English cues match at a word start
 * (so "restrict" finds "restricted" and "restrictions"); Japanese cues anywhere in the sentence.
 */
const CUES: Readonly<Partial<Record<RelationshipTypeName, { readonly en: readonly string[]; readonly ja: readonly string[] }>>> = {
  LEADS: {
    en: [
      "ceo",
      "chief executive",
      "chief",
      "head",
      "heads",
      "headed",
      "leads",
      "led by",
      "chairman",
      "chairwoman",
      "president",
      "founder",
      "secretary",
      "director",
      "boss",
    ],
    ja: ["最高経営責任者", "CEO", "社長", "会長", "長官", "代表", "率い", "創業者", "トップ", "大臣", "総裁", "所長"],
  },
  WORKS_AT: {
    en: ["works at", "works for", "employee", "analyst at", "partner at", "director at", "researcher", "joined", "staff"],
    ja: ["所属", "勤務", "研究員", "アナリスト", "幹部", "担当", "社員"],
  },
  MAKES: {
    en: ["make", "makes", "made", "maker", "produce", "design", "develop", "launch", "unveil", "build", "sell", "sells", "ship"],
    ja: ["製造", "開発", "設計", "発売", "投入", "製品", "製", "販売", "出荷", "発表"],
  },
  MANUFACTURES: {
    en: ["manufactur", "fabricat", "foundry", "fab", "produce", "production", "process node"],
    ja: ["製造", "受託", "生産", "ファウンドリ", "プロセス", "製"],
  },
  ADOPTS: {
    en: ["adopt", "deploy", "buy", "bought", "purchas", "order", "switch", "use", "using"],
    ja: ["採用", "導入", "購入", "発注", "調達", "使用", "利用"],
  },
  USES: { en: ["built on", "based on", "uses", "using", "runs on", "powered by"], ja: ["使用", "搭載", "採用", "ベース", "プロセス"] },
  DEPENDS_ON: { en: ["depend", "rely", "reliance", "reliant", "dependent"], ja: ["依存", "頼", "頼ら"] },
  COMPETES_WITH: {
    en: ["compet", "rival", "challeng", "versus", "vs", "alternative", "replace", "fill the gap"],
    ja: ["競合", "競争", "対抗", "ライバル", "追随", "代替", "ギャップを埋め", "匹敵", "覇権"],
  },
  COMPARED_WITH: { en: ["compared", "comparable", "than", "percent of", "% of", "performance"], ja: ["比較", "匹敵", "性能", "比べ", "に達し"] },
  TARGETS: { en: ["target", "aimed at", "against", "covers", "applies to"], ja: ["対象", "狙い", "向け", "対中"] },
  ISSUED_BY: { en: ["issued", "announced", "imposed", "introduced", "guidance", "ordered"], ja: ["発表", "発令", "指示", "指針", "通達", "出した", "指定"] },
  RESTRICTS: {
    en: ["restrict", "ban", "banned", "export control", "curb", "limit", "block", "sanction", "prohibit", "bar", "barred", "urge", "not to use", "blacklist"],
    ja: ["規制", "禁止", "制限", "禁輸", "排除", "控える", "控え", "指導", "禁じ"],
  },
  APPROVES: {
    en: ["approv", "licen", "permit", "permission", "allow", "clear", "authori", "green light", "greenlight"],
    ja: ["承認", "許可", "認め", "容認", "解禁", "緩和", "再開"],
  },
  LED_TO: {
    en: ["led to", "result", "caus", "prompt", "forc", "trigger", "after", "because"],
    ja: ["結果", "により", "受け", "余儀なく", "きっかけ", "引き起こ"],
  },
  INVOLVES: { en: ["involv", "deal", "participat", "part in"], ja: ["関与", "参加", "関わ", "を巡"] },
  LOCATED_IN: { en: ["based in", "headquarter", "in"], ja: ["本社", "拠点", "所在", "にある", "の"] },
  PART_OF: { en: ["part of", "subsidiary", "unit of", "division", "arm of", "owned by", "belongs"], ja: ["傘下", "子会社", "部門", "一部"] },
  SAID: {
    en: ["said", "says", "told", "stated", "argued", "warned", "added", "noted", "according to"],
    ja: ["述べ", "語っ", "発言", "主張", "指摘", "と話", "コメント", "反論", "否定", "表明"],
  },
  ABOUT: { en: ["about", "regarding", "on the", "concerning"], ja: ["について", "に関し", "に関する", "を巡"] },
};

/** Types whose first entity takes something in: a seller named after "from" is not their subject. */
const BUYER_TYPES: ReadonlySet<RelationshipTypeName> = new Set(["ADOPTS", "USES", "DEPENDS_ON"]);

/** True when a name stands where a sentence names whom something comes from: "from Nvidia", "Nvidiaから". */
function isSellerPosition(text: string, start: number, end: number): boolean {
  return /\bfrom\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, start - 10), start)) || /^(?:社)?から/.test(text.slice(end, end + 3));
}

function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Precompiled cue patterns: one per type and language. */
const CUE_PATTERNS = new Map<RelationshipTypeName, { en: RegExp | undefined; ja: readonly string[] }>(
  Object.entries(CUES).map(([type, cues]) => [
    type as RelationshipTypeName,
    {
      en: cues.en.length > 0 ? new RegExp(`(?<![\\p{L}\\p{Nd}])(?:${cues.en.map(escapeForRegex).join("|")})`, "giu") : undefined,
      ja: cues.ja,
    },
  ]),
);

/** Where cue words of the type stand in the sentence (offsets in the sentence). */
function cuePositions(type: RelationshipTypeName, sentence: string): number[] {
  const patterns = CUE_PATTERNS.get(type);
  if (!patterns) return [];
  const positions: number[] = [];
  if (patterns.en) for (const match of sentence.matchAll(patterns.en)) positions.push(match.index);
  const lower = sentence.toLowerCase();
  for (const cue of patterns.ja) {
    const needle = cue.toLowerCase();
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) positions.push(at);
  }
  return positions;
}

/** How much a cue says, by how specific it is: the generic LOCATED_IN "in" or "の" says little. */
const WEAK_CUE_TYPES: ReadonlySet<RelationshipTypeName> = new Set(["LOCATED_IN", "ABOUT"]);

/** Types whose cue is a title standing against the person's name. */
const ROLE_TYPES: ReadonlySet<RelationshipTypeName> = new Set(["LEADS", "WORKS_AT"]);

/** Whether a cue at `at` stands within a few characters of one of the mentions. */
function touches(at: number, spans: readonly EntityMention[]): boolean {
  return spans.some((m) => (at >= m.end && at <= m.end + 3) || (at < m.start && at >= m.start - 25));
}

interface ScoredSuggestion extends RelationshipSuggestion {
  readonly order: number;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * The suggestions for the whole article, best first. `typeOf` gives each mentioned entity's type;
 * an entity whose type is unknown gets no suggestions.
 */
export function suggestRelationships(
  sentences: readonly ArticleSentence[],
  mentions: readonly EntityMention[],
  typeOf: (entityId: string) => EntityTypeName | undefined,
): RelationshipSuggestion[] {
  const bySentence = new Map<number, EntityMention[]>();
  for (const mention of mentions) {
    const list = bySentence.get(mention.sentence) ?? [];
    list.push(mention);
    bySentence.set(mention.sentence, list);
  }
  const all: ScoredSuggestion[] = [];
  const typeOrder = new Map(RELATIONSHIP_TYPE_NAMES.map((name, index) => [name, index]));
  for (const [sentenceIndex, sentenceMentions] of bySentence) {
    const sentence = sentences[sentenceIndex];
    if (!sentence) continue;
    const entityIds = [...new Set(sentenceMentions.map((m) => m.entityId))];
    const cueCache = new Map<RelationshipTypeName, number[]>();
    const cuesOf = (type: RelationshipTypeName): number[] => {
      let cached = cueCache.get(type);
      if (!cached) {
        cached = cuePositions(type, sentence.text).map((at) => at + sentence.start);
        cueCache.set(type, cached);
      }
      return cached;
    };
    const scored: ScoredSuggestion[] = [];
    for (let a = 0; a < entityIds.length; a += 1) {
      for (let b = 0; b < entityIds.length; b += 1) {
        if (a === b) continue;
        const from = entityIds[a] as string;
        const to = entityIds[b] as string;
        const fromType = typeOf(from);
        const toType = typeOf(to);
        if (!fromType || !toType) continue;
        // The closest pair of mentions of the two entities in the sentence.
        let gap = Number.POSITIVE_INFINITY;
        let fromFirst = false;
        let between: [number, number] = [0, 0];
        for (const m of sentenceMentions) {
          if (m.entityId !== from) continue;
          for (const n of sentenceMentions) {
            if (n.entityId !== to) continue;
            const distance = m.start < n.start ? n.start - m.end : m.start - n.end;
            if (distance < gap) {
              gap = Math.max(0, distance);
              fromFirst = m.start < n.start;
              between = m.start < n.start ? [m.end, n.start] : [n.end, m.start];
            }
          }
        }
        const fromSpans = sentenceMentions.filter((m) => m.entityId === from);
        const seller = fromSpans.some((m) => isSellerPosition(sentence.text, m.start - sentence.start, m.end - sentence.start));
        for (const type of RELATIONSHIP_TYPE_NAMES) {
          if (NOT_SUGGESTED.has(type) || !isAllowedEndpoint(type, fromType, toType)) continue;
          const cues = cuesOf(type);
          const weak = WEAK_CUE_TYPES.has(type);
          let score = 1;
          if (cues.length > 0) score += weak ? 0.5 : 3;
          if (ROLE_TYPES.has(type)) {
            // A title sits against the person's name on either side ("CEO Jensen Huang", "フアンCEO",
            // "Huang, chief executive of"), and the organisation may come first or last.
            if (cues.some((at) => touches(at, fromSpans))) score += 1;
          } else {
            // A cue between the two names ("Commerce restricts Nvidia") ties them more than one elsewhere.
            if (!weak && cues.some((at) => at >= between[0] && at <= between[1] + 1)) score += 0.5;
            if (fromFirst) score += 0.5;
          }
          // "buys H20 chips from Nvidia", "Nvidia から調達": the entity after from/から is the seller, not the buyer or user.
          if (seller && BUYER_TYPES.has(type)) score -= 3;
          // …and what one buys from a company, the company sells: a cue for MAKES.
          if (seller && type === "MAKES") score += 1;
          score += 2 / (1 + gap / 10);
          scored.push({ type, from, to, sentence: sentenceIndex, score: round(score), order: typeOrder.get(type) ?? 0 });
        }
      }
    }
    scored.sort(compareSuggestions);
    all.push(...scored.slice(0, SUGGESTIONS_PER_SENTENCE));
  }
  return all.sort(compareSuggestions).map(({ order: _order, ...suggestion }) => suggestion);
}

function compareSuggestions(a: ScoredSuggestion, b: ScoredSuggestion): number {
  return (
    b.score - a.score ||
    a.sentence - b.sentence ||
    a.order - b.order ||
    (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) ||
    (a.to < b.to ? -1 : a.to > b.to ? 1 : 0)
  );
}
