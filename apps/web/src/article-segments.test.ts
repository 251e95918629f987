import { describe, expect, it } from "vitest";
import { segmentArticle, type SegmentInput } from "./article-segments.ts";

function span(text: string, part: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(part, from);
  if (start < 0) throw new Error(`"${part}" is not in the text`);
  return { start, end: start + part.length };
}

/** The pieces as `text[mention indices|figure indices]`, block by block, for short readable expectations. */
function drawn(input: SegmentInput): string[][] {
  return segmentArticle(input).map((block) => [
    `#${block.sentence ?? "-"}`,
    ...block.pieces.map((p) => `${p.text}[${p.mentions.join(",")}|${p.figures.join(",")}]`),
  ]);
}

describe("segmentArticle", () => {
  const text = "Nvidia sold the H20 for $4.5 billion. Howard Lutnick spoke.\n\nThen Nvidia waited.";
  const sentences = [
    { index: 0, ...span(text, "Nvidia sold the H20 for $4.5 billion.") },
    { index: 1, ...span(text, "Howard Lutnick spoke.") },
    { index: 2, ...span(text, "Then Nvidia waited.") },
  ];

  it("keeps every character once, in order, and splits sentences from the gaps between them", () => {
    const blocks = segmentArticle({ text, sentences, mentions: [], figures: [] });
    expect(blocks.map((b) => b.sentence)).toEqual([0, null, 1, null, 2]);
    expect(blocks.flatMap((b) => b.pieces.map((p) => p.text)).join("")).toBe(text);
    expect(blocks[3]?.pieces[0]?.text).toBe("\n\n");
  });

  it("marks mentions and figures where they stand", () => {
    const mentions = [span(text, "Nvidia"), span(text, "H20"), span(text, "Howard Lutnick"), span(text, "Nvidia", 10)];
    const figures = [span(text, "$4.5 billion")];
    expect(drawn({ text, sentences, mentions, figures })).toEqual([
      ["#0", "Nvidia[0|]", " sold the [|]", "H20[1|]", " for [|]", "$4.5 billion[|0]", ".[|]"],
      ["#-", " [|]"],
      ["#1", "Howard Lutnick[2|]", " spoke.[|]"],
      ["#-", "\n\n[|]"],
      ["#2", "Then [|]", "Nvidia[3|]", " waited.[|]"],
    ]);
  });

  it("keeps two adjacent mentions apart, even of one name twice", () => {
    const twice = "NvidiaNvidia H20";
    const blocks = segmentArticle({
      text: twice,
      sentences: [{ index: 0, start: 0, end: twice.length }],
      mentions: [
        { start: 0, end: 6 },
        { start: 6, end: 12 },
        { start: 13, end: 16 },
      ],
      figures: [],
    });
    expect(blocks[0]?.pieces.map((p) => [p.text, p.mentions])).toEqual([
      ["Nvidia", [0]],
      ["Nvidia", [1]],
      [" ", []],
      ["H20", [2]],
    ]);
  });

  it("splits overlapping mentions into the parts each covers, the innermost first", () => {
    const overlap = "the Nvidia H20 chip";
    const outer = span(overlap, "Nvidia H20");
    const inner = span(overlap, "H20");
    const crossing = span(overlap, "H20 chip");
    const blocks = segmentArticle({ text: overlap, sentences: [{ index: 0, start: 0, end: overlap.length }], mentions: [outer, inner, crossing], figures: [] });
    expect(blocks[0]?.pieces.map((p) => [p.text, p.mentions])).toEqual([
      ["the ", []],
      ["Nvidia ", [0]],
      ["H20", [1, 2, 0]],
      [" chip", [2]],
    ]);
  });

  it("ignores spans outside the text or empty, instead of failing", () => {
    const blocks = segmentArticle({
      text: "abc",
      sentences: [{ index: 0, start: 0, end: 3 }],
      mentions: [
        { start: 2, end: 9 },
        { start: 1, end: 1 },
        { start: 0, end: 1 },
      ],
      figures: [{ start: -1, end: 2 }],
    });
    expect(blocks[0]?.pieces.map((p) => [p.text, p.mentions, p.figures])).toEqual([
      ["a", [2], []],
      ["bc", [], []],
    ]);
  });

  it("marks names that match no entity yet apart from mentions", () => {
    const withNew = "Kestrel Silicon buys from Nvidia.";
    const blocks = segmentArticle({
      text: withNew,
      sentences: [{ index: 0, start: 0, end: withNew.length }],
      mentions: [span(withNew, "Nvidia")],
      figures: [],
      candidates: [span(withNew, "Kestrel Silicon")],
    });
    expect(blocks[0]?.pieces.map((p) => [p.text, p.mentions, p.candidates])).toEqual([
      ["Kestrel Silicon", [], [0]],
      [" buys from ", [], []],
      ["Nvidia", [0], []],
      [".", [], []],
    ]);
  });

  it("counts Japanese text by its characters", () => {
    const ja = "エヌビディアはH20を販売した。ラトニック氏が語った。";
    const blocks = segmentArticle({
      text: ja,
      sentences: [
        { index: 0, ...span(ja, "エヌビディアはH20を販売した。") },
        { index: 1, ...span(ja, "ラトニック氏が語った。") },
      ],
      mentions: [span(ja, "エヌビディア"), span(ja, "H20"), span(ja, "ラトニック")],
      figures: [],
    });
    expect(blocks.map((b) => b.pieces.filter((p) => p.mentions.length > 0).map((p) => p.text))).toEqual([["エヌビディア", "H20"], ["ラトニック"]]);
  });
});
