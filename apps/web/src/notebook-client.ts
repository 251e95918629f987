import type { CellKind, CellResult, Notebook, NotebookCell } from "@kgx/notebook";
import { paramsUsedBy } from "@kgx/notebook";
import type { GraphqlClient } from "./api-client.ts";
import type { GraphSchemaInfo } from "./cypher-language.ts";

/**
 * The notebook page's calls to the API: the saved notebooks, and running a cell. A cell's run
 * keeps the API's whole answer (data and errors), because that is what the cell shows and what is
 * saved with it.
 */

export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly cellCount: number;
  readonly updatedAt: string;
  /** A shipped notebook: it can be run and duplicated, not changed. */
  readonly readOnly: boolean;
}

export interface StoredNotebook extends Notebook {
  readonly id: string;
  readonly updatedAt: string;
  readonly readOnly: boolean;
}

interface WireCell {
  readonly id: string;
  readonly kind: "MARKDOWN" | "CYPHER" | "GRAPHQL";
  readonly source: string;
  readonly result: CellResult | null;
}

interface WireNotebook {
  readonly id: string;
  readonly title: string;
  readonly params: Record<string, unknown>;
  readonly updatedAt: string;
  readonly readOnly: boolean;
  readonly cells: readonly WireCell[];
}

const NOTEBOOK = "id title params updatedAt readOnly cells { id kind source result }";

function fromWire(wire: WireNotebook): StoredNotebook {
  return {
    id: wire.id,
    title: wire.title,
    params: wire.params,
    updatedAt: wire.updatedAt,
    readOnly: wire.readOnly,
    cells: wire.cells.map((c) => ({ id: c.id, kind: c.kind.toLowerCase() as CellKind, source: c.source, ...(c.result ? { result: c.result } : {}) })),
  };
}

function toWire(cell: NotebookCell) {
  return { id: cell.id, kind: cell.kind.toUpperCase(), source: cell.source, result: cell.result ?? null };
}

export async function listNotebooks(client: GraphqlClient): Promise<NotebookSummary[]> {
  return (await client.request<{ notebooks: NotebookSummary[] }>("query Notebooks { notebooks { id title cellCount updatedAt readOnly } }")).notebooks;
}

export async function fetchNotebook(client: GraphqlClient, id: string): Promise<StoredNotebook | null> {
  const data = await client.request<{ notebook: WireNotebook | null }>(`query Notebook($id: ID!) { notebook(id: $id) { ${NOTEBOOK} } }`, { id });
  return data.notebook ? fromWire(data.notebook) : null;
}

export async function createNotebook(client: GraphqlClient, title: string): Promise<StoredNotebook> {
  return fromWire((await client.request<{ createNotebook: WireNotebook }>(`mutation Create($title: String!) { createNotebook(title: $title) { ${NOTEBOOK} } }`, { title })).createNotebook);
}

export async function importNotebook(client: GraphqlClient, text: string): Promise<StoredNotebook> {
  return fromWire((await client.request<{ importNotebook: WireNotebook }>(`mutation Import($text: String!) { importNotebook(text: $text) { ${NOTEBOOK} } }`, { text })).importNotebook);
}

export async function renameNotebook(client: GraphqlClient, id: string, title: string): Promise<void> {
  await client.request(`mutation Rename($id: ID!, $title: String!) { renameNotebook(id: $id, title: $title) { id } }`, { id, title });
}

export async function duplicateNotebook(client: GraphqlClient, id: string): Promise<StoredNotebook> {
  return fromWire((await client.request<{ duplicateNotebook: WireNotebook }>(`mutation Duplicate($id: ID!) { duplicateNotebook(id: $id) { ${NOTEBOOK} } }`, { id })).duplicateNotebook);
}

export async function deleteNotebook(client: GraphqlClient, id: string): Promise<void> {
  await client.request(`mutation Delete($id: ID!) { deleteNotebook(id: $id) }`, { id });
}

export async function saveNotebook(client: GraphqlClient, id: string, notebook: Notebook): Promise<StoredNotebook> {
  const data = await client.request<{ saveNotebook: WireNotebook }>(`mutation Save($id: ID!, $notebook: NotebookInput!) { saveNotebook(id: $id, notebook: $notebook) { ${NOTEBOOK} } }`, {
    id,
    notebook: { title: notebook.title, params: notebook.params, cells: notebook.cells.map(toWire) },
  });
  return fromWire(data.saveNotebook);
}

