import { beforeAll, describe, expect, it } from "vitest";
import { articlePlainText, createArticleAnalyzer, IngestError, MAX_ARTICLE_CHARS, type ArticleAnalyzer, type KnownEntity } from "../src/index.ts";
import { loadJapaneseTokenizer } from "../src/japanese-tokenizer.ts";

const ENTITIES: KnownEntity[] = [
  { id: "nvidia", type: "Organization", name: "Nvidia" },
  { id: "amd", type: "Organization", name: "AMD" },
  { id: "h20", type: "Chip", name: "Nvidia H20", aliases: ["H20"] },
  { id: "china", type: "Place", name: "China" },
  { id: "huang", type: "Person", name: "Jensen Huang" },
];

let analyzer: ArticleAnalyzer;
beforeAll(async () => {
  analyzer = await createArticleAnalyzer(ENTITIES);
});

describe("HTML and Markdown", () => {
  it("strips HTML tags, drops script and style, decodes entities, and gives offsets into the stripped text", () => {
    const html = `<html><head><title>Ignored</title><style>p { color: red }</style></head><body>
      <h1>Nvidia &amp; AMD</h1>
      <p>Jensen  Huang said&nbsp;so.<br>Next line.</p><script>var Nvidia = 1;</script>
      <p>&#12354;&#x3042; <b>H20</b> in China.</p></body></html>`;
    const analysis = analyzer.analyze({ text: html, title: "t" });
    expect(analysis.text).toBe("Nvidia & AMD\n\nJensen Huang said so.\nNext line.\n\nああ H20 in China.");
    expect(analysis.mentions.map((m) => [m.entityId, m.text, analysis.text.slice(m.start, m.end)])).toEqual([
      ["nvidia", "Nvidia", "Nvidia"],
      ["amd", "AMD", "AMD"],
      ["huang", "Jensen Huang", "Jensen Huang"],
      ["h20", "H20", "H20"],
      ["china", "China", "China"],
    ]);
    // <br> makes a line of its own, and every non-empty line is a paragraph (docs/knowledge-model.md).
    expect(analysis.sentences.map((s) => s.paragraph)).toEqual([1, 2, 3, 4]);
  });

  it("reduces Markdown to its text: headings, emphasis and links", () => {
    const markdown = "# Nvidia wins\n\nThe **H20** is [back](https://example.test/h20) in *China*, says `AMD`.";
    const analysis = analyzer.analyze({ text: markdown, title: "t" });
    expect(analysis.text).toBe("Nvidia wins\n\nThe H20 is back in China, says AMD.");
    const china = analysis.mentions.find((m) => m.entityId === "china")!;
    expect(analysis.text.slice(china.start, china.end)).toBe("China");
    expect(analysis.sentences).toHaveLength(2);
  });

  it("leaves plain text as it is", () => {
    expect(articlePlainText("3 * 4 * 5 = 60, snake_case_name stays.")).toBe("3 * 4 * 5 = 60, snake_case_name stays.");
  });
});

describe("bad input", () => {
  function codeOf(run: () => unknown): string | undefined {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(IngestError);
      return (error as IngestError).code;
    }
    return undefined;
  }

  it("refuses empty text, and text that is empty once markup is gone", () => {
    expect(codeOf(() => analyzer.analyze({ text: "  \n ", title: "t" }))).toBe("INGEST_EMPTY_TEXT");
    expect(codeOf(() => analyzer.analyze({ text: "<p> </p><script>x()</script>", title: "t" }))).toBe("INGEST_EMPTY_TEXT");
  });

  it("refuses text over the size limit, saying the limit", () => {
    const long = "Nvidia sells chips. ".repeat(MAX_ARTICLE_CHARS / 20 + 1);
    expect(() => analyzer.analyze({ text: long, title: "t" })).toThrow(/at most 200,000 are analysed/);
    expect(codeOf(() => analyzer.analyze({ text: long, title: "t" }))).toBe("INGEST_TEXT_TOO_LONG");
  });

  it("takes a smaller limit when given one", async () => {
    const small = await createArticleAnalyzer(ENTITIES, { maxChars: 10 });
    expect(codeOf(() => small.analyze({ text: "Nvidia sells chips.", title: "t" }))).toBe("INGEST_TEXT_TOO_LONG");
  });

  it("refuses binary content, naming the offset", () => {
    expect(() => analyzer.analyze({ text: "PK\u0003\u0004 archive", title: "t" })).toThrow(/U\+0003\) at offset 2/);
  });
});

describe("the Japanese tokenizer", () => {
  it("is loaded once per process", async () => {
    expect(await loadJapaneseTokenizer()).toBe(await loadJapaneseTokenizer());
  });
});
