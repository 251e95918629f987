import { describe, expect, it } from "vitest";
import { splitSentences } from "../src/index.ts";

/** Paragraph numbers are the ¶N of locators: docs/knowledge-model.md counts every non-empty line. */
describe("paragraph numbers", () => {
  it("count every non-empty line, headings included, and skip blank lines", () => {
    const text = "Chip rules tighten\nA new rule came out. It covers the H20.\n\n\nThe firm replied.\nAnalysts shrugged.";
    const sentences = splitSentences(text, "en");
    expect(sentences.map((s) => [s.paragraph, s.text])).toEqual([
      [1, "Chip rules tighten"],
      [2, "A new rule came out."],
      [2, "It covers the H20."],
      [3, "The firm replied."],
      [4, "Analysts shrugged."],
    ]);
  });

  it("give a sentence that runs on over a line break the number of the line it starts on", () => {
    const text = "The department said on Tuesday that the new rule, which covers several chips,\nwould take effect next month. A second sentence follows.";
    const sentences = splitSentences(text, "en");
    expect(sentences.map((s) => s.paragraph)).toEqual([1, 2]);
  });

  it("number each sentence of a body whose line breaks were lost, and each headline run into it", () => {
    const filler = "輸出の規制についての議論が続いており、各社は対応を急いでいる状況にある";
    const body = [
      ...Array.from({ length: 40 }, (_, k) => `第${k + 1}文として${filler}。`),
      "「需要は強い。供給は足りない」と担当者は語った。",
      "新しい半導体の時代が始まる 各社は新しい製品を発表した。",
      "Chipmakers race to meet demand in China 中国の企業も動いた。",
    ].join("");
    expect(body.length).toBeGreaterThan(1_500);
    const text = `見出し\n2025-08-01\n${body}\n末尾`;
    const sentences = splitSentences(text, "ja");
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(sentences.slice(0, 4).map((s) => [s.paragraph, s.text.slice(0, 6)])).toEqual([
      [1, "見出し"],
      [2, "2025-0"],
      [3, "第1文として"],
      [4, "第2文として"],
    ]);
    // The quotation stays one sentence, but its inner 。 ends a paragraph, as the shipped locators count it.
    const quote = sentences.find((s) => s.text.startsWith("「需要"))!;
    expect(quote).toMatchObject({ text: "「需要は強い。供給は足りない」と担当者は語った。", paragraph: 43 });
    expect(sentences.slice(quote.index + 1).map((s) => [s.paragraph, s.text])).toEqual([
      [45, "新しい半導体の時代が始まる"],
      [46, "各社は新しい製品を発表した。"],
      [47, "Chipmakers race to meet demand in China"],
      [48, "中国の企業も動いた。"],
      [49, "末尾"],
    ]);
  });

  it("keep a line of many short sentences one paragraph while it is shorter than a run-together body", () => {
    const line = "輸出の規制についての議論が続いており、各社は対応を急いでいると関係者は語った。".repeat(15);
    expect(line.length).toBeLessThan(1_500);
    const paragraphs = splitSentences(`${line}\n次の行。`, "ja").map((s) => s.paragraph);
    expect(paragraphs).toEqual([...Array.from({ length: 15 }, () => 1), 2]);
  });

  it("keep a space beside Japanese text inside an ordinary paragraph", () => {
    const text = "新しい半導体の時代が始まる 各社は新しい製品を発表した。";
    expect(splitSentences(text, "ja")).toHaveLength(1);
  });
});
