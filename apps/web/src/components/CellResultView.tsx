"use client";

import type { CellKind, CellResult } from "@kgx/notebook";
import { lazy, Suspense, useEffect, useState } from "react";
import { createGraphqlClient, fetchEntityDetail, fetchNeighborhood, type RelationshipDetail } from "../api-client.ts";
import { entityPropertyLines } from "../entity-format.ts";
import { errorsOf, type CypherAnswer, type CypherGraphEdge, type CypherGraphNode, type RunError } from "../notebook-client.ts";
import { citationsOrSources, RelationshipEvidence } from "./RelationshipEvidence.tsx";
import { EMPTY_VIEW, encodeViewState, openEntity } from "../view-state.ts";
import { jsonObject } from "../graphql.ts";

const ResultGraph = lazy(() => import("./ResultGraph.tsx").then((m) => ({ default: m.ResultGraph })));

const client = createGraphqlClient();

/** Most neighbours a double-click adds to a cell's graph. */
const EXPAND_LIMIT = 25;

/** Rows shown per page of a result table. */
export const PAGE_SIZE = 100;

type ResultTab = "table" | "graph" | "json";

/** A value of a result row as text: nodes and relationships by name and type, the rest as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object" && !Array.isArray(value)) {
    const v = value as { kind?: string; type?: string; id?: string; properties?: Record<string, unknown> };
    if (v.kind === "node") return `(${v.type}) ${String(v.properties?.["name"] ?? v.id)}`;
    if (v.kind === "relationship") return `[${v.type}] ${v.id ?? ""}`;
  }
  return JSON.stringify(value);
}

function errorHeading(error: RunError): string {
  switch (error.code) {
    case "CYPHER_WRITE_REFUSED":
      return "Refused: notebooks only read the graph, and this statement would change it.";
    case "CYPHER_SYNTAX":
      return error.line !== undefined ? `Error at line ${error.line}, column ${error.column ?? 1}` : "Error in the statement";
    case "QUERY_TIMEOUT":
      return "The statement ran past the time limit and was stopped.";
    case "API_UNREACHABLE":
      return "The kgx API cannot be reached.";
    case "RATE_LIMITED":
      return "Too many runs for now: the API limits how many statements one address runs per minute.";
    default:
      return error.code ? `Error (${error.code})` : "Error";
  }
}

function NodeDetails({ node, onClose }: { readonly node: CypherGraphNode; readonly onClose: () => void }) {
  const lines = entityPropertyLines(node.type, jsonObject(node.properties));
  return (
    <aside className="result-node" aria-label={`Details of ${node.name}`}>
      <header>
        <strong>{node.name}</strong> <span className="muted">{node.type}</span>
        <button type="button" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      <dl>
        {lines.map((line) => (
          <div key={line.name}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
      <a href={`/?${encodeViewState(openEntity(EMPTY_VIEW, node.id))}`}>Open in explorer</a>
    </aside>
  );
}

/** A relationship of a result: its claim and the articles behind it, read from its source entity's relationships. */
function EdgeDetails({ edge, names, onClose }: { readonly edge: CypherGraphEdge; readonly names: ReadonlyMap<string, string>; readonly onClose: () => void }) {
  const [detail, setDetail] = useState<RelationshipDetail | null | undefined>();
  useEffect(() => {
    let live = true;
    fetchEntityDetail(client, edge.source).then(
      (entity) => live && setDetail(entity?.relationships.edges.find((r) => r.node.id === edge.id) ?? null),
      () => live && setDetail(null),
    );
    return () => {
      live = false;
    };
  }, [edge]);
  const title = `${names.get(edge.source) ?? edge.source} ${edge.type} ${names.get(edge.target) ?? edge.target}`;
  return (
    <aside className="result-node" aria-label={`Details of ${edge.type}`}>
      <header>
        <strong>{title}</strong>
        <button type="button" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      {detail === undefined ? (
        <p className="muted">Loading…</p>
      ) : detail === null ? (
        <p className="muted">No claim or sources recorded for this relationship.</p>
      ) : (
        <>
          <RelationshipEvidence claim={detail.node.claim} citations={citationsOrSources(detail.node.evidence.citations, detail.node.sources)} />
        </>
      )}
    </aside>
  );
}

