import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownView } from "./components/MarkdownView.tsx";
import { linkTarget, markdownBlocks } from "./markdown-blocks.ts";

const text = (t: string) => ({ kind: "text", text: t });
const html = (source: string) => renderToStaticMarkup(createElement(MarkdownView, { source }));
const inner = (source: string) => html(source).replace(/^<div class="markdown">|<\/div>$/g, "");

describe("notes in Markdown", () => {
  it("reads headings, paragraphs joined across lines, lists and code blocks", () => {
    expect(markdownBlocks("# The H20\n\nFrom export control\nto resumption.\n\n- one\n- two\n\n```\nMATCH (n)\n```")).toEqual([
      { kind: "heading", level: 1, content: [text("The H20")] },
      { kind: "paragraph", content: [text("From export control to resumption.")] },
      {
        kind: "list",
        ordered: false,
        start: 1,
        tight: true,
        items: [[{ kind: "paragraph", content: [text("one")] }], [{ kind: "paragraph", content: [text("two")] }]],
      },
      { kind: "code", text: "MATCH (n)" },
    ]);
  });

  it("renders them with the same elements as before: h2 for a top heading, p, ul/li, pre", () => {
    expect(inner("# The H20\n\nFrom export control\nto resumption.\n\n- one\n- two\n\n```\nMATCH (n)\n```")).toBe(
      "<h2>The H20</h2><p>From export control to resumption.</p><ul><li>one</li><li>two</li></ul><pre>MATCH (n)</pre>",
    );
    expect(html("")).toBe(`<p class="muted">Empty note.</p>`);
  });

  it("reads bold, emphasis, code and web links, and leaves other links as text", () => {
    expect(markdownBlocks("a **b** *c* `$id` [d](https://example.org) [e](javascript:alert(1))")[0]).toEqual({
      kind: "paragraph",
      content: [
        text("a "),
        { kind: "strong", children: [text("b")] },
        text(" "),
        { kind: "em", children: [text("c")] },
        text(" "),
        { kind: "code", text: "$id" },
        text(" "),
        { kind: "link", href: "https://example.org", external: true, children: [text("d")] },
        text(" e"),
      ],
    });
    expect(inner("**_nested_ `x`** [site](/notebook) [web](https://example.org)")).toBe(
      `<p><strong><em>nested</em> <code>x</code></strong> <a href="/notebook" rel="noreferrer">site</a> <a href="https://example.org" target="_blank" rel="noreferrer">web</a></p>`,
    );
  });

  it("reads ordered lists, with their start number, nested lists and loose items", () => {
    expect(inner("1. one\n2. two\n   - inner\n3. three")).toBe("<ol><li>one</li><li>two<ul><li>inner</li></ul></li><li>three</li></ol>");
    expect(inner("3) third\n4) fourth")).toBe(`<ol start="3"><li>third</li><li>fourth</li></ol>`);
    // A blank line between items makes the list loose: each item holds paragraphs.
    expect(inner("1. one\n\n2. two\n\n   more")).toBe("<ol><li><p>one</p></li><li><p>two</p><p>more</p></li></ol>");
  });

  it("reads block quotes, with the blocks inside them", () => {
    expect(inner("> Export licences\n> resumed.\n>\n> - H20\n> - MI308\n\nafter")).toBe(
      "<blockquote><p>Export licences resumed.</p><ul><li>H20</li><li>MI308</li></ul></blockquote><p>after</p>",
    );
    expect(inner("> ```\n> MATCH (n)\n>   RETURN n\n> ```")).toBe("<blockquote><pre>MATCH (n)\n  RETURN n</pre></blockquote>");
  });

  it("reads backslash escapes and entities as the characters they stand for", () => {
    expect(markdownBlocks("\\*not emphasis\\* \\# 1\\. \\[x\\](y) AT&amp;T &copy; &#x41;")[0]).toEqual({
      kind: "paragraph",
      content: [text("*not emphasis* # 1. [x](y) AT&T © A")],
    });
    expect(inner("\\- not a list\n\n\\# not a heading")).toBe("<p>- not a list</p><p># not a heading</p>");
  });

  it("shows raw HTML as the text it is, never as markup", () => {
    expect(inner(`<script>alert(1)</script>`)).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(inner(`a <img src=x onerror="alert(1)"> b <!-- hidden -->`)).toBe(`<p>a &lt;img src=x onerror=&quot;alert(1)&quot;&gt; b &lt;!-- hidden --&gt;</p>`);
    expect(inner(`<div>\n*x*\n</div>`)).toBe("<p>&lt;div&gt; *x* &lt;/div&gt;</p>");
    expect(inner(`&lt;b&gt;entities&lt;/b&gt;`)).toBe("<p>&lt;b&gt;entities&lt;/b&gt;</p>");
  });

  it("refuses links that are not http(s) or on this site, however they are written", () => {
    const refused = [
      "[x](javascript:alert(1))",
      "[x](JavaScript:alert(1))",
      "[x](java&#115;cript:alert(1))",
      "[x](<javascript:alert(1)>)",
      "[x](<java\tscript:alert(1)>)",
      "[x](<\u0001javascript:alert(1)>)",
      "[x](&#x09;javascript:alert(1))",
      "[x](data:text/html,hi)",
      "[x](vbscript:msgbox)",
      "[x](file:///etc/passwd)",
      "<javascript:alert(1)>",
      "[x][r]\n\n[r]: javascript:alert(1)",
      "![x](javascript:alert(1))",
    ];
    for (const source of refused) {
      const rendered = html(source);
      expect(rendered, source).not.toContain("<a");
      expect(rendered, source).not.toContain("href");
    }
    expect(linkTarget("java\nscript:alert(1)")).toBeUndefined();
    expect(linkTarget("mailto:a@example.org")).toBeUndefined();
  });

  it("opens web links in a new tab and keeps links within the site in it", () => {
    expect(linkTarget("https://example.org/a")).toEqual({ href: "https://example.org/a", external: true });
    expect(linkTarget("HTTP://example.org")).toEqual({ href: "HTTP://example.org", external: true });
    expect(linkTarget("/notebook/h20")).toEqual({ href: "/notebook/h20", external: false });
    expect(linkTarget("#results")).toEqual({ href: "#results", external: false });
    expect(linkTarget("../graphiql?x=1")).toEqual({ href: "../graphiql?x=1", external: false });
    expect(linkTarget("//example.org/x")).toEqual({ href: "//example.org/x", external: true });
  });

  it("resolves reference links and autolinks, and shows an undefined reference as written", () => {
    expect(inner('See [the memo][m] and [M].\n\n[m]: https://example.org/memo "Memo"')).toBe(
      `<p>See <a href="https://example.org/memo" target="_blank" rel="noreferrer">the memo</a> and <a href="https://example.org/memo" target="_blank" rel="noreferrer">M</a>.</p>`,
    );
    expect(inner("<https://example.org>")).toBe(`<p><a href="https://example.org" target="_blank" rel="noreferrer">https://example.org</a></p>`);
    expect(inner("[1] and [*x*][nope]")).toBe("<p>[1] and [<em>x</em>][nope]</p>");
  });

  it("reads hard line breaks, rules, deeper headings and images as links", () => {
    expect(inner("one  \ntwo\\\nthree\n\n---\n\n###### six\n\n![chip](/h20.png)")).toBe(
      `<p>one<br/>two<br/>three</p><hr/><h6>six</h6><p><a href="/h20.png" rel="noreferrer">chip</a></p>`,
    );
  });
});
