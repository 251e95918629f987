/**
 * The Markdown a notebook's notes need — headings, paragraphs, lists, code blocks, **bold**,
 * *emphasis*, `code` and [links](url) — read into plain data that React renders as elements, so
 * no note is ever put into the page as HTML.
 */

export type InlineSpan =
  | { readonly kind: "text" | "strong" | "em" | "code"; readonly text: string }
  | { readonly kind: "link"; readonly text: string; readonly href: string };

export type MarkdownBlock =
  | { readonly kind: "heading"; readonly level: 1 | 2 | 3 | 4; readonly spans: readonly InlineSpan[] }
  | { readonly kind: "paragraph"; readonly spans: readonly InlineSpan[] }
  | { readonly kind: "list"; readonly items: readonly (readonly InlineSpan[])[] }
  | { readonly kind: "code"; readonly text: string };

const INLINE = /(\*\*([^*]+)\*\*|\*([^*]+)\*|_([^_]+)_|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\))/g;

/** Only web links become links; anything else (javascript:, data:) stays text. */
function safeHref(href: string): string | undefined {
  return /^(https?:\/\/|\/)/.test(href) ? href : undefined;
}

export function inlineSpans(text: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) spans.push({ kind: "text", text: text.slice(last, index) });
    if (match[2] !== undefined) spans.push({ kind: "strong", text: match[2] });
    else if (match[3] !== undefined) spans.push({ kind: "em", text: match[3] });
    else if (match[4] !== undefined) spans.push({ kind: "em", text: match[4] });
    else if (match[5] !== undefined) spans.push({ kind: "code", text: match[5] });
    else {
      const href = safeHref(match[7] as string);
      spans.push(href ? { kind: "link", text: match[6] as string, href } : { kind: "text", text: match[0] });
    }
    last = index + match[0].length;
  }
  if (last < text.length) spans.push({ kind: "text", text: text.slice(last) });
  return spans;
}

export function markdownBlocks(source: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", spans: inlineSpans(paragraph.join(" ")) });
    if (list.length > 0) blocks.push({ kind: "list", items: list.map(inlineSpans) });
    paragraph = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      while (i + 1 < lines.length && !(lines[i + 1] as string).startsWith("```")) code.push(lines[++i] as string);
      i++;
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: (heading[1] as string).length as 1 | 2 | 3 | 4, spans: inlineSpans(heading[2] as string) });
      continue;
    }
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      if (paragraph.length > 0) flush();
      list.push(item[1] as string);
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (list.length > 0) flush();
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}
