import type { VisibleNode } from "../graph-view.ts";
import { TypeSwatch } from "./TypeSwatch.tsx";

interface InViewPanelProps {
  readonly nodes: readonly VisibleNode[];
  readonly selected: string | undefined;
  readonly onSelect: (id: string) => void;
  readonly onExpand: (id: string) => void;
}

/** The entities drawn, as a list a keyboard can walk: the graph's canvas cannot be tabbed through. */
export function InViewPanel({ nodes, selected, onSelect, onExpand }: InViewPanelProps) {
  const sorted = [...nodes].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  return (
    <section aria-label="In view">
      <h2>{nodes.length} entities in view</h2>
      <ul className="in-view" aria-label="Entities in view">
        {sorted.map((n) => (
          <li key={n.id} data-id={n.id} className={n.fadedByTime ? "faded" : undefined}>
            <button type="button" className="link-button" onClick={() => onSelect(n.id)} aria-current={selected === n.id ? "true" : undefined}>
              <TypeSwatch type={n.type} /> {n.name}
            </button>
            {!n.expanded && (
              <button type="button" className="small" onClick={() => onExpand(n.id)} aria-label={`Expand ${n.name}`}>
                Expand
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
