import type { TimelineItem } from "../api-client.ts";
import { displayName, formatDate, precisionOfValue } from "../entity-format.ts";
import { dateBounds, inRange } from "../time-range.ts";
import type { Language, ViewState } from "../view-state.ts";
import { TypeSwatch } from "./TypeSwatch.tsx";
import { jsonObject } from "../graphql.ts";

interface TimePanelProps {
  readonly view: ViewState;
  readonly timeline: readonly TimelineItem[] | undefined;
  readonly language: Language;
  readonly visibleIds: ReadonlySet<string>;
  readonly onRange: (from: string | undefined, to: string | undefined) => void;
  readonly onFade: (fade: boolean) => void;
  readonly onPick: (id: string) => void;
}

/** The date range over the graph, and the events, policies and statements in date order. */
export function TimePanel({ view, timeline, language, visibleIds, onRange, onFade, onPick }: TimePanelProps) {
  const spans = new Map((timeline ?? []).map((t) => [t.entity.id, { from: t.date, to: t.endDate ?? undefined, openEnded: false }]));
  const { min, max } = dateBounds([...spans.values()]) ?? { min: undefined, max: undefined };
  const range = { from: view.from, to: view.to };
  const items = (timeline ?? []).filter((t) => inRange(spans.get(t.entity.id), range));
  return (
    <section className="time-panel" aria-label="Time">
      <h2>Time range</h2>
      <p className="hint">
        Things dated outside the range {view.fadeOutsideTime ? "fade" : "are hidden"}; undated entities stay.
        {min && max ? ` The graph spans ${formatDate(min)} – ${formatDate(max)}.` : ""}
      </p>
      <div className="range">
        <label>
          From
          <input type="date" value={view.from ?? ""} min={min} max={view.to ?? max} onChange={(e) => onRange(e.target.value || undefined, view.to)} />
        </label>
        <label>
          To
          <input type="date" value={view.to ?? ""} min={view.from ?? min} max={max} onChange={(e) => onRange(view.from, e.target.value || undefined)} />
        </label>
      </div>
      <div className="range-actions">
        <label className="inline">
          <input type="checkbox" checked={view.fadeOutsideTime} onChange={(e) => onFade(e.target.checked)} />
          Fade instead of hide
        </label>
        <button type="button" onClick={() => onRange(undefined, undefined)} disabled={!view.from && !view.to}>
          Clear range
        </button>
      </div>
      <h2>Timeline</h2>
      {!timeline ? (
        <p>Loading the timeline…</p>
      ) : (
        <ol className="timeline" aria-label="Timeline">
          {items.map((item) => (
            <li key={item.entity.id} className={view.selected === item.entity.id ? "current" : undefined}>
              <button
                type="button"
                onClick={() => onPick(item.entity.id)}
                aria-current={view.selected === item.entity.id ? "true" : undefined}
                title={`${formatDate(item.date, precisionOfValue(jsonObject(item.entity.properties), item.date))}: ${displayName(item.entity, "both")}`}
              >
                <time dateTime={item.date}>{formatDate(item.date, precisionOfValue(jsonObject(item.entity.properties), item.date))}</time>
                <span className="timeline-name">
                  <TypeSwatch type={item.entity.type} /> {displayName(item.entity, language)}
                </span>
                {visibleIds.has(item.entity.id) && <span className="badge">in view</span>}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