export async function fetchNotebookExport(client: GraphqlClient, id: string, format: "text" | "ipynb"): Promise<string> {
  const data = await client.request<{ notebook: { text?: string; ipynb?: string } | null }>(`query Export($id: ID!) { notebook(id: $id) { ${format} } }`, { id });
  return data.notebook?.[format] ?? "";
}

export async function fetchGraphSchemaInfo(client: GraphqlClient): Promise<GraphSchemaInfo> {
  return (
    await client.request<{ graphSchema: GraphSchemaInfo }>(
      "query GraphSchema { graphSchema { entityTypes { name count properties } relationshipTypes { name count properties } } }",
    )
  ).graphSchema;
}

/** A property of a type, with the kind of its values (text, number, date, …). */
export interface SchemaProperty {
  readonly name: string;
  readonly kind: string;
}

/** The graph's shape for the notebook's schema panel: every type with its count and properties, and who connects to whom. */
export interface SchemaOverview {
  readonly entityTypes: readonly { readonly name: string; readonly count: number; readonly propertyInfo: readonly SchemaProperty[] }[];
  readonly relationshipTypes: readonly {
    readonly name: string;
    readonly count: number;
    readonly propertyInfo: readonly SchemaProperty[];
    readonly endpoints: readonly { readonly from: string; readonly to: string; readonly count: number }[];
  }[];
}

export async function fetchSchemaOverview(client: GraphqlClient): Promise<SchemaOverview> {
  return (
    await client.request<{ graphSchema: SchemaOverview }>(
      "query SchemaOverview { graphSchema { entityTypes { name count propertyInfo { name kind } } relationshipTypes { name count propertyInfo { name kind } endpoints { from to count } } } }",
    )
  ).graphSchema;
}

/** One error of a run, as the API gave it. */
export interface RunError {
  readonly message: string;
  readonly code: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export function errorsOf(result: CellResult | undefined): RunError[] {
  return (result?.errors ?? []).map((e) => {
    const error = (e ?? {}) as { message?: unknown; extensions?: Record<string, unknown> };
    const ext = error.extensions ?? {};
    return {
      message: typeof error.message === "string" ? error.message : String(e),
      code: typeof ext["code"] === "string" ? ext["code"] : undefined,
      line: typeof ext["line"] === "number" ? ext["line"] : undefined,
      column: typeof ext["column"] === "number" ? ext["column"] : undefined,
    };
  });
}

export interface CypherGraphNode {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface CypherGraphEdge {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
}

export interface CypherAnswer {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  readonly graph: {
    readonly nodes: readonly CypherGraphNode[];
    readonly edges: readonly CypherGraphEdge[];
    /** Relationships among the returned nodes that the rows did not hold (absent in results saved before there were any). */
    readonly connecting?: readonly CypherGraphEdge[];
  };
  readonly truncated: boolean;
  readonly elapsedMs: number;
  readonly backend: string;
}

/** Most rows a notebook asks for; more would make the notebook file heavy for little use. */
export const CELL_ROW_LIMIT = 1000;

const CYPHER_QUERY = `query RunCypher($statement: String!, $params: JSON, $limit: Int) {
  cypher(statement: $statement, params: $params, limit: $limit) {
    columns rows truncated elapsedMs backend
    graph(connect: true) { nodes { id name type properties } edges { id type source target } connecting { id type source target } }
  }
}`;

/** Posts one GraphQL request and keeps the whole answer, errors included; only a failed connection throws. */
async function post(query: string, variables: Record<string, unknown>, signal: AbortSignal | undefined): Promise<{ data: unknown; errors?: unknown[] }> {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
    ...(signal ? { signal } : {}),
  });
  const body = (await response.json().catch(() => ({ errors: [{ message: `The API answered HTTP ${response.status} with no readable body.` }] }))) as {
    data?: unknown;
    errors?: unknown[];
  };
  return { data: body.data ?? null, ...(body.errors && body.errors.length > 0 ? { errors: body.errors } : {}) };
}

/** Runs a cell and returns its result; a cancelled run rejects with the AbortError. */
export async function runCell(cell: NotebookCell, params: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<CellResult> {
  const ranAt = new Date().toISOString();
  if (cell.kind === "cypher") {
    const answer = await post(CYPHER_QUERY, { statement: cell.source, params: paramsUsedBy(cell.source, params), limit: CELL_ROW_LIMIT }, signal);
    const data = (answer.data as { cypher?: CypherAnswer } | null)?.cypher ?? null;
    return { ranAt, data, ...(answer.errors ? { errors: answer.errors } : {}) };
  }
  const answer = await post(cell.source, { ...params }, signal);
  return { ranAt, data: answer.data, ...(answer.errors ? { errors: answer.errors } : {}) };
}
