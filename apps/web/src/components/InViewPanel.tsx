import { displayName } from "../entity-format.ts";
import type { VisibleNode } from "../graph-view.ts";
import type { Language } from "../view-state.ts";
import { TypeSwatch } from "./TypeSwatch.tsx";

interface InViewPanelProps {
  readonly nodes: readonly VisibleNode[];
  readonly language: Language;
  readonly selected: string | undefined;
  readonly onSelect: (id: string) => void;
  readonly onExpand: (id: string) => void;
}

/** The entities drawn, as a list a keyboard can walk: the graph's canvas cannot be tabbed through. */
export function InViewPanel({ nodes, language, selected, onSelect, onExpand }: InViewPanelProps) {
  const named = nodes.map((n) => ({ node: n, name: displayName(n, language) }));
  const sorted = named.sort((a, b) => a.node.type.localeCompare(b.node.type) || a.name.localeCompare(b.name));
  return (
    <section aria-label="In view">
      <h2>{nodes.length} entities in view</h2>
      <ul className="in-view" aria-label="Entities in view">
        {sorted.map(({ node: n, name }) => (
          <li key={n.id} data-id={n.id} className={n.fadedByTime ? "faded" : undefined}>
            {/* A long name is cut with an ellipsis; the tooltip has all of it, in both languages. */}
            <button
              type="button"
              className="link-button"
              onClick={() => onSelect(n.id)}
              aria-current={selected === n.id ? "true" : undefined}
              title={displayName(n, "both")}
            >
              <TypeSwatch type={n.type} /> {name}
            </button>
            {!n.expanded && (
              <button type="button" className="small" onClick={() => onExpand(n.id)} aria-label={`Expand ${name}`}>
                Expand
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