function ResultTable({ answer }: { readonly answer: CypherAnswer }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(answer.rows.length / PAGE_SIZE));
  const first = page * PAGE_SIZE;
  const rows = answer.rows.slice(first, first + PAGE_SIZE);
  return (
    <div className="result-table">
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {answer.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={first + i}>
                {row.map((value, j) => (
                  <td key={j}>{cellText(value)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Result pages">
          <button type="button" onClick={() => setPage(page - 1)} disabled={page === 0}>
            Previous
          </button>
          <span>
            Rows {first + 1}–{first + rows.length} of {answer.rows.length}
          </span>
          <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages - 1}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}

/** What a cell's last run gave: errors as refusals or marked spots, Cypher answers as table, graph or JSON. */
export function CellResultView({ kind, result }: { readonly kind: CellKind; readonly result: CellResult }) {
  const [tab, setTab] = useState<ResultTab>("table");
  const [selected, setSelected] = useState<CypherGraphNode | undefined>();
  const [selectedEdge, setSelectedEdge] = useState<CypherGraphEdge | undefined>();
  /** Neighbours added by double-clicks, and the note of the last expansion when it was capped. */
  const [added, setAdded] = useState<{ readonly nodes: readonly CypherGraphNode[]; readonly edges: readonly CypherGraphEdge[] }>({ nodes: [], edges: [] });
  const [expandNote, setExpandNote] = useState<string | undefined>();
  // As Neo4j Browser does: the relationships among the returned nodes are drawn too, unless switched off.
  const [connect, setConnect] = useState(true);
  const errors = errorsOf(result);
  if (errors.length > 0) {
    return (
      <div className={`cell-error${errors[0]?.code === "CYPHER_WRITE_REFUSED" ? " refused" : ""}`} role="alert">
        {errors.map((error, i) => (
          <div key={i}>
            <strong>{errorHeading(error)}</strong>
            <p>{error.message}</p>
          </div>
        ))}
      </div>
    );
  }
  if (kind !== "cypher") {
    return <pre className="result-json">{JSON.stringify(result.data, null, 2)}</pre>;
  }
  const answer = result.data as CypherAnswer | null;
  if (!answer) return null;
  const connectedEdges = connectedEdgesOf(answer);
  const shownNodes = added.nodes.length > 0 ? [...answer.graph.nodes, ...added.nodes] : answer.graph.nodes;
  const baseEdges = connect ? connectedEdges : answer.graph.edges;
  const shownEdges = added.edges.length > 0 ? [...baseEdges, ...added.edges] : baseEdges;
  const names = new Map(shownNodes.map((n) => [n.id, n.name]));
  const expand = (node: CypherGraphNode) => {
    fetchNeighborhood(client, node.id, [], EXPAND_LIMIT).then(
      (hood) => {
        if (!hood) return;
        const knownNodes = new Set(shownNodes.map((n) => n.id));
        const knownEdges = new Set(shownEdges.map((e) => e.id));
        const newNodes = hood.nodes.filter((n) => !knownNodes.has(n.id));
        const newEdges = hood.edges.filter((e) => !knownEdges.has(e.id)).map((e) => ({ id: e.id, type: e.type, source: e.source, target: e.target }));
        setAdded({ nodes: [...added.nodes, ...newNodes], edges: [...added.edges, ...newEdges] });
        const shown = hood.nodes.filter((n) => n.id !== node.id).length;
        setExpandNote(hood.truncated ? `${node.name}: showing ${shown} of ${hood.totalNeighbors} neighbours` : undefined);
      },
      (error: Error) => setExpandNote(`Could not expand ${node.name}: ${error.message}`),
    );
  };
  const tabs: readonly ResultTab[] = ["table", "graph", "json"];
  return (
    <div className="cell-result">
      <div className="result-bar">
        <div role="tablist" aria-label="Result views">
          {tabs.map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
              {t === "table" ? "Table" : t === "graph" ? "Graph" : "JSON"}
            </button>
          ))}
        </div>
        <span className="result-stats">
          {answer.rows.length} {answer.rows.length === 1 ? "row" : "rows"} · {answer.elapsedMs.toFixed(1)} ms · {answer.backend}
          {answer.truncated && <strong className="truncated"> · truncated at {answer.rows.length} rows</strong>}
        </span>
      </div>
      {tab === "table" && <ResultTable answer={answer} />}
      {tab === "graph" &&
        (answer.graph.nodes.length === 0 ? (
          <p className="muted">No nodes or relationships in these rows; return whole nodes (e.g. RETURN p) to draw them.</p>
        ) : (
          <div className="result-graph-wrap">
            {(answer.graph.connecting?.length ?? 0) > 0 && (
              <label className="check result-connect">
                <input type="checkbox" checked={connect} onChange={(e) => setConnect(e.target.checked)} /> Connect result nodes (
                {answer.graph.connecting?.length} more {answer.graph.connecting?.length === 1 ? "relationship" : "relationships"} among them)
              </label>
            )}
            <Suspense fallback={<p className="muted">Loading the graph…</p>}>
              <ResultGraph
                key={`${connect ? "connected" : "as-returned"}:${shownNodes.length}:${shownEdges.length}`}
                nodes={shownNodes}
                edges={shownEdges}
                onSelect={(node) => {
                  setSelected(node);
                  setSelectedEdge(undefined);
                }}
                onSelectEdge={(edge) => {
                  setSelectedEdge(edge);
                  setSelected(undefined);
                }}
                onExpand={expand}
              />
            </Suspense>
            {expandNote && (
              <p className="muted result-expand-note" role="status">
                {expandNote}
              </p>
            )}
            {selected && <NodeDetails node={selected} onClose={() => setSelected(undefined)} />}
            {selectedEdge && <EdgeDetails edge={selectedEdge} names={names} onClose={() => setSelectedEdge(undefined)} />}
          </div>
        ))}
      {tab === "json" && <pre className="result-json">{JSON.stringify({ columns: answer.columns, rows: answer.rows }, null, 2)}</pre>}
    </div>
  );
}

/**
 * The returned and the connecting edges together, one array per answer: the graph is drawn anew
 * whenever its edges change, so a new array on every render would re-lay it out at each click.
 */
const connectedEdgesCache = new WeakMap<CypherAnswer, readonly CypherGraphEdge[]>();
function connectedEdgesOf(answer: CypherAnswer): readonly CypherGraphEdge[] {
  let edges = connectedEdgesCache.get(answer);
  if (!edges) {
    edges = [...answer.graph.edges, ...(answer.graph.connecting ?? [])];
    connectedEdgesCache.set(answer, edges);
  }
  return edges;
}
