import { Fragment, type ReactNode } from "react";
import { markdownBlocks, type Inline, type MarkdownBlock } from "../markdown-blocks.ts";

function inlines(items: readonly Inline[]): ReactNode[] {
  return items.map((inline, i) => {
    switch (inline.kind) {
      case "strong":
        return <strong key={i}>{inlines(inline.children)}</strong>;
      case "em":
        return <em key={i}>{inlines(inline.children)}</em>;
      case "code":
        return <code key={i}>{inline.text}</code>;
      case "link":
        return (
          <a key={i} href={inline.href} target={inline.external ? "_blank" : undefined} rel="noreferrer">
            {inlines(inline.children)}
          </a>
        );
      case "break":
        return <br key={i} />;
      default:
        return inline.text;
    }
  });
}

/** The blocks of a list item; in a tight list its paragraphs are plain lines, as they were written. */
function itemBlocks(blocks: readonly MarkdownBlock[], tight: boolean): ReactNode[] {
  return blocks.map((block, i) => (tight && block.kind === "paragraph" ? <Fragment key={i}>{inlines(block.content)}</Fragment> : renderBlock(block, i)));
}

function renderBlock(block: MarkdownBlock, key: number): ReactNode {
  switch (block.kind) {
    case "heading": {
      // The notebook page has its own h1, so a note's top heading is an h2.
      const Tag = `h${Math.min(block.level + 1, 6)}` as "h2" | "h3" | "h4" | "h5" | "h6";
      return <Tag key={key}>{inlines(block.content)}</Tag>;
    }
    case "list": {
      const items = block.items.map((item, j) => <li key={j}>{itemBlocks(item, block.tight)}</li>);
      if (!block.ordered) return <ul key={key}>{items}</ul>;
      return (
        <ol key={key} start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      );
    }
    case "quote":
      return <blockquote key={key}>{block.blocks.map(renderBlock)}</blockquote>;
    case "code":
      return <pre key={key}>{block.text}</pre>;
    case "rule":
      return <hr key={key} />;
    default:
      return <p key={key}>{inlines(block.content)}</p>;
  }
}

/** A Markdown cell as read, not as written. */
export function MarkdownView({ source }: { readonly source: string }) {
  const blocks = markdownBlocks(source);
  if (blocks.length === 0) return <p className="muted">Empty note.</p>;
  return <div className="markdown">{blocks.map(renderBlock)}</div>;
}
