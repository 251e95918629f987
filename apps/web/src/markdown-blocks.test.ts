import { describe, expect, it } from "vitest";
import { inlineSpans, markdownBlocks } from "./markdown-blocks.ts";

describe("notes in Markdown", () => {
  it("reads headings, paragraphs joined across lines, lists and code blocks", () => {
    expect(markdownBlocks("# The H20\n\nFrom export control\nto resumption.\n\n- one\n- two\n\n```\nMATCH (n)\n```")).toEqual([
      { kind: "heading", level: 1, spans: [{ kind: "text", text: "The H20" }] },
      { kind: "paragraph", spans: [{ kind: "text", text: "From export control to resumption." }] },
      { kind: "list", items: [[{ kind: "text", text: "one" }], [{ kind: "text", text: "two" }]] },
      { kind: "code", text: "MATCH (n)" },
    ]);
  });

  it("reads bold, emphasis, code and web links, and leaves other links as text", () => {
    expect(inlineSpans("a **b** *c* `$id` [d](https://example.org) [e](javascript:alert(1))")).toEqual([
      { kind: "text", text: "a " },
      { kind: "strong", text: "b" },
      { kind: "text", text: " " },
      { kind: "em", text: "c" },
      { kind: "text", text: " " },
      { kind: "code", text: "$id" },
      { kind: "text", text: " " },
      { kind: "link", text: "d", href: "https://example.org" },
      { kind: "text", text: " " },
      { kind: "text", text: "[e](javascript:alert(1)" },
      { kind: "text", text: ")" },
    ]);
  });
});
