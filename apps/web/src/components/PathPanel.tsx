"use client";

import { useState } from "react";
import type { EntitySummary, GraphqlClient } from "../api-client.ts";
import { displayName } from "../entity-format.ts";
import type { AssembledGraph } from "../graph-view.ts";
import type { Language, ViewState } from "../view-state.ts";
import { SearchBox } from "./SearchBox.tsx";
import { TypeSwatch } from "./TypeSwatch.tsx";

/** An end of the path: picked in a search box, or read back from the view. */
type PickedEnd = Pick<EntitySummary, "id" | "name">;

interface PathPanelProps {
  readonly client: GraphqlClient;
  readonly language: Language;
  readonly view: ViewState;
  readonly graph: AssembledGraph;
  readonly onFind: (from: string, to: string, viaArticles: boolean) => void;
  readonly onClear: () => void;
  readonly onPick: (id: string) => void;
  readonly onUnreachable: (error: unknown) => void;
  /** Changes when the page retries what failed (see SearchBox). */
  readonly retryToken: number;
}

/** Two entities in, the shortest chain of relationships between them out: drawn in the graph and listed here. */
export function PathPanel({ client, language, view, graph, onFind, onClear, onPick, onUnreachable, retryToken }: PathPanelProps) {
  const nodes = new Map(graph.allNodes.map((n) => [n.id, n]));
  // The ends of the path in view are the ends picked, so they survive a switch to another tab and back.
  const end = (id: string | undefined): PickedEnd | undefined => (id ? { id, name: nodes.get(id)?.name ?? id } : undefined);
  const [from, setFrom] = useState<PickedEnd | undefined>(() => end(view.path?.from));
  const [to, setTo] = useState<PickedEnd | undefined>(() => end(view.path?.to));
  const [viaArticles, setViaArticles] = useState(view.path?.viaArticles ?? false);
  // An end read back from the view may be named only once its entity has loaded.
  const nameOf = (picked: PickedEnd) => nodes.get(picked.id)?.name ?? picked.name;
  const edges = new Map(graph.allEdges.map((e) => [e.id, e]));
  const path = graph.path;
  return (
    <section className="path-panel" aria-label="Path finder">
      <h2>Path finder</h2>
      <p className="hint">
        The shortest chain of relationships, in either direction, between two entities. By default it does not go through an article
        (MENTIONS, REPORTED_IN, CITES), so it shows what happened rather than who was named together.
      </p>
      <SearchBox client={client} label="Path from" placeholder="From: e.g. Howard Lutnick" onPick={setFrom} onUnreachable={onUnreachable} retryToken={retryToken} />
      {from && <p className="picked">From: {nameOf(from)}</p>}
      <SearchBox client={client} label="Path to" placeholder="To: e.g. Huawei" onPick={setTo} onUnreachable={onUnreachable} retryToken={retryToken} />
      {to && <p className="picked">To: {nameOf(to)}</p>}
      <label className="check">
        <input
          type="checkbox"
          checked={!viaArticles}
          onChange={(event) => {
            const next = !event.target.checked;
            setViaArticles(next);
            // A path in view is found again at once under the new rule.
            if (view.path && from && to) onFind(from.id, to.id, next);
          }}
        />{" "}
        Leave out co-mentions (two entities named in one article)
      </label>
      <div className="range-actions">
        <button type="button" disabled={!from || !to} onClick={() => from && to && onFind(from.id, to.id, viaArticles)}>
          Find path
        </button>
        <button type="button" disabled={!view.path} onClick={onClear}>
          Clear path
        </button>
      </div>
      {view.path && path === undefined && <p>Looking for a path…</p>}
      {view.path && path === null && (
        <p role="status">
          No path of at most 6 relationships joins these two entities
          {view.path.viaArticles ? "." : " without passing through an article; untick “Leave out co-mentions” to allow that."}
        </p>
      )}
      {view.path && path && (
        <>
          <h3>
            {path.edges.length} {path.edges.length === 1 ? "step" : "steps"}
          </h3>
          <ol className="path-steps" aria-label="Path">
            {path.nodes.map((id, index) => {
              const node = nodes.get(id);
              const edgeId = path.edges[index];
              const edge = edgeId ? edges.get(edgeId) : undefined;
              return (
                <li key={id}>
                  <button type="button" className="link-button" onClick={() => onPick(id)}>
                    {node && <TypeSwatch type={node.type} />} {node ? displayName(node, language) : id}
                  </button>
                  {edge && (
                    <p className="path-edge">
                      {edge.source === id ? "↓" : "↑"} {edge.type}
                      {edge.claim && <span className="claim"> — {edge.claim}</span>}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
