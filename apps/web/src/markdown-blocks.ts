import { parser } from "@lezer/markdown";
import { decodeHTMLStrict } from "entities";

/**
 * A notebook's notes in Markdown, read by @lezer/markdown (https://github.com/lezer-parser/markdown,
 * the CommonMark parser CodeMirror already uses for the note editor) into plain data that React
 * renders as elements, so no note is ever put into the page as HTML: raw HTML in a note is shown
 * as the text it is, and links go only to http(s) addresses or to pages of this site.
 *
 * What is done here is what the parser leaves to a renderer: it gives a syntax tree of positions,
 * so the text between marks, backslash escapes and entities (decoded by `entities`), reference
 * links (resolved against the note's definitions), tight lists and the check of link targets are
 * read from that tree here.
 */

export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "strong" | "em"; readonly children: readonly Inline[] }
  | { readonly kind: "code"; readonly text: string }
  /** `external` links open in a new tab; links within the site do not. */
  | { readonly kind: "link"; readonly href: string; readonly external: boolean; readonly children: readonly Inline[] }
  | { readonly kind: "break" };

export type MarkdownBlock =
  | { readonly kind: "heading"; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly content: readonly Inline[] }
  | { readonly kind: "paragraph"; readonly content: readonly Inline[] }
  /** A tight list (no blank lines between its items) shows its items' paragraphs without paragraph spacing. */
  | { readonly kind: "list"; readonly ordered: boolean; readonly start: number; readonly tight: boolean; readonly items: readonly (readonly MarkdownBlock[])[] }
  | { readonly kind: "quote"; readonly blocks: readonly MarkdownBlock[] }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "rule" };

type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

/** Marks the parser puts in the tree; they are syntax, not text. */
const MARKS = new Set(["QuoteMark", "ListMark", "HeaderMark", "EmphasisMark", "LinkMark", "CodeMark", "CodeInfo", "URL", "LinkTitle", "LinkLabel"]);

