import { LEGEND, typeColorClass } from "../graph-style.ts";

interface LegendProps {
  readonly hiddenTypes: readonly string[];
  readonly onToggle: (type: string) => void;
}

/** The entity types with their colours and shapes, from the domain model; each one toggles its type. */
export function Legend({ hiddenTypes, onToggle }: LegendProps) {
  return (
    <section className="legend" aria-label="Legend">
      <h2>Entity types</h2>
      <ul>
        {LEGEND.map((entry) => {
          const hidden = hiddenTypes.includes(entry.type);
          return (
            <li key={entry.type}>
              <button
                type="button"
                aria-pressed={!hidden}
                className={hidden ? "off" : undefined}
                title={`${entry.description} (${entry.shape}). Click to ${hidden ? "show" : "hide"} ${entry.type} entities.`}
                onClick={() => onToggle(entry.type)}
              >
                <span className={`legend-mark shape-${entry.shape} ${typeColorClass(entry.type)}`} aria-hidden="true" />
                {entry.type}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
