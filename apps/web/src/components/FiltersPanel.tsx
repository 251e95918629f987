import { RELATIONSHIP_TYPE_NAMES } from "@kgx/domain";
import { LEGEND, typeColorClass } from "../graph-style.ts";
import { displayName } from "../entity-format.ts";
import type { AssembledGraph } from "../graph-view.ts";
import type { Language, ViewState } from "../view-state.ts";

interface FiltersPanelProps {
  readonly view: ViewState;
  readonly language: Language;
  readonly graph: AssembledGraph;
  readonly onToggleEntityType: (type: string) => void;
  readonly onToggleRelationshipType: (type: string) => void;
  readonly onUnhide: (id: string) => void;
}

/** Which entity and relationship types are drawn, and the entities hidden one by one. */
export function FiltersPanel({ view, language, graph, onToggleEntityType, onToggleRelationshipType, onUnhide }: FiltersPanelProps) {
  const nodeCounts = new Map<string, number>();
  for (const n of graph.allNodes) nodeCounts.set(n.type, (nodeCounts.get(n.type) ?? 0) + 1);
  const edgeCounts = new Map<string, number>();
  for (const e of graph.allEdges) edgeCounts.set(e.type, (edgeCounts.get(e.type) ?? 0) + 1);
  const relTypes = RELATIONSHIP_TYPE_NAMES.filter((t) => edgeCounts.has(t) || view.hiddenRelationshipTypes.includes(t));
  const names = new Map(graph.allNodes.map((n) => [n.id, displayName(n, language)]));
  const fullNames = new Map(graph.allNodes.map((n) => [n.id, displayName(n, "both")]));
  return (
    <section className="filters" aria-label="Filters">
      <fieldset>
        <legend>Entity types</legend>
        {LEGEND.map((entry) => (
          <label key={entry.type} className="check" title={`${entry.type}: ${entry.description}`}>
            <input type="checkbox" checked={!view.hiddenEntityTypes.includes(entry.type)} onChange={() => onToggleEntityType(entry.type)} />
            <span className={`swatch ${typeColorClass(entry.type)}`} aria-hidden="true" />
            {entry.type} <span className="count">{nodeCounts.get(entry.type) ?? 0}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Relationship types</legend>
        {relTypes.length === 0 && <p className="hint">Relationship types appear here once the graph has some.</p>}
        {relTypes.map((type) => (
          <label key={type} className="check" title={type}>
            <input type="checkbox" checked={!view.hiddenRelationshipTypes.includes(type)} onChange={() => onToggleRelationshipType(type)} />
            {type} <span className="count">{edgeCounts.get(type) ?? 0}</span>
          </label>
        ))}
      </fieldset>
      {view.hiddenNodes.length > 0 && (
        <fieldset>
          <legend>Hidden entities</legend>
          <ul className="hidden-nodes">
            {view.hiddenNodes.map((id) => (
              <li key={id} title={fullNames.get(id) ?? id}>
                <span className="hidden-name">{names.get(id) ?? id}</span>{" "}
                <button type="button" className="small" onClick={() => onUnhide(id)}>
                  Show
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </section>
  );
}
