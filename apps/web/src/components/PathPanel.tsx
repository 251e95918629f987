"use client";

import { useState } from "react";
import { PATH_CHOICES, type EntitySummary, type GraphqlClient } from "../api-client.ts";
import type { GraphNode } from "../graph-data.ts";
import type { AssembledGraph, PathOption } from "../graph-view.ts";
import { displayName as entityDisplayName } from "../entity-format.ts";
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
  /** Draws another of the paths found (0 is the shortest). */
  readonly onChoose: (choice: number) => void;
  readonly onPick: (id: string) => void;
  readonly onUnreachable: (error: unknown) => void;
  /** Changes when the page retries what failed (see SearchBox). */
  readonly retryToken: number;
}

/** How an entity is named in the path finder: the one place to change for another language. */
function displayName(node: Pick<GraphNode, "name" | "nameJa"> | undefined, fallback: string, language: Language): string {
  return node ? entityDisplayName(node, language) : fallback;
}

/** A path in one line: the entities along it with the relationship type of each step between them. */
function PathSummary({ option, language }: { readonly option: PathOption; readonly language: Language }) {
  return (
    <span className="path-summary">
      {option.nodes.map((node, index) => {
        const edge = option.edges[index];
        return (
          <span key={node.id}>
            <span className="path-summary-name">{displayName(node, node.id, language)}</span>
            {edge && (
              <span className="path-summary-type">
                {" "}
                {edge.source === node.id ? "→" : "←"} {edge.type} {edge.source === node.id ? "→" : "←"}{" "}
              </span>
            )}
          </span>
        );
      })}
    </span>
  );
}

/** Two entities in, the shortest chain of relationships between them out: drawn in the graph and listed here. */
export function PathPanel({ client, language, view, graph, onFind, onClear, onChoose, onPick, onUnreachable, retryToken }: PathPanelProps) {
  const nodes = new Map(graph.allNodes.map((n) => [n.id, n]));
  // The ends of the path in view are the ends picked, so they survive a switch to another tab and back.
  const end = (id: string | undefined): PickedEnd | undefined => (id ? { id, name: nodes.get(id)?.name ?? id } : undefined);
  const [from, setFrom] = useState<PickedEnd | undefined>(() => end(view.path?.from));
  const [to, setTo] = useState<PickedEnd | undefined>(() => end(view.path?.to));
  const [viaArticles, setViaArticles] = useState(view.path?.viaArticles ?? false);
  // An end read back from the view may be named only once its entity has loaded.
  const nameOf = (picked: PickedEnd) => displayName(nodes.get(picked.id), picked.name, language);
  const edges = new Map(graph.allEdges.map((e) => [e.id, e]));
  const path = graph.path;
  return (
    <section className="path-panel" aria-label="Path finder">
      <h2>Path finder</h2>
      <p className="hint">
        The shortest chains of relationships, in either direction, between two entities: up to {PATH_CHOICES} of them, shortest first; choose one to draw it. By
        default it does not go through an article (MENTIONS, REPORTED_IN, CITES), so it shows what happened rather than who was named together.
      </p>
      <SearchBox
        client={client}
        label="Path from"
        placeholder="From: e.g. Howard Lutnick"
        onPick={setFrom}
        onUnreachable={onUnreachable}
        retryToken={retryToken}
      />
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
          {graph.pathOptions.length > 1 && (
            <>
              <h3>{graph.pathOptions.length} paths found, shortest first</h3>
              <ol className="path-options" aria-label="Routes to choose from">
                {graph.pathOptions.map((option, index) => (
                  <li key={option.nodes.map((n) => n.id).join(">") + option.edges.map((e) => e.id).join(">")}>
                    <button
                      type="button"
                      className="path-option"
                      title={option.nodes.map((n) => entityDisplayName(n, "both")).join(" — ")}
                      aria-pressed={index === graph.chosenPath}
                      data-entity-types={option.nodes.map((n) => n.type).join(" ")}
                      onClick={() => onChoose(index)}
                    >
                      <span className="path-option-length">
                        {option.edges.length} {option.edges.length === 1 ? "step" : "steps"}
                      </span>{" "}
                      <PathSummary language={language} option={option} />
                    </button>
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3>
            {graph.pathOptions.length > 1 ? `Path ${graph.chosenPath + 1}: ` : ""}
            {path.edges.length} {path.edges.length === 1 ? "step" : "steps"}
          </h3>
          <ol className="path-steps" aria-label="Path">
            {path.nodes.map((id, index) => {
              const node = nodes.get(id);
              const edgeId = path.edges[index];
              const edge = edgeId ? edges.get(edgeId) : undefined;
              return (
                <li key={id}>
                  <button type="button" className="link-button" onClick={() => onPick(id)} title={node ? entityDisplayName(node, "both") : id}>
                    {node && <TypeSwatch type={node.type} />} {displayName(node, id, language)}
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
