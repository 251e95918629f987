import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createArticleAnalyzer, type ArticleAnalysis } from "../src/index.ts";
import { loadShippedEntities } from "./support.ts";

/** Articles the graph has never seen, written for these tests (test/fixtures), against the shipped entities. */
function fixture(name: string): string {
  return fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

let english: ArticleAnalysis;
let japanese: ArticleAnalysis;

beforeAll(async () => {
  const analyzer = await createArticleAnalyzer(await loadShippedEntities());
  english = analyzer.analyze({ text: fixture("export-rules-en.md"), title: "Export rules" });
  japanese = analyzer.analyze({ text: fixture("variants-ja.txt"), title: "会談" });
});

describe("an unseen English article", () => {
  it("is read as English and split at its full stops but not after U.S., Dr. or Mr.", () => {
    expect(english.language).toBe("en");
    expect(english.sentences.map((s) => s.paragraph)).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect(english.sentences[1]?.text).toMatch(/^The U\.S\. Commerce Department .* rules\.$/);
    expect(english.sentences[4]?.text).toMatch(/^Dr\. Elena Marchetti, .* revenue\.$/);
    expect(english.sentences[6]?.text).toMatch(/^Mr\. Huang declined/);
  });

  it("finds the known entities, the longest name first, each at its offsets", () => {
    const found = english.mentions.map((m) => [m.text, m.entityId]);
    // "US Commerce Department" is one of its names, so the dotted "U.S." belongs to it, not to the country.
    expect(found).toContainEqual(["U.S. Commerce Department", "us-commerce-department"]);
    expect(found).toContainEqual(["Nvidia H20", "h20"]);
    expect(found).toContainEqual(["AMD", "amd"]);
    expect(found).toContainEqual(["Jensen Huang", "jensen-huang"]);
    expect(found).toContainEqual(["Huang", "jensen-huang"]);
    expect(found).toContainEqual(["Shenzhen", "shenzhen"]);
    // "Nvidia H20" is one mention of the chip, not also one of Nvidia.
    const h20 = english.mentions.find((m) => m.entityId === "h20")!;
    expect(english.mentions.filter((m) => m.start < h20.end && m.end > h20.start)).toHaveLength(1);
    for (const m of english.mentions) expect(english.text.slice(m.start, m.end)).toBe(m.text);
  });

  it("proposes the new analyst as a Person, her firm as an Organization and AMD's chip as a Chip", () => {
    const candidate = (text: string) => english.candidates.find((c) => c.text === text);
    expect(candidate("Elena Marchetti")).toMatchObject({ proposedType: "Person", occurrences: 1 });
    expect(candidate("Veltrix Semiconductor Inc.")).toMatchObject({ proposedType: "Organization", occurrences: 2 });
    expect(candidate("MI308")).toMatchObject({ proposedType: "Chip" });
    const texts = english.candidates.map((c) => c.text);
    // Known names, weekdays, titles and sentence-initial ordinary words are not candidates.
    for (const word of ["Nvidia", "Tuesday", "Officials", "Dr", "U.S", "AI"]) expect(texts).not.toContain(word);
    for (const c of english.candidates) {
      for (const p of c.positions) expect(english.text.slice(p.start, p.end).toLowerCase()).toContain(c.text.toLowerCase().slice(0, 7));
    }
  });

  it("finds the figures, normalised", () => {
    expect(english.figures.map((f) => [f.text, f.value, f.unit])).toEqual([
      ["$4.5 billion", 4.5e9, "USD"],
      ["15%", 15, "%"],
      ["300,000 units", 300_000, "units"],
    ]);
    expect(english.figures.map((f) => f.sentence)).toEqual([2, 4, 5]);
  });

  it("ranks RESTRICTS first where the sentence says restricted, and LEADS where it says chief executive", () => {
    const firstIn = (sentence: number) => english.suggestions.find((s) => s.sentence === sentence);
    expect(firstIn(1)).toMatchObject({ type: "RESTRICTS", from: "us-commerce-department" });
    expect(firstIn(3)).toMatchObject({ type: "LEADS", from: "jensen-huang", to: "nvidia" });
  });
});

describe("unseen Japanese text", () => {
  it("matches Jensen Huang written without the middle dot and in half-width katakana", () => {
    const huang = japanese.mentions.filter((m) => m.entityId === "jensen-huang").map((m) => m.text);
    expect(huang).toEqual(["ジェンセンフアン", "ｼﾞｪﾝｾﾝ･ﾌｱﾝ"]);
    expect(japanese.mentions.find((m) => m.entityId === "tsmc")?.text).toBe("ＴＳＭＣ");
    for (const m of japanese.mentions) expect(japanese.text.slice(m.start, m.end)).toBe(m.text);
  });

  it("does not find the United States inside 米国債 (US Treasury bonds)", () => {
    const bondSentence = japanese.sentences.findIndex((s) => s.text.includes("米国債"));
    expect(bondSentence).toBe(3);
    expect(japanese.mentions.filter((m) => m.sentence === bondSentence)).toEqual([]);
  });

  it("keeps a quotation with a 。 inside it in one sentence", () => {
    expect(japanese.sentences).toHaveLength(4);
    expect(japanese.sentences[2]?.text).toMatch(/^ｼﾞｪﾝｾﾝ･ﾌｱﾝ氏は「.*。.*」と語った。$/);
  });

  it("proposes a new family-and-given name as one Person", () => {
    expect(japanese.candidates).toContainEqual(expect.objectContaining({ text: "佐藤健一", proposedType: "Person", occurrences: 1 }));
  });

  it("finds 45億ドル, 30万個 and 15％", () => {
    expect(japanese.figures.map((f) => [f.text, f.value, f.unit])).toEqual([
      ["45億ドル", 4.5e9, "USD"],
      ["30万個", 300_000, "units"],
      ["15％", 15, "%"],
    ]);
  });
});

describe("candidate types from what the sentence says", () => {
  // Written for this test: a company whose name has no company word, named with an appositive, and
  // a title with its portfolio in front of a known name.
  const text =
    "Commerce Secretary Howard Lutnick met buyers in Washington. Tamsin Forge, a small server maker based in Chengdu, said it had ordered H20 units. Orrin Silicon will test them.";
  let analysis: ArticleAnalysis;
  beforeAll(async () => {
    analysis = (await createArticleAnalyzer(await loadShippedEntities())).analyze({ text, title: "Buyers", language: "en" });
  });

  it("types a name an appositive calls a maker as an organisation, and a name ending in Silicon too", () => {
    const typeOf = (name: string) => analysis.candidates.find((c) => c.text === name)?.proposedType;
    expect(typeOf("Tamsin Forge")).toBe("Organization");
    expect(typeOf("Orrin Silicon")).toBe("Organization");
  });

  it("proposes no candidate for the title and portfolio before a known name", () => {
    expect(analysis.candidates.map((c) => c.text)).not.toContain("Commerce Secretary");
    expect(analysis.candidates.map((c) => c.text)).not.toContain("Commerce");
    expect(analysis.mentions.map((m) => m.entityId)).toContain("howard-lutnick");
  });
});

describe("places, company suffixes, counted models and spellings", () => {
  // Written for this test.
  const english = "Traders from Shanghai said Hefei-based Anlan Micro took 20,000 H20 units. Kestrel Silicon, a chip designer based in Chengdu, bought more.";
  const japanese = "成都のカワセミ電子は、ラトニック長官の発言を受けてH20を2万個発注した。同社の田中一郎社長が明らかにした。";
  let en: ArticleAnalysis;
  let ja: ArticleAnalysis;
  beforeAll(async () => {
    const analyzer = await createArticleAnalyzer(await loadShippedEntities());
    en = analyzer.analyze({ text: english, title: "Orders", language: "en" });
    ja = analyzer.analyze({ text: japanese, title: "発注" });
  });
  const typeOf = (analysis: ArticleAnalysis, name: string) => analysis.candidates.find((c) => c.text === name)?.proposedType;

  it("types a name after in, from or -based as a place, and keeps the place out of the company's name", () => {
    expect(typeOf(en, "Chengdu")).toBe("Place");
    expect(typeOf(en, "Anlan Micro")).toBe("Organization");
    expect(en.candidates.map((c) => c.text)).not.toContain("Hefei-based Anlan Micro");
  });

  it("reads a count with a model name before its unit", () => {
    expect(en.figures).toContainEqual(expect.objectContaining({ text: "20,000 H20 units", value: 20_000, unit: "units" }));
  });

  it("keeps 電子 in a company's name, proposes no person for a lone place-like surname, and knows ラトニック as Lutnick", () => {
    expect(typeOf(ja, "カワセミ電子")).toBe("Organization");
    expect(ja.candidates.map((c) => c.text)).not.toContain("成都");
    expect(typeOf(ja, "田中一郎")).toBe("Person");
    expect(ja.mentions.map((m) => m.entityId)).toContain("howard-lutnick");
  });
});

describe("suggestions and types for a buyer and its seller", () => {
  // Written for this test.
  const text = "Orion Compute orders H20\n\nOrion Compute, a cloud company in Shenzhen, said it will buy 50,000 H20 chips from Nvidia for $1.2 billion.";
  let analysis: ArticleAnalysis;
  beforeAll(async () => {
    analysis = (await createArticleAnalyzer(await loadShippedEntities())).analyze({ text, title: "Orion Compute orders H20", language: "en" });
  });

  it("types the company by what the article says of it, not by its headline's word count", () => {
    expect(analysis.candidates.find((c) => c.text === "Orion Compute")?.proposedType).toBe("Organization");
  });

  it("does not put the seller named after from first as the buyer", () => {
    const nvidiaToH20 = analysis.suggestions.filter((s) => s.from === "nvidia" && s.to === "h20");
    expect(nvidiaToH20[0]?.type).toBe("MAKES");
    // ADOPTS may still be offered, but below what a maker does.
    expect(nvidiaToH20.map((s) => s.type).indexOf("ADOPTS")).not.toBe(0);
    expect(nvidiaToH20.find((s) => s.type === "ADOPTS")?.score ?? 0).toBeLessThan(nvidiaToH20[0]?.score ?? 0);
  });
});
