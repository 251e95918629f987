"use client";

import { exportFileName, nextCellId, type CellKind, type CellResult, type Notebook, type NotebookCell } from "@kgx/notebook";
import type { GraphQLSchema } from "graphql";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiUnreachableError, createGraphqlClient } from "../api-client.ts";
import { API_PING, useApiRecovery } from "../api-recovery.ts";
import type { GraphSchemaInfo } from "../cypher-language.ts";
import { duplicateNotebook, errorsOf, fetchGraphSchemaInfo, fetchNotebook, fetchNotebookExport, runCell, saveNotebook } from "../notebook-client.ts";
import { CellResultView } from "./CellResultView.tsx";
import { CodeEditor, type EditorErrorMark } from "./CodeEditor.tsx";
import { MarkdownView } from "./MarkdownView.tsx";
import { SchemaPanel } from "./SchemaPanel.tsx";
import type { IntrospectionQuery } from "graphql";
import type { TadaDocumentNode } from "../graphql.ts";

const client = createGraphqlClient();

/** Edits are saved this long after the last keystroke. */
const SAVE_DELAY_MS = 600;
/** A result larger than this is saved with its first rows only; the screen keeps it whole until reload. */
const SAVED_RESULT_BYTES = 200_000;
const SAVED_ROWS = 100;

/** `read-only`: a shipped notebook, which the server keeps as it shipped; `read-only-changed`: edited here, and those edits are not saved. */
type SaveState = "saved" | "saving" | "unsaved" | "read-only" | "read-only-changed" | { readonly error: string };

const SAVE_STATE_TEXT: Record<Exclude<SaveState, { readonly error: string }>, string> = {
  saved: "Saved",
  saving: "Saving…",
  unsaved: "Unsaved changes",
  "read-only": "Read-only",
  "read-only-changed": "Not saved: this notebook is read-only; duplicate it to keep your changes",
};

/** The copy of a result that goes into the notebook file: whole when small, its first rows when not. */
function resultForSaving(result: CellResult): CellResult {
  if (JSON.stringify(result).length <= SAVED_RESULT_BYTES) return result;
  const data = result.data as { rows?: unknown[] } | null;
  if (!data || !Array.isArray(data.rows))
    return { ranAt: result.ranAt, data: null, errors: [{ message: "The last result was too large to keep; run the cell again." }] };
  return { ...result, data: { ...data, rows: data.rows.slice(0, SAVED_ROWS), graph: { nodes: [], edges: [] }, truncated: true } };
}

