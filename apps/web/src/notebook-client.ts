import type { CellKind, CellResult, Notebook, NotebookCell } from "@kgx/notebook";
import { paramsUsedBy } from "@kgx/notebook";
import { print } from "graphql";
import type { GraphqlClient } from "./api-client.ts";
import type { GraphSchemaInfo } from "./cypher-language.ts";
import { graphql, jsonObject, type ResultOf, type VariablesOf } from "./graphql.ts";

/**
 * The notebook page's calls to the API: the saved notebooks, and running a cell. A cell's run
 * keeps the API's whole answer (data and errors), because that is what the cell shows and what is
 * saved with it.
 */

const NOTEBOOK_FIELDS = graphql(`
  fragment NotebookFields on Notebook {
    id
    title
    params
    updatedAt
    readOnly
    cells {
      id
      kind
      source
      result
    }
  }
`);

const NOTEBOOKS = graphql(`
  query Notebooks {
    notebooks {
      id
      title
      cellCount
      updatedAt
      readOnly
    }
  }
`);
const NOTEBOOK = graphql(
  `
    query Notebook($id: ID!) {
      notebook(id: $id) {
        ...NotebookFields
      }
    }
  `,
  [NOTEBOOK_FIELDS],
);
const CREATE_NOTEBOOK = graphql(
  `
    mutation Create($title: String!) {
      createNotebook(title: $title) {
        ...NotebookFields
      }
    }
  `,
  [NOTEBOOK_FIELDS],
);
const IMPORT_NOTEBOOK = graphql(
  `
    mutation Import($text: String!) {
      importNotebook(text: $text) {
        ...NotebookFields
      }
    }
  `,
  [NOTEBOOK_FIELDS],
);
const RENAME_NOTEBOOK = graphql(`
  mutation Rename($id: ID!, $title: String!) {
    renameNotebook(id: $id, title: $title) {
      id
    }
  }
`);
const DUPLICATE_NOTEBOOK = graphql(
  `
    mutation Duplicate($id: ID!) {
      duplicateNotebook(id: $id) {
        ...NotebookFields
      }
    }
  `,
  [NOTEBOOK_FIELDS],
);
const DELETE_NOTEBOOK = graphql(`
  mutation Delete($id: ID!) {
    deleteNotebook(id: $id)
  }
`);
const SAVE_NOTEBOOK = graphql(
  `
    mutation Save($id: ID!, $notebook: NotebookInput!) {
      saveNotebook(id: $id, notebook: $notebook) {
        ...NotebookFields
      }
    }
  `,
  [NOTEBOOK_FIELDS],
);
const EXPORT_TEXT = graphql(`
  query ExportText($id: ID!) {
    notebook(id: $id) {
      text
    }
  }
`);
const EXPORT_IPYNB = graphql(`
  query ExportIpynb($id: ID!) {
    notebook(id: $id) {
      ipynb
    }
  }
`);
const GRAPH_SCHEMA = graphql(`
  query GraphSchema {
    graphSchema {
      entityTypes {
        name
        count
        properties
      }
      relationshipTypes {
        name
        count
        properties
      }
    }
  }
`);
const SCHEMA_OVERVIEW = graphql(`
  query SchemaOverview {
    graphSchema {
      entityTypes {
        name
        count
        propertyInfo {
          name
          kind
        }
      }
      relationshipTypes {
        name
        count
        propertyInfo {
          name
          kind
        }
        endpoints {
          from
          to
          count
        }
      }
    }
  }
`);

/** A notebook in the list; `readOnly` for a shipped one, which can be run and duplicated, not changed. */
export type NotebookSummary = ResultOf<typeof NOTEBOOKS>["notebooks"][number];

export interface StoredNotebook extends Notebook {
  readonly id: string;
  readonly updatedAt: string;
  readonly readOnly: boolean;
}

type WireNotebook = ResultOf<typeof NOTEBOOK_FIELDS>;
type WireCell = VariablesOf<typeof SAVE_NOTEBOOK>["notebook"]["cells"][number];

/** A saved result as the API keeps it: the JSON it was given, which is a CellResult the page wrote. */
function cellResultOf(value: unknown): CellResult | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as CellResult) : undefined;
}

function fromWire(wire: WireNotebook): StoredNotebook {
  return {
    id: wire.id,
    title: wire.title,
    params: jsonObject(wire.params),
    updatedAt: wire.updatedAt,
    readOnly: wire.readOnly,
    cells: wire.cells.map((c) => {
      const result = cellResultOf(c.result);
      return { id: c.id, kind: c.kind.toLowerCase() as CellKind, source: c.source, ...(result ? { result } : {}) };
    }),
  };
}

const WIRE_KINDS: Readonly<Record<CellKind, WireCell["kind"]>> = { markdown: "MARKDOWN", cypher: "CYPHER", graphql: "GRAPHQL" };

