/**
 * Turning an article as given (plain text, Markdown or HTML) into the plain text the analysis
 * reads. Every offset the analysis reports refers to this text, so the web page shows it, not
 * the markup.
 */

export type ArticleFormat = "text" | "markdown" | "html";

/** Tags whose content is never article text. */
const DROPPED_ELEMENTS = ["script", "style", "head", "noscript", "template", "svg", "iframe", "object"];

/** Tags that start or end a block: each becomes a paragraph break. */
const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
  "caption",
  "body",
  "html",
]);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  middot: "·",
  bull: "•",
  yen: "¥",
  euro: "€",
  pound: "£",
  cent: "¢",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  times: "×",
  divide: "÷",
  minus: "−",
  shy: "",
  zwnj: "",
  zwj: "",
};

const HTML_TAG = /<\/?(?:[a-z][a-z0-9]*)(?:\s[^<>]*)?\/?>/i;
const HTML_STRUCTURE = /<(?:p|div|br|h[1-6]|li|ul|ol|span|a|b|i|em|strong|html|body|article|section|table|blockquote|pre|script|style)\b[^<>]*>/i;

/** Guesses the format from the markup it holds; plain text is the default. */
export function detectArticleFormat(text: string): ArticleFormat {
  if (HTML_STRUCTURE.test(text) && HTML_TAG.test(text)) return "html";
  const markdownSigns = [
    /^#{1,6}\s+\S/m, // ATX heading
    /\[[^\]\n]+\]\([^)\s]+\)/, // [text](url)
    /(?:^|[^\w*])\*\*[^*\n]+\*\*(?!\w)/, // **strong**
    /^```/m, // fenced code
    /^\s{0,3}>\s/m, // blockquote
  ];
  return markdownSigns.some((sign) => sign.test(text)) ? "markdown" : "text";
}

function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body.startsWith("#")) {
      const codePoint = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      // Lone surrogates and out-of-range numbers are not characters; leave the reference as written.
      if (!Number.isFinite(codePoint) || codePoint <= 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return whole;
      return String.fromCodePoint(codePoint);
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Paragraph breaks survive as a marker until whitespace is collapsed; U+E000 is private use, never in an article. */
const PARAGRAPH_MARK = "\uE000";
const LINE_MARK = "\uE001";

function htmlToPlainText(html: string): string {
  let text = html.replace(/<!--[\s\S]*?-->/g, " ").replace(/<!doctype[^>]*>/gi, " ");
  for (const element of DROPPED_ELEMENTS) {
    text = text.replace(new RegExp(`<${element}\\b[\\s\\S]*?</${element}\\s*>`, "gi"), " ");
  }
  text = text.replace(/<\/?([a-z][a-z0-9]*)\b[^<>]*>/gi, (_, name: string) => {
    const tag = name.toLowerCase();
    if (tag === "br") return LINE_MARK;
    return BLOCK_TAGS.has(tag) ? PARAGRAPH_MARK : "";
  });
  // HTML whitespace: any run of spaces and line breaks is one space; only the block marks break lines.
  text = text.replace(/[ \t\r\n\f]+/g, " ");
  text = decodeHtmlEntities(text).replace(/\u00a0/g, " ");
  return text
    .split(PARAGRAPH_MARK)
    .map((block) =>
      block
        .split(LINE_MARK)
        .map((line) => line.trim())
        .join("\n")
        .trim(),
    )
    .filter((block) => block.length > 0)
    .join("\n\n");
}

function markdownToPlainText(markdown: string): string {
  const lines: string[] = [];
  let inFence = false;
  for (const rawLine of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*(```|~~~)/.test(rawLine)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      lines.push(rawLine);
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(rawLine)) {
      lines.push(""); // horizontal rule: a paragraph break
      continue;
    }
    let line = rawLine
      .replace(/^\s{0,3}#{1,6}\s+/, "") // heading marks
      .replace(/\s+#+\s*$/, "") // closing heading marks
      .replace(/^\s{0,3}(>\s?)+/, "") // blockquote
      .replace(/^\s*[-*+]\s+(\[[ xX]\]\s+)?/, "") // bullets and task boxes
      .replace(/^\s*\d+[.)]\s+/, ""); // numbered list items
    line = line
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // images keep their alt text
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1") // inline links keep their text
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1") // reference links
      .replace(/`([^`]+)`/g, "$1")
      .replace(/(^|[^\w*])(\*\*\*|\*\*|\*)(?=\S)([^*\n]*?\S)\2(?![\w*])/g, "$1$3")
      .replace(/(^|[^\w_])(___|__|_)(?=\S)([^_\n]*?\S)\2(?![\w_])/g, "$1$3")
      .replace(/~~(?=\S)([^~\n]*?\S)~~/g, "$1");
    // A reference-link definition ("[1]: https://…") is not text.
    if (/^\s{0,3}\[[^\]]+\]:\s+\S+/.test(line)) continue;
    lines.push(line);
  }
  return lines.join("\n");
}

/**
 * The plain text of an article: HTML without tags (block tags become paragraph breaks, character
 * references decoded, script and style dropped), Markdown without its markup (headings,
 * emphasis, links reduced to their text), plain text as it is apart from line endings.
 */
export function articlePlainText(text: string, format: ArticleFormat = detectArticleFormat(text)): string {
  const unified = text.replace(/\r\n?/g, "\n").replace(/^\uFEFF/, "");
  switch (format) {
    case "html":
      return htmlToPlainText(unified);
    case "markdown":
      return markdownToPlainText(unified);
    case "text":
      return unified;
  }
}