function forSaving(notebook: Notebook): Notebook {
  return { ...notebook, cells: notebook.cells.map((c) => (c.result ? { ...c, result: resultForSaving(c.result) } : c)) };
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

function errorMarkOf(cell: NotebookCell): EditorErrorMark | undefined {
  const error = errorsOf(cell.result).find((e) => e.line !== undefined);
  return error ? { line: error.line as number, column: error.column ?? 1, message: error.message } : undefined;
}

interface CellViewProps {
  readonly cell: NotebookCell;
  readonly index: number;
  readonly count: number;
  readonly running: boolean;
  readonly busy: boolean;
  readonly cypherSchema: () => GraphSchemaInfo | undefined;
  readonly graphqlSchema: GraphQLSchema | undefined;
  readonly onChange: (source: string) => void;
  readonly onRun: () => void;
  readonly onMove: (by: -1 | 1) => void;
  readonly onDelete: () => void;
  /** Why the last Run all did not run this cell, while its result is older than that run. */
  readonly notRerun: string | undefined;
}

const KIND_LABEL: Record<CellKind, string> = { markdown: "Markdown", cypher: "Cypher", graphql: "GraphQL" };

function CellView(props: CellViewProps) {
  const { cell, index, count } = props;
  const [editing, setEditing] = useState(cell.kind !== "markdown" || cell.source === "");
  const label = `${KIND_LABEL[cell.kind]} cell ${index + 1}`;
  return (
    <section className={`cell cell-${cell.kind}${props.running ? " running" : ""}${props.notRerun ? " stale" : ""}`} aria-label={label} data-cell-id={cell.id}>
      <div className="cell-bar">
        <span className="cell-kind">{KIND_LABEL[cell.kind]}</span>
        {cell.kind === "markdown" ? (
          <button type="button" onClick={() => setEditing(!editing)}>
            {editing ? "Done" : "Edit"}
          </button>
        ) : (
          <button type="button" onClick={props.onRun} disabled={props.busy} title="Run (Ctrl/Cmd+Enter)">
            {props.running ? "Running…" : "Run"}
          </button>
        )}
        <span className="spacer" />
        <button type="button" onClick={() => props.onMove(-1)} disabled={index === 0} aria-label={`Move ${label} up`}>
          ↑
        </button>
        <button type="button" onClick={() => props.onMove(1)} disabled={index === count - 1} aria-label={`Move ${label} down`}>
          ↓
        </button>
        <button type="button" onClick={props.onDelete} aria-label={`Delete ${label}`}>
          Delete
        </button>
      </div>
      {editing ? (
        <CodeEditor
          kind={cell.kind}
          initialSource={cell.source}
          label={`${label} source`}
          onChange={props.onChange}
          onRun={cell.kind === "markdown" ? () => setEditing(false) : props.onRun}
          errorMark={errorMarkOf(cell)}
          cypherSchema={props.cypherSchema}
          graphqlSchema={props.graphqlSchema}
        />
      ) : (
        <div onDoubleClick={() => setEditing(true)}>
          <MarkdownView source={cell.source} />
        </div>
      )}
      {props.notRerun && (
        <p className="cell-stale" role="note">
          Not run by Run all: {props.notRerun}.{cell.result ? " The result below is from an earlier run." : ""}
        </p>
      )}
      {cell.result && cell.kind !== "markdown" && <CellResultView key={cell.result.ranAt} kind={cell.kind} result={cell.result} />}
    </section>
  );
}

function ParamsPanel({
  params,
  onChange,
}: {
  readonly params: Readonly<Record<string, unknown>>;
  readonly onChange: (params: Record<string, unknown>) => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(params, null, 2));
  const [problem, setProblem] = useState<string | undefined>();
  const update = (value: string) => {
    setText(value);
    try {
      const parsed = JSON.parse(value.trim() === "" ? "{}" : value) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error('parameters are a JSON object, e.g. {"id": "h20"}');
      setProblem(undefined);
      onChange(parsed as Record<string, unknown>);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <details className="params-panel" open={Object.keys(params).length > 0}>
      <summary>Parameters ($name in statements)</summary>
      <textarea
        aria-label="Parameters as JSON"
        value={text}
        spellCheck={false}
        rows={Math.min(8, text.split("\n").length + 1)}
        onChange={(e) => update(e.target.value)}
      />
      {problem && (
        <p className="field-error" role="alert">
          Not used until fixed: {problem}
        </p>
      )}
    </details>
  );
}

/** One notebook: its cells, running them one at a time or all, and saving every change. */
export function NotebookView({ id }: { readonly id: string }) {
  const [notebook, setNotebook] = useState<Notebook | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<{ readonly message: string; readonly unreachable: boolean } | undefined>();
  const [loadAttempt, setLoadAttempt] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [readOnly, setReadOnly] = useState(false);
  const [running, setRunning] = useState<string | undefined>();
  /** Cells the last Run all left alone, with why; a cell leaves the map when it runs again. */
  const [notRerun, setNotRerun] = useState<ReadonlyMap<string, string>>(new Map());
  const [keepGoing, setKeepGoing] = useState(false);
  const [schemaOpen, setSchemaOpen] = useState(false);
  const [cypherSchema, setCypherSchema] = useState<GraphSchemaInfo | undefined>();
  const [graphqlSchema, setGraphqlSchema] = useState<GraphQLSchema | undefined>();
  const current = useRef<Notebook | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  const cancelAll = useRef(false);
  const schemaRef = useRef<GraphSchemaInfo | undefined>(undefined);
  schemaRef.current = cypherSchema;

  useEffect(() => {
    fetchNotebook(client, id).then(
      (loaded) => {
        current.current = loaded;
        setNotebook(loaded);
        setReadOnly(loaded?.readOnly ?? false);
        if (loaded?.readOnly) setSaveState("read-only");
      },
      (error: Error) => setLoadError({ message: error.message, unreachable: error instanceof ApiUnreachableError }),
    );
    fetchGraphSchemaInfo(client).then(setCypherSchema, () => undefined);
  }, [id, loadAttempt]);
  // A notebook that could not be loaded because the API was down loads as soon as it is back.
  useApiRecovery(
    loadError?.unreachable === true,
    () => client.request(API_PING),
    () => {
      setLoadError(undefined);
      setLoadAttempt((n) => n + 1);
    },
  );

  const hasGraphql = notebook?.cells.some((c) => c.kind === "graphql") ?? false;
  useEffect(() => {
    if (!hasGraphql || graphqlSchema) return;
    // The GraphQL schema is read only when a notebook has GraphQL cells: it is the largest answer the API gives.
    (async () => {
      const { buildClientSchema, getIntrospectionQuery, parse } = await import("graphql");
      // The meta-schema's own query, whose result type graphql-js gives (IntrospectionQuery), not ours.
      const introspection = parse(getIntrospectionQuery()) as TadaDocumentNode<IntrospectionQuery, Record<string, never>>;
      const data = await client.request(introspection);
      setGraphqlSchema(buildClientSchema(data));
    })().catch(() => undefined);
  }, [hasGraphql, graphqlSchema]);

  const save = useCallback(async () => {
    const latest = current.current;
    if (!latest) return;
    setSaveState("saving");
    try {
      await saveNotebook(client, id, forSaving(latest));
      setSaveState(current.current === latest ? "saved" : "unsaved");
    } catch (error) {
      setSaveState({ error: (error as Error).message });
    }
  }, [id]);

  /** Applies a change; `edit` is false for a run's result, which a read-only notebook shows without calling it an unsaved edit. */
  const change = useCallback(
    (update: (notebook: Notebook) => Notebook, edit = true) => {
      const base = current.current;
      if (!base) return;
      const next = update(base);
      current.current = next;
      setNotebook(next);
      if (readOnly) {
        // The server refuses to save a shipped notebook; say so instead of trying.
        if (edit) setSaveState("read-only-changed");
        return;
      }
      setSaveState("unsaved");
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void save(), SAVE_DELAY_MS);
    },
    [save, readOnly],
  );

  useEffect(() => () => clearTimeout(saveTimer.current), []);

  const updateCell = (cellId: string, patch: Partial<NotebookCell>, edit = true) =>
    change((nb) => ({ ...nb, cells: nb.cells.map((c) => (c.id === cellId ? ({ ...c, ...patch } as NotebookCell) : c)) }), edit);

  /** Runs one cell; resolves to whether it answered without errors. */
  const run = async (cellId: string): Promise<boolean> => {
    const cell = current.current?.cells.find((c) => c.id === cellId);
    if (!cell || cell.kind === "markdown") return true;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(cellId);
    setNotRerun((marks) => {
      if (!marks.has(cellId)) return marks;
      const next = new Map(marks);
      next.delete(cellId);
      return next;
    });
    try {
      const result = await runCell(cell, current.current?.params ?? {}, controller.signal);
      updateCell(cellId, { result }, false);
      return !result.errors || result.errors.length === 0;
    } catch (error) {
      if (controller.signal.aborted) return false;
      updateCell(
        cellId,
        { result: { ranAt: new Date().toISOString(), data: null, errors: [{ message: (error as Error).message, extensions: { code: "API_UNREACHABLE" } }] } },
        false,
      );
      return false;
    } finally {
      abort.current = undefined;
      setRunning(undefined);
    }
  };

  const runAll = async () => {
    cancelAll.current = false;
    setNotRerun(new Map());
    const cells = (current.current?.cells ?? []).filter((c) => c.kind !== "markdown");
    for (const [position, cell] of cells.entries()) {
      const number = (current.current?.cells.indexOf(cell) ?? position) + 1;
      if (cancelAll.current) {
        markNotRerun(cells.slice(position), "it was cancelled before reaching this cell");
        break;
      }
      if (await run(cell.id)) continue;
      // Later cells often build on earlier ones: stop where one fails, as a reader would, unless
      // asked to keep going. Either way every cell not run says so, instead of showing an old
      // result as if it were this run's.
      if (cancelAll.current) {
        markNotRerun(cells.slice(position + 1), "it was cancelled before reaching this cell");
        break;
      }
      if (!keepGoing) {
        markNotRerun(cells.slice(position + 1), `it stopped at cell ${number}, which failed (tick “Keep going past a failing cell” to run the rest anyway)`);
        break;
      }
    }
  };

  const markNotRerun = (cells: readonly NotebookCell[], why: string) =>
    setNotRerun((marks) => {
      const next = new Map(marks);
      for (const cell of cells) next.set(cell.id, why);
      return next;
    });

  const cancel = () => {
    cancelAll.current = true;
    abort.current?.abort();
  };

  const addCell = (kind: CellKind, source = "") => change((nb) => ({ ...nb, cells: [...nb.cells, { id: nextCellId(nb.cells), kind, source }] }));

  const moveCell = (index: number, by: -1 | 1) =>
    change((nb) => {
      const cells = [...nb.cells];
      const [moved] = cells.splice(index, 1);
      if (moved) cells.splice(index + by, 0, moved);
      return { ...nb, cells };
    });

  const exportAs = async (format: "text" | "ipynb") => {
    if (!readOnly) await save();
    const text = await fetchNotebookExport(client, id, format);
    // Named after the title as it is now: the id keeps the title the notebook was created with.
    download(
      exportFileName(current.current?.title ?? "", format === "text" ? "cypher" : "ipynb", id),
      text,
      format === "text" ? "text/plain" : "application/x-ipynb+json",
    );
  };

  if (loadError)
    return (
      <p className="status error" role="alert">
        Could not load the notebook: {loadError.message}
        {loadError.unreachable ? " It loads by itself when the kgx API answers again." : ""}
      </p>
    );
  if (notebook === undefined) return <p className="status">Loading…</p>;
  if (notebook === null)
    return (
      <p className="status error" role="alert">
        There is no notebook “{id}”. <a href="/notebook">All notebooks</a>
      </p>
    );

  const duplicate = () => {
    duplicateNotebook(client, id).then(
      (copy) => window.location.assign(`/notebook/${copy.id}`),
      (error: Error) => setSaveState({ error: error.message }),
    );
  };

  const busy = running !== undefined;
  return (
    <div className="notebook">
      <div className="notebook-head">
        <input
          className="notebook-title"
          aria-label="Notebook title"
          value={notebook.title}
          onChange={(e) => {
            const title = e.target.value;
            if (title.trim() !== "") change((nb) => ({ ...nb, title }));
            else setNotebook({ ...notebook, title });
          }}
        />
        <span className="save-state" role="status" data-state={typeof saveState === "string" ? saveState : "error"}>
          {typeof saveState === "string" ? SAVE_STATE_TEXT[saveState] : `Not saved: ${saveState.error}`}
        </span>
      </div>
      {readOnly && (
        <p className="status notebook-read-only" role="note">
          This notebook ships with kgx and stays as it shipped: run it here, or duplicate it to edit and save a copy of your own.{" "}
          <button type="button" onClick={duplicate}>
            Duplicate
          </button>
        </p>
      )}
      <div className="notebook-toolbar">
        <button type="button" onClick={() => void runAll()} disabled={busy}>
          Run all
        </button>
        <button type="button" onClick={cancel} disabled={!busy}>
          Cancel
        </button>
        <label className="check">
          <input type="checkbox" checked={keepGoing} onChange={(e) => setKeepGoing(e.target.checked)} /> Keep going past a failing cell
        </label>
        <span className="spacer" />
        <button type="button" onClick={() => setSchemaOpen(!schemaOpen)} aria-pressed={schemaOpen}>
          Schema
        </button>
        <button type="button" onClick={() => void exportAs("text")}>
          Export .cypher
        </button>
        <button type="button" onClick={() => void exportAs("ipynb")}>
          Export .ipynb
        </button>
      </div>
      {schemaOpen && (
        <SchemaPanel
          client={client}
          onInsert={(statement) => {
            addCell("cypher", statement);
            // The new cell is the last one; bring it into view so the click visibly did something.
            requestAnimationFrame(() => document.querySelector(".notebook > section.cell:last-of-type")?.scrollIntoView({ block: "center" }));
          }}
          onClose={() => setSchemaOpen(false)}
        />
      )}
      <ParamsPanel params={notebook.params} onChange={(params) => change((nb) => ({ ...nb, params }))} />
      {notebook.cells.map((cell, index) => (
        <CellView
          key={cell.id}
          cell={cell}
          index={index}
          count={notebook.cells.length}
          running={running === cell.id}
          busy={busy}
          cypherSchema={() => schemaRef.current}
          graphqlSchema={graphqlSchema}
          onChange={(source) => updateCell(cell.id, { source })}
          onRun={() => {
            if (!abort.current) void run(cell.id);
          }}
          onMove={(by) => moveCell(index, by)}
          onDelete={() => change((nb) => ({ ...nb, cells: nb.cells.filter((c) => c.id !== cell.id) }))}
          notRerun={notRerun.get(cell.id)}
        />
      ))}
      <div className="add-cells">
        <span>Add a cell:</span>
        <button type="button" onClick={() => addCell("markdown")}>
          + Markdown
        </button>
        <button type="button" onClick={() => addCell("cypher")}>
          + Cypher
        </button>
        <button type="button" onClick={() => addCell("graphql")}>
          + GraphQL
        </button>
      </div>
    </div>
  );
}
