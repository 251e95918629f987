import { beforeAll, describe, expect, it } from "vitest";
import { createArticleAnalyzer, type ArticleAnalysis, type ArticleAnalyzer } from "../src/index.ts";
import { SEEDS_DIR, loadShippedEntities, readSeedArticle } from "./support.ts";

/**
 * The two Japanese seed articles against the entities of the shipped knowledge. The articles are
 * read at test time; only the short names and figures asserted on appear here.
 */
// Where the seed articles are not beside the checkout, say so rather than fail on a missing file.
describe.skipIf(SEEDS_DIR === undefined)("the seed articles", () => {
  let analyzer: ArticleAnalyzer;
  let cryptopolitan: ArticleAnalysis;
  let blog: ArticleAnalysis;

  beforeAll(async () => {
    analyzer = await createArticleAnalyzer(await loadShippedEntities());
    cryptopolitan = analyzer.analyze({ text: readSeedArticle("000_"), title: "Nvidia H20 approval" });
    blog = analyzer.analyze({ text: readSeedArticle("004_"), title: "China H20 guidance" });
  });

  function mentionsOf(analysis: ArticleAnalysis, entityId: string) {
    return analysis.mentions.filter((m) => m.entityId === entityId);
  }

  describe.each([
    ["the July 2025 news article", () => cryptopolitan],
    ["the August 2025 blog article", () => blog],
  ])("%s", (_, analysis) => {
    it("is read as Japanese, with every mention's offsets pointing at its text", () => {
      const a = analysis();
      expect(a.language).toBe("ja");
      expect(a.mentions.length).toBeGreaterThan(40);
      for (const mention of a.mentions) {
        expect(a.text.slice(mention.start, mention.end)).toBe(mention.text);
        const sentence = a.sentences[mention.sentence];
        expect(sentence && mention.start >= sentence.start && mention.end <= sentence.end).toBe(true);
      }
    });

    it("never ends a sentence inside 「…」", () => {
      const a = analysis();
      // Each 「 with its 」 on the same line (the articles lose a closing bracket now and then).
      const pairs: [number, number][] = [];
      const open: number[] = [];
      for (let i = 0; i < a.text.length; i += 1) {
        if (a.text[i] === "\n") open.length = 0;
        else if (a.text[i] === "「") open.push(i);
        else if (a.text[i] === "」" && open.length > 0) pairs.push([open.pop()!, i]);
      }
      expect(pairs.length).toBeGreaterThan(3);
      const sentenceOf = (at: number) => a.sentences.findIndex((s) => at >= s.start && at < s.end);
      for (const [opening, closing] of pairs) {
        expect(sentenceOf(opening), a.text.slice(opening, closing + 1)).toBe(sentenceOf(closing));
      }
    });

    it("finds Nvidia, the H20 and Huawei", () => {
      const a = analysis();
      for (const id of ["nvidia", "h20", "huawei"]) expect(mentionsOf(a, id).length, id).toBeGreaterThan(0);
    });

    it("lists suggestions best first, at most five per sentence, none of the types the commit writes itself", () => {
      const { suggestions } = analysis();
      expect(suggestions.length).toBeGreaterThan(10);
      for (let k = 1; k < suggestions.length; k += 1) expect(suggestions[k - 1]!.score).toBeGreaterThanOrEqual(suggestions[k]!.score);
      const perSentence = new Map<number, number>();
      for (const s of suggestions) perSentence.set(s.sentence, (perSentence.get(s.sentence) ?? 0) + 1);
      expect(Math.max(...perSentence.values())).toBeLessThanOrEqual(5);
      expect(suggestions.filter((s) => ["MENTIONS", "REPORTED_IN", "REPORTED_BY", "CITES"].includes(s.type))).toEqual([]);
    });
  });

  describe("the July 2025 news article", () => {
    it("has the sentences of its one-line body split at 。 (with a closing 」), the title and time stamp apart", () => {
      const { sentences } = cryptopolitan;
      expect(sentences.length).toBeGreaterThanOrEqual(28);
      expect(sentences.length).toBeLessThanOrEqual(45);
      // The English headline run into the body (no 。, a space before the Japanese) stands on its own.
      const runIn = sentences.slice(2).filter((s) => /^[A-Za-z0-9 ]+$/.test(s.text) && s.text.split(" ").length >= 4);
      expect(runIn).toHaveLength(1);
      expect(sentences[0]?.text.startsWith("Nvidia")).toBe(true);
      expect(sentences[1]?.text).toMatch(/^2025-07-22/);
      // A sentence that opens with a quotation ends after it and the words that follow, not at the 。 inside it.
      const quoted = sentences.filter((s) => s.text.startsWith("「"));
      expect(quoted.length).toBeGreaterThanOrEqual(3);
      for (const s of quoted) expect(s.text.endsWith("」")).toBe(false);
    });

    it("finds Jensen Huang under his katakana name and his surname, and Nvidia in both scripts", () => {
      const huang = mentionsOf(cryptopolitan, "jensen-huang").map((m) => m.text);
      expect(huang).toContain("ジェンセン・フアン");
      expect(huang).toContain("フアン");
      const nvidia = new Set(mentionsOf(cryptopolitan, "nvidia").map((m) => m.text));
      expect(nvidia).toEqual(new Set(["Nvidia", "エヌビディア"]));
      expect(mentionsOf(cryptopolitan, "huawei").map((m) => m.text)).toContain("ファーウェイ");
    });

    it("finds the $4.5 billion write-down as 45億ドル", () => {
      const figure = cryptopolitan.figures.find((f) => f.text === "45億ドル");
      expect(figure).toMatchObject({ value: 4.5e9, unit: "USD" });
      expect(cryptopolitan.text.slice(figure!.start, figure!.end)).toBe("45億ドル");
    });

    it("ranks Jensen Huang leading Nvidia first in the sentence that calls him its CEO", () => {
      const ceoSentence = mentionsOf(cryptopolitan, "jensen-huang").find((m) => m.text === "ジェンセン・フアン")!.sentence;
      const best = cryptopolitan.suggestions.find((s) => s.sentence === ceoSentence);
      expect(best).toMatchObject({ type: "LEADS", from: "jensen-huang", to: "nvidia" });
    });
  });

  describe("the August 2025 blog article", () => {
    it("finds the 300,000-unit order, the 15% revenue share and the 60–80% comparison", () => {
      const figures = blog.figures.map((f) => ({ text: f.text, value: f.value, unit: f.unit }));
      expect(figures).toContainEqual({ text: "30万個", value: 300_000, unit: "units" });
      expect(figures).toContainEqual({ text: "15%", value: 15, unit: "%" });
      expect(figures).toContainEqual({ text: "80%", value: 80, unit: "%" });
      expect(figures).toContainEqual({ text: "60", value: 60, unit: "%" });
    });

    it("finds the Ascend 910C, Huawei's chip, and the NVIDIA spelling of Nvidia", () => {
      expect(mentionsOf(blog, "ascend-910c").map((m) => m.text)).toContain("Ascend 910C");
      expect(mentionsOf(blog, "nvidia").map((m) => m.text)).toContain("NVIDIA");
      // 中国側 is an alias of the Chinese government: the longer name wins over 中国.
      expect(mentionsOf(blog, "chinese-government").map((m) => m.text)).toContain("中国側");
    });

    it("counts every non-empty line as a paragraph: ¶1 the summary, ¶3 the source line, ¶5 the title", () => {
      const paragraphs = blog.sentences.map((s) => s.paragraph);
      expect(paragraphs[0]).toBe(1);
      for (let k = 1; k < paragraphs.length; k += 1) expect(paragraphs[k]! - paragraphs[k - 1]!).toBeGreaterThanOrEqual(0);
      expect(blog.sentences.find((s) => s.paragraph === 3)?.text).toMatch(/^Source:/);
      expect(blog.sentences.find((s) => s.paragraph === 5)?.text).toMatch(/H20/);
      // Blank lines are not counted: the last sentence's paragraph is the number of non-empty lines.
      expect(blog.sentences.at(-1)!.paragraph).toBe(blog.text.split("\n").filter((line) => line.trim() !== "").length);
    });
  });

  /**
   * The ¶N of the locators in cypher/knowledge/080-statements.cypher (REPORTED_IN) and the person
   * each statement's paragraph names: the analysis numbers paragraphs the way the shipped knowledge
   * does, so a relationship confirmed from an ingested article gets a locator that means the same.
   */
  type ShippedLocator = [paragraph: number, personId: string];

  describe.each<[string, () => ArticleAnalysis, ShippedLocator[]]>([
    [
      "the July 2025 news article (its body on one line)",
      () => cryptopolitan,
      [
        [7, "daniel-newman"],
        [13, "jensen-huang"],
        [14, "jensen-huang"],
        [18, "howard-lutnick"],
        [21, "pranay-kotasthane"],
        [28, "tejas-dessai"],
        [29, "tejas-dessai"],
        [32, "paul-triolo"],
        [35, "tejas-dessai"],
      ],
    ],
    [
      "the August 2025 blog article",
      () => blog,
      [
        [8, "cac"],
        [10, "donald-trump"],
        [18, "donald-trump"],
      ],
    ],
  ])("%s", (_, analysis, locators) => {
    it.each<ShippedLocator>(locators)("has ¶%i where the shipped locator puts it, naming %s", (paragraph, personId) => {
      const a = analysis();
      const inParagraph = a.sentences.filter((s) => s.paragraph === paragraph).map((s) => s.index);
      expect(inParagraph.length).toBeGreaterThan(0);
      expect(a.mentions.some((m) => m.entityId === personId && inParagraph.includes(m.sentence))).toBe(true);
    });
  });
});
