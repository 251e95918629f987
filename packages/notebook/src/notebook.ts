/**
 * A notebook: a title, a sequence of cells and the parameters its statements use. This is the
 * shape stored on the server, exchanged over GraphQL and written to files.
 */

export const CELL_KINDS = ["markdown", "cypher", "graphql"] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/** What the last run of a cell gave: the API's answer or its error, kept so a reopened notebook shows it. */
export interface CellResult {
  readonly ranAt: string;
  /** The API's `data` for the cell (for Cypher: the CypherResult), or null when it failed. */
  readonly data: unknown;
  /** The API's errors for the cell, as GraphQL returned them. */
  readonly errors?: readonly unknown[];
}

export interface NotebookCell {
  readonly id: string;
  readonly kind: CellKind;
  readonly source: string;
  readonly result?: CellResult;
}

export interface Notebook {
  readonly title: string;
  readonly cells: readonly NotebookCell[];
  /** Values for `$name` in the notebook's statements. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Bounds that keep one notebook a document a person wrote, not a dump; a notebook file stays small. */
export const NOTEBOOK_LIMITS = {
  titleLength: 200,
  cells: 500,
  sourceLength: 100_000,
  /** The whole notebook as JSON, last results included; under the API's 1 MiB request body, so any valid notebook can be saved. */
  bytes: 960 * 1024,
} as const;

const CELL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A notebook that is not valid, with every problem found (`cells[2].kind: …`). */
export class NotebookFormatError extends Error {
  override readonly name = "NotebookFormatError";
  constructor(
    message: string,
    /** The line of the imported file at fault, when the problem came from a file. */
    readonly line?: number,
  ) {
    super(message);
  }
}

export function isCellKind(value: unknown): value is CellKind {
  return typeof value === "string" && (CELL_KINDS as readonly string[]).includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The problems of a title, or an empty list. */
export function titleProblems(title: unknown): string[] {
  if (typeof title !== "string") return ["title: must be a string"];
  if (title.trim() === "") return ["title: must not be empty"];
  if (title.length > NOTEBOOK_LIMITS.titleLength) return [`title: must be at most ${NOTEBOOK_LIMITS.titleLength} characters`];
  if (/[\r\n]/.test(title)) return ["title: must be one line"];
  return [];
}

function resultProblems(value: unknown, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value)) return [`${at}: must be an object`];
  const problems: string[] = [];
  if (typeof value["ranAt"] !== "string") problems.push(`${at}.ranAt: must be a timestamp string`);
  if (value["errors"] !== undefined && !Array.isArray(value["errors"])) problems.push(`${at}.errors: must be a list`);
  return problems;
}

/**
 * Checks an untrusted value (a request, a file) against the notebook shape and returns it as a
 * Notebook, or throws a NotebookFormatError listing every problem.
 */
export function parseNotebook(value: unknown): Notebook {
  if (!isPlainObject(value)) throw new NotebookFormatError("a notebook must be a JSON object with title, cells and params");
  const problems = titleProblems(value["title"]);
  const params = value["params"] ?? {};
  if (!isPlainObject(params)) problems.push('params: must be a JSON object, e.g. {"id": "h20"}');
  const cells = value["cells"];
  const parsed: NotebookCell[] = [];
  if (!Array.isArray(cells)) problems.push("cells: must be a list");
  else if (cells.length > NOTEBOOK_LIMITS.cells) problems.push(`cells: at most ${NOTEBOOK_LIMITS.cells} cells`);
  else {
    const seen = new Set<string>();
    cells.forEach((cell: unknown, index) => {
      const at = `cells[${index}]`;
      if (!isPlainObject(cell)) {
        problems.push(`${at}: must be an object with id, kind and source`);
        return;
      }
      const { id, kind, source, result } = cell;
      const before = problems.length;
      if (typeof id !== "string" || !CELL_ID.test(id)) problems.push(`${at}.id: must be 1–64 letters, digits, "-" or "_"`);
      else if (seen.has(id)) problems.push(`${at}.id: "${id}" is used by another cell`);
      else seen.add(id);
      if (!isCellKind(kind)) problems.push(`${at}.kind: must be one of ${CELL_KINDS.join(", ")}`);
      if (typeof source !== "string") problems.push(`${at}.source: must be a string`);
      else if (source.length > NOTEBOOK_LIMITS.sourceLength) problems.push(`${at}.source: at most ${NOTEBOOK_LIMITS.sourceLength} characters`);
      problems.push(...resultProblems(result, `${at}.result`));
      if (problems.length === before) {
        parsed.push({
          id: id as string,
          kind: kind as CellKind,
          source: source as string,
          ...(isPlainObject(result) ? { result: result as unknown as CellResult } : {}),
        });
      }
    });
  }
  if (problems.length > 0) throw new NotebookFormatError(problems.join("; "));
  const notebook: Notebook = { title: (value["title"] as string).trim(), cells: parsed, params: params as Record<string, unknown> };
  const bytes = new TextEncoder().encode(JSON.stringify(notebook)).length;
  if (bytes > NOTEBOOK_LIMITS.bytes)
    throw new NotebookFormatError(`the notebook is ${bytes} bytes; at most ${NOTEBOOK_LIMITS.bytes} (clear some cells' results)`);
  return notebook;
}

/** Cell ids for cells made here (new cells, imported files): short, and unique within the notebook. */
export function nextCellId(cells: readonly Pick<NotebookCell, "id">[]): string {
  const taken = new Set(cells.map((c) => c.id));
  for (let n = cells.length + 1; ; n++) {
    const id = `cell-${n}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * The notebook parameters a statement refers to as `$name`. Kùzu refuses a query given a parameter
 * it does not use, and one notebook's parameters serve many statements, so each gets only its own.
 */
export function paramsUsedBy(statement: string, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const used = new Set([...statement.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string));
  return Object.fromEntries(Object.entries(params).filter(([name]) => used.has(name)));
}