const BLANK_LINE = /\n[ \t>]*\n/;
const ESCAPE_OR_ENTITY = /\\([!-/:-@[-`{-~])|&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/g;

/** A base that no page has, to tell links within the site from links to another host. */
const SITE = new URL("https://site.invalid/");

function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}

/** Where a link may go: an http(s) address, or a path, query or fragment of this site. */
export function linkTarget(url: string): { href: string; external: boolean } | undefined {
  const href = url.trim();
  if (href === "") return undefined;
  // The WHATWG URL parser is the browser's own, so it sees the scheme the browser would, however
  // it is disguised (`JavaScript:`, `java\tscript:`, leading control characters).
  if (URL.canParse(href)) {
    const { protocol } = new URL(href);
    return protocol === "http:" || protocol === "https:" ? { href, external: true } : undefined;
  }
  if (!URL.canParse(href, SITE)) return undefined;
  // No scheme: a place on this site, unless it names another host (`//example.org/`).
  return { href, external: new URL(href, SITE).host !== SITE.host };
}

/** Reference labels match case-insensitively and with runs of whitespace as one space. */
function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

function decodeEscapesAndEntities(text: string): string {
  return text.replace(ESCAPE_OR_ENTITY, (match, escaped: string | undefined) => escaped ?? decodeHTMLStrict(match));
}

/** Reads a note; blocks in the order written. */
export function markdownBlocks(source: string): MarkdownBlock[] {
  const tree = parser.parse(source);
  return new NoteReader(source, tree.topNode).blocks(tree.topNode);
}

/** Text pieces as they are gathered: `written` ones are source text, whose line breaks and indentation are layout. */
type Piece = Inline | { readonly kind: "written"; readonly text: string };

class NoteReader {
  /** Link reference definitions (`[label]: url`), the first of each label counting. */
  private readonly definitions = new Map<string, string>();

  constructor(
    private readonly source: string,
    document: SyntaxNode,
  ) {
    const cursor = document.cursor();
    do {
      if (cursor.name !== "LinkReference") continue;
      const node = cursor.node;
      const label = node.getChild("LinkLabel");
      const url = node.getChild("URL");
      if (!label || !url) continue;
      const key = normalizeLabel(this.text(label).slice(1, -1));
      if (!this.definitions.has(key)) this.definitions.set(key, this.destination(url));
    } while (cursor.next());
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  /** A link destination as written: maybe in angle brackets, with escapes and entities. */
  private destination(url: SyntaxNode): string {
    const written = this.text(url);
    const bare = written.startsWith("<") && written.endsWith(">") ? written.slice(1, -1) : written;
    return decodeEscapesAndEntities(bare);
  }

  blocks(container: SyntaxNode): MarkdownBlock[] {
    const blocks: MarkdownBlock[] = [];
    for (const node of children(container)) {
      const block = this.block(node);
      if (block) blocks.push(block);
    }
    return blocks;
  }

  private block(node: SyntaxNode): MarkdownBlock | undefined {
    const name = node.name;
    const heading = /^(?:ATX|Setext)Heading([1-6])$/.exec(name);
    if (heading) return { kind: "heading", level: Number(heading[1]) as 1 | 2 | 3 | 4 | 5 | 6, content: this.inlines(node, true) };
    switch (name) {
      case "Paragraph":
        return { kind: "paragraph", content: this.inlines(node, true) };
      case "BulletList":
      case "OrderedList":
        return this.list(node);
      case "Blockquote":
        return { kind: "quote", blocks: this.blocks(node) };
      case "FencedCode":
      case "CodeBlock":
        return {
          kind: "code",
          text: node
            .getChildren("CodeText")
            .map((part) => this.text(part))
            .join(""),
        };
      case "HorizontalRule":
        return { kind: "rule" };
      case "LinkReference":
        return undefined;
      default:
        if (MARKS.has(name)) return undefined;
        // Raw HTML (HTMLBlock, CommentBlock, ProcessingInstructionBlock), and anything else the
        // parser may come to know: its text, as written.
        return { kind: "paragraph", content: finish([{ kind: "written", text: this.textWithoutMarks(node) }], true) };
    }
  }

  private list(node: SyntaxNode): MarkdownBlock {
    const items = node.getChildren("ListItem");
    const firstMark = items[0]?.getChild("ListMark");
    const start = node.name === "OrderedList" && firstMark ? Number.parseInt(this.text(firstMark), 10) : 1;
    // CommonMark: a list is loose when a blank line separates two of its items, or two blocks of one item.
    const separatedByBlankLine = (nodes: readonly SyntaxNode[]) =>
      nodes.some((current, index) => {
        const next = nodes[index + 1];
        return next !== undefined && BLANK_LINE.test(this.source.slice(current.to, next.from));
      });
    const loose = separatedByBlankLine(items) || items.some((item) => separatedByBlankLine(children(item).filter((child) => child.name !== "ListMark")));
    return { kind: "list", ordered: node.name === "OrderedList", start, tight: !loose, items: items.map((item) => this.blocks(item)) };
  }

  /** The text of a node with the marks inside it (quote marks of its later lines, say) left out. */
  private textWithoutMarks(node: SyntaxNode): string {
    let text = "";
    let at = node.from;
    for (const child of children(node)) {
      text += this.source.slice(at, child.from);
      if (!MARKS.has(child.name)) text += this.textWithoutMarks(child);
      at = child.to;
    }
    return text + this.source.slice(at, node.to);
  }

  /** The inline content of a node between `from` and `to` (all of it by default). */
  private inlines(node: SyntaxNode, trim: boolean, from = node.from, to = node.to): Inline[] {
    const pieces: Piece[] = [];
    let at = from;
    for (const child of children(node)) {
      if (child.to <= from || child.from >= to) continue;
      pieces.push({ kind: "written", text: this.source.slice(at, child.from) });
      pieces.push(...this.inline(child));
      at = child.to;
    }
    pieces.push({ kind: "written", text: this.source.slice(at, to) });
    return finish(pieces, trim);
  }

  private inline(node: SyntaxNode): Piece[] {
    switch (node.name) {
      case "Escape":
        return [{ kind: "text", text: this.source.slice(node.from + 1, node.to) }];
      case "Entity":
        return [{ kind: "text", text: decodeHTMLStrict(this.text(node)) }];
      case "HardBreak":
        return [{ kind: "break" }];
      case "Emphasis":
        return [{ kind: "em", children: this.inlines(node, false) }];
      case "StrongEmphasis":
        return [{ kind: "strong", children: this.inlines(node, false) }];
      case "InlineCode":
        return [{ kind: "code", text: this.codeSpan(node) }];
      case "Link":
      case "Image":
        return this.link(node);
      case "Autolink": {
        const url = node.getChild("URL");
        const target = url ? linkTarget(this.destination(url)) : undefined;
        const shown = url ? this.text(url) : this.text(node);
        return target ? [{ kind: "link", ...target, children: [{ kind: "text", text: shown }] }] : [{ kind: "text", text: shown }];
      }
      default:
        if (MARKS.has(node.name)) return [];
        // Raw HTML (HTMLTag, Comment, ProcessingInstruction) and anything unknown: the text as written.
        return [{ kind: "written", text: this.textWithoutMarks(node) }];
    }
  }

  /** CommonMark code spans: line breaks read as spaces, and one space on each side dropped if both are there. */
  private codeSpan(node: SyntaxNode): string {
    const marks = node.getChildren("CodeMark");
    const open = marks[0];
    const close = marks[marks.length - 1];
    if (!open || !close || open === close) return this.text(node);
    const text = this.source.slice(open.to, close.from).replace(/\n/g, " ");
    return /^ .*[^ ].* $/s.test(text) ? text.slice(1, -1) : text;
  }

  private link(node: SyntaxNode): Piece[] {
    const marks = node.getChildren("LinkMark");
    const open = marks[0];
    const close = marks.find((mark) => this.text(mark) === "]");
    if (!open || !close) return [{ kind: "written", text: this.textWithoutMarks(node) }];
    const content = this.inlines(node, false, open.to, close.from);
    const url = node.getChild("URL");
    const label = node.getChild("LinkLabel");
    let destination: string | undefined;
    if (url) {
      destination = this.destination(url);
    } else {
      // A reference link, [text][label], [text][] or [text]: it needs a definition in the note.
      const labelText = label ? this.text(label).slice(1, -1) : "";
      destination = this.definitions.get(normalizeLabel(labelText.trim() === "" ? this.source.slice(open.to, close.from) : labelText));
      if (destination === undefined) {
        // No such definition: CommonMark shows the brackets as written.
        return [
          { kind: "text", text: this.text(open) },
          ...content,
          { kind: "text", text: "]" },
          ...(label ? [{ kind: "text" as const, text: this.text(label) }] : []),
        ];
      }
    }
    const target = linkTarget(destination);
    // A refused target (javascript:, data:, …) leaves the link's text, without the link.
    if (!target) return content;
    // An image in a link's text ([![alt](img)](url)) is its alt text there: links do not nest.
    return [{ kind: "link", ...target, children: content.flatMap((inline) => (inline.kind === "link" ? inline.children : [inline])) }];
  }
}

/**
 * Written text becomes the text a reader sees: a line break inside a paragraph, with the spaces
 * around it, reads as one space, and the block's own leading and trailing spaces go. Adjacent
 * texts are joined and empty ones dropped.
 */
function finish(pieces: readonly Piece[], trim: boolean): Inline[] {
  const inlines: Inline[] = [];
  let written = "";
  const flushWritten = () => {
    if (written !== "") push({ kind: "text", text: written.replace(/[ \t]*\n[ \t]*/g, " ") });
    written = "";
  };
  const push = (inline: Inline) => {
    const last = inlines[inlines.length - 1];
    if (inline.kind === "text" && last?.kind === "text") inlines[inlines.length - 1] = { kind: "text", text: last.text + inline.text };
    else inlines.push(inline);
  };
  for (const piece of pieces) {
    if (piece.kind === "written") {
      written += piece.text;
      continue;
    }
    flushWritten();
    push(piece);
  }
  flushWritten();
  if (trim) {
    const first = inlines[0];
    if (first?.kind === "text") inlines[0] = { kind: "text", text: first.text.trimStart() };
    const lastIndex = inlines.length - 1;
    const last = inlines[lastIndex];
    if (last?.kind === "text") inlines[lastIndex] = { kind: "text", text: last.text.trimEnd() };
  }
  return inlines.filter((inline) => inline.kind !== "text" || inline.text !== "");
}
