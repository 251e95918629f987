"use client";

import type { CellKind, CellResult } from "@kgx/notebook";
import { lazy, Suspense, useState } from "react";
import { entityPropertyLines } from "../entity-format.ts";
import { errorsOf, type CypherAnswer, type CypherGraphEdge, type CypherGraphNode, type RunError } from "../notebook-client.ts";
import { EMPTY_VIEW, encodeViewState, openEntity } from "../view-state.ts";

const ResultGraph = lazy(() => import("./ResultGraph.tsx").then((m) => ({ default: m.ResultGraph })));

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
  const lines = entityPropertyLines(node.type, node.properties);
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
                key={connect ? "connected" : "as-returned"}
                nodes={answer.graph.nodes}
                edges={connect ? connectedEdges : answer.graph.edges}
                onSelect={setSelected}
              />
            </Suspense>
            {selected && <NodeDetails node={selected} onClose={() => setSelected(undefined)} />}
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
