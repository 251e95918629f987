import type { Notebook } from "./notebook.ts";

/**
 * Jupyter's notebook format (nbformat 4.5), so a kgx notebook opens in JupyterLab, VS Code or on
 * GitHub. Cypher and GraphQL cells become code cells; `metadata.kgx.kind` keeps which one, since
 * Jupyter has one language per notebook. https://nbformat.readthedocs.io/en/latest/format_description.html
 */
export interface IpynbNotebook {
  readonly nbformat: 4;
  readonly nbformat_minor: 5;
  readonly metadata: Record<string, unknown>;
  readonly cells: readonly IpynbCell[];
}

export interface IpynbCell {
  readonly id: string;
  readonly cell_type: "markdown" | "code";
  readonly metadata: Record<string, unknown>;
  /** nbformat's multi-line string: lines keeping their "\n", the last without. */
  readonly source: readonly string[];
  readonly outputs?: readonly unknown[];
  readonly execution_count?: null;
}

function multiline(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line));
}

/** Last results travel as JSON outputs, so a reader sees what the cell answered without running it. */
function outputsOf(result: Notebook["cells"][number]["result"]): unknown[] {
  if (!result) return [];
  if (result.errors && result.errors.length > 0) {
    const messages = result.errors.map((e) =>
      typeof e === "object" && e !== null && "message" in e ? String((e as { message: unknown }).message) : String(e),
    );
    return [{ output_type: "error", ename: "kgx", evalue: messages.join("\n"), traceback: [] }];
  }
  return [{ output_type: "execute_result", execution_count: null, metadata: {}, data: { "application/json": result.data } }];
}

export function notebookToIpynb(notebook: Notebook): IpynbNotebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      title: notebook.title,
      language_info: { name: "cypher" },
      kgx: { params: notebook.params },
    },
    cells: notebook.cells.map((cell) =>
      cell.kind === "markdown"
        ? { id: cell.id, cell_type: "markdown", metadata: {}, source: multiline(cell.source) }
        : {
            id: cell.id,
            cell_type: "code",
            metadata: { kgx: { kind: cell.kind } },
            source: multiline(cell.source),
            outputs: outputsOf(cell.result),
            execution_count: null,
          },
    ),
  };
}

/** The `.ipynb` file's text. */
export function notebookToIpynbText(notebook: Notebook): string {
  return `${JSON.stringify(notebookToIpynb(notebook), null, 1)}\n`;
}
