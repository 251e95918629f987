import { NotebookFormatError, isCellKind, parseNotebook, type CellKind, type Notebook, type NotebookCell } from "./notebook.ts";

/**
 * The readable text form of a notebook: a Cypher file that runs cell by cell in any Cypher shell.
 * Cypher cells are plain Cypher; Markdown and GraphQL cells are `//` comments, so the file stays
 * valid Cypher. Last results are not part of it: the file is for reading and sharing.
 *
 *     // kgx notebook
 *     // title: The H20's path
 *     // params: {"id": "h20"}
 *
 *     // %% markdown
 *     // # Heading
 *
 *     // %% cypher
 *     MATCH (c:Chip {id: $id}) RETURN c.name
 */

export const TEXT_FORMAT_HEADER = "// kgx notebook";
const MARKER = /^\/\/ %%\s*(\S*)\s*$/;
const TITLE = /^\/\/ title:\s?(.*)$/;
const PARAMS = /^\/\/ params:\s?(.*)$/;

/**
 * A commented line's content would read as a marker or a header if written as it is; a backslash
 * in front keeps it content (and one leading backslash is always taken off when reading).
 */
function escapeCommentLine(line: string): string {
  return /^(%%|\\|title:|params:)/.test(line) ? `\\${line}` : line;
}

function commented(source: string): string[] {
  return source.split("\n").map((line) => (line === "" ? "//" : `// ${escapeCommentLine(line)}`));
}

/** The text form of a notebook; `parseNotebookText` reads it back to the same title, params and cells. */
export function notebookToText(notebook: Notebook): string {
  const lines = [TEXT_FORMAT_HEADER, `// title: ${notebook.title}`];
  if (Object.keys(notebook.params).length > 0) lines.push(`// params: ${JSON.stringify(notebook.params)}`);
  for (const cell of notebook.cells) {
    lines.push("", `// %% ${cell.kind}`);
    if (cell.kind === "cypher") lines.push(...(cell.source === "" ? [] : cell.source.split("\n")));
    else if (cell.source !== "") lines.push(...commented(cell.source));
  }
  return `${lines.join("\n")}\n`;
}

function fail(line: number, message: string): never {
  throw new NotebookFormatError(`line ${line}: ${message}`, line);
}

function uncomment(line: string, lineNumber: number, kind: CellKind): string {
  if (line === "//") return "";
  if (!line.startsWith("// ")) fail(lineNumber, `a ${kind} cell holds only "// " comment lines; got "${line.slice(0, 40)}"`);
  const content = line.slice(3);
  return content.startsWith("\\") ? content.slice(1) : content;
}

/** Blank lines around a cell are layout, not content. */
function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] as string).trim() === "") start++;
  while (end > start && (lines[end - 1] as string).trim() === "") end--;
  return lines.slice(start, end);
}

/**
 * Reads the text form. A bad file throws a NotebookFormatError naming the line at fault, and
 * nothing is returned, so an import either takes the whole file or none of it.
 */
export function parseNotebookText(text: string): Notebook {
  const lines = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  if (lines[0]?.trim() !== TEXT_FORMAT_HEADER) fail(1, `a notebook file starts with "${TEXT_FORMAT_HEADER}"`);
  let title: string | undefined;
  let params: Record<string, unknown> = {};
  const cells: { kind: CellKind; line: number; lines: string[] }[] = [];
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (index === 0) return;
    const marker = MARKER.exec(line);
    if (marker) {
      const kind = marker[1];
      if (!isCellKind(kind)) fail(lineNumber, `unknown cell kind "${kind ?? ""}"; use markdown, cypher or graphql`);
      cells.push({ kind, line: lineNumber, lines: [] });
      return;
    }
    const cell = cells[cells.length - 1];
    if (cell) {
      cell.lines.push(line);
      return;
    }
    // Before the first cell: the header.
    if (line.trim() === "") return;
    const titleMatch = TITLE.exec(line);
    if (titleMatch) {
      title = (titleMatch[1] as string).trim();
      return;
    }
    const paramsMatch = PARAMS.exec(line);
    if (paramsMatch) {
      try {
        params = JSON.parse(paramsMatch[1] as string) as Record<string, unknown>;
      } catch (error) {
        fail(lineNumber, `params is not valid JSON (${(error as Error).message})`);
      }
      if (typeof params !== "object" || params === null || Array.isArray(params)) fail(lineNumber, 'params must be a JSON object, e.g. {"id": "h20"}');
      return;
    }
    fail(lineNumber, `expected "// title: …", "// params: {…}" or a cell marker such as "// %% cypher"`);
  });
  if (title === undefined) fail(1, 'the header has no "// title: …" line');
  const notebookCells: NotebookCell[] = cells.map((cell, index) => {
    const body = trimBlankLines(cell.lines);
    const firstLine = cell.line + 1 + cell.lines.indexOf(body[0] ?? "");
    const source = cell.kind === "cypher" ? body.join("\n") : body.map((line, i) => uncomment(line, firstLine + i, cell.kind)).join("\n");
    return { id: `cell-${index + 1}`, kind: cell.kind, source };
  });
  try {
    return parseNotebook({ title, params, cells: notebookCells });
  } catch (error) {
    if (error instanceof NotebookFormatError && error.line === undefined) fail(1, error.message);
    throw error;
  }
}