function toWire(cell: NotebookCell): WireCell {
  return { id: cell.id, kind: WIRE_KINDS[cell.kind], source: cell.source, result: cell.result ?? null };
}

export async function listNotebooks(client: GraphqlClient): Promise<NotebookSummary[]> {
  return (await client.request(NOTEBOOKS)).notebooks;
}

export async function fetchNotebook(client: GraphqlClient, id: string): Promise<StoredNotebook | null> {
  const data = await client.request(NOTEBOOK, { id });
  return data.notebook ? fromWire(data.notebook) : null;
}

export async function createNotebook(client: GraphqlClient, title: string): Promise<StoredNotebook> {
  return fromWire((await client.request(CREATE_NOTEBOOK, { title })).createNotebook);
}

export async function importNotebook(client: GraphqlClient, text: string): Promise<StoredNotebook> {
  return fromWire((await client.request(IMPORT_NOTEBOOK, { text })).importNotebook);
}

export async function renameNotebook(client: GraphqlClient, id: string, title: string): Promise<void> {
  await client.request(RENAME_NOTEBOOK, { id, title });
}

export async function duplicateNotebook(client: GraphqlClient, id: string): Promise<StoredNotebook> {
  return fromWire((await client.request(DUPLICATE_NOTEBOOK, { id })).duplicateNotebook);
}

export async function deleteNotebook(client: GraphqlClient, id: string): Promise<void> {
  await client.request(DELETE_NOTEBOOK, { id });
}

export async function saveNotebook(client: GraphqlClient, id: string, notebook: Notebook): Promise<StoredNotebook> {
  const data = await client.request(SAVE_NOTEBOOK, { id, notebook: { title: notebook.title, params: notebook.params, cells: notebook.cells.map(toWire) } });
  return fromWire(data.saveNotebook);
}

export async function fetchNotebookExport(client: GraphqlClient, id: string, format: "text" | "ipynb"): Promise<string> {
  if (format === "text") return (await client.request(EXPORT_TEXT, { id })).notebook?.text ?? "";
  return (await client.request(EXPORT_IPYNB, { id })).notebook?.ipynb ?? "";
}

export async function fetchGraphSchemaInfo(client: GraphqlClient): Promise<GraphSchemaInfo> {
  return (await client.request(GRAPH_SCHEMA)).graphSchema;
}

/** The graph's shape for the notebook's schema panel: every type with its count and properties, and who connects to whom. */
export type SchemaOverview = ResultOf<typeof SCHEMA_OVERVIEW>["graphSchema"];

/** A property of a type, with the kind of its values (text, number, date, …). */
export type SchemaProperty = SchemaOverview["entityTypes"][number]["propertyInfo"][number];

export async function fetchSchemaOverview(client: GraphqlClient): Promise<SchemaOverview> {
  return (await client.request(SCHEMA_OVERVIEW)).graphSchema;
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

const RUN_CYPHER = graphql(`
  query RunCypher($statement: String!, $params: JSON, $limit: Int) {
    cypher(statement: $statement, params: $params, limit: $limit) {
      columns
      rows
      truncated
      elapsedMs
      backend
      graph(connect: true) {
        nodes {
          id
          name
          type
          properties
        }
        edges {
          id
          type
          source
          target
        }
        connecting {
          id
          type
          source
          target
        }
      }
    }
  }
`);

type FreshCypherAnswer = NonNullable<ResultOf<typeof RUN_CYPHER>["cypher"]>;
export type CypherGraphNode = FreshCypherAnswer["graph"]["nodes"][number];
export type CypherGraphEdge = FreshCypherAnswer["graph"]["edges"][number];

/** A Cypher cell's answer as a result keeps it; results saved before `connecting` existed have none. */
export type CypherAnswer = Omit<FreshCypherAnswer, "graph"> & {
  readonly graph: Omit<FreshCypherAnswer["graph"], "connecting"> & { readonly connecting?: readonly CypherGraphEdge[] };
};

/** Most rows a notebook asks for; more would make the notebook file heavy for little use. */
export const CELL_ROW_LIMIT = 1000;

/**
 * Posts one GraphQL request and keeps the whole answer, errors included; only a failed connection
 * throws. The text is a GraphQL cell's own (user text, untyped) or a printed document of ours.
 */
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
    const variables: VariablesOf<typeof RUN_CYPHER> = { statement: cell.source, params: paramsUsedBy(cell.source, params), limit: CELL_ROW_LIMIT };
    const answer = await post(print(RUN_CYPHER), variables, signal);
    // The answer to RUN_CYPHER has its result type; the data is kept whole, errors beside it.
    const data = (answer.data as ResultOf<typeof RUN_CYPHER> | null)?.cypher ?? null;
    return { ranAt, data, ...(answer.errors ? { errors: answer.errors } : {}) };
  }
  const answer = await post(cell.source, { ...params }, signal);
  return { ranAt, data: answer.data, ...(answer.errors ? { errors: answer.errors } : {}) };
}
