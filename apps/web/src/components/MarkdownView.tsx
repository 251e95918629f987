import type { ReactNode } from "react";
import { markdownBlocks, type InlineSpan } from "../markdown-blocks.ts";

function spans(items: readonly InlineSpan[]): ReactNode[] {
  return items.map((span, i) => {
    switch (span.kind) {
      case "strong":
        return <strong key={i}>{span.text}</strong>;
      case "em":
        return <em key={i}>{span.text}</em>;
      case "code":
        return <code key={i}>{span.text}</code>;
      case "link":
        return (
          <a key={i} href={span.href} target={span.href.startsWith("/") ? undefined : "_blank"} rel="noreferrer">
            {span.text}
          </a>
        );
      default:
        return span.text;
    }
  });
}

/** A Markdown cell as read, not as written. */
export function MarkdownView({ source }: { readonly source: string }) {
  const blocks = markdownBlocks(source);
  if (blocks.length === 0) return <p className="muted">Empty note.</p>;
  return (
    <div className="markdown">
      {blocks.map((block, i) => {
        switch (block.kind) {
          case "heading": {
            const Tag = `h${block.level + 1}` as "h2" | "h3" | "h4" | "h5";
            return <Tag key={i}>{spans(block.spans)}</Tag>;
          }
          case "list":
            return (
              <ul key={i}>
                {block.items.map((item, j) => (
                  <li key={j}>{spans(item)}</li>
                ))}
              </ul>
            );
          case "code":
            return <pre key={i}>{block.text}</pre>;
          default:
            return <p key={i}>{spans(block.spans)}</p>;
        }
      })}
    </div>
  );
}
