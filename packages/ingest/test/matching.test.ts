import { beforeAll, describe, expect, it } from "vitest";
import { createArticleAnalyzer, type ArticleAnalyzer, type KnownEntity } from "../src/index.ts";

/** Name matching on a small set of entities made for these cases. */
const ENTITIES: KnownEntity[] = [
  { id: "amd", type: "Organization", name: "AMD" },
  { id: "nvidia", type: "Organization", name: "Nvidia", nameJa: "エヌビディア" },
  { id: "h20", type: "Chip", name: "Nvidia H20", aliases: ["H20"] },
  { id: "us", type: "Place", name: "United States", nameJa: "米国", aliases: ["US"] },
  { id: "huang", type: "Person", name: "Jensen Huang", nameJa: "ジェンセン・フアン", aliases: ["フアン"] },
  { id: "some-article", type: "Source", name: "Nvidia and AMD" },
];

let analyzer: ArticleAnalyzer;
beforeAll(async () => {
  analyzer = await createArticleAnalyzer(ENTITIES);
});

function found(text: string, language = "en"): string[] {
  const analysis = analyzer.analyze({ text, title: "t", language });
  return analysis.mentions.map((m) => `${m.entityId}:${m.text}@${m.start}`);
}

describe("matching known names", () => {
  it("needs word boundaries in English", () => {
    expect(found("AMDX and XAMD shipped; H200 too.")).toEqual([]);
    expect(found("AMD's chips")).toEqual(["amd:AMD@0"]);
  });

  it("ignores case, but matches short acronyms only in capitals", () => {
    expect(found("amd and NVIDIA and nvidia")).toEqual(["nvidia:NVIDIA@8", "nvidia:nvidia@19"]);
    expect(found("They told us the US would decide.")).toEqual(["us:US@17"]);
  });

  it("takes the longest name: Nvidia H20 is the chip, not the company", () => {
    expect(found("The Nvidia H20 and the H20 again, from Nvidia.")).toEqual(["h20:Nvidia H20@4", "h20:H20@23", "nvidia:Nvidia@39"]);
  });

  it("does not match an article's title as a mention", () => {
    expect(found("Nvidia and AMD")).toEqual(["nvidia:Nvidia@0", "amd:AMD@11"]);
  });

  it("matches Japanese only on morpheme boundaries, across width and middle-dot variants", () => {
    expect(found("米国債を買った。", "ja")).toEqual([]);
    expect(found("米国の企業とエヌビディア社。", "ja")).toEqual(["us:米国@0", "nvidia:エヌビディア@6"]);
    expect(found("ジェンセン フアン、ジェンセン･フアン、ｼﾞｪﾝｾﾝ・ﾌｱﾝ。", "ja")).toEqual([
      "huang:ジェンセン フアン@0",
      "huang:ジェンセン･フアン@10",
      "huang:ｼﾞｪﾝｾﾝ・ﾌｱﾝ@20",
    ]);
    expect(found("ＡＭＤとＮｖｉｄｉａ", "ja")).toEqual(["amd:ＡＭＤ@0", "nvidia:Ｎｖｉｄｉａ@4"]);
  });
});
