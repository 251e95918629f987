import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import { GraphStoreError, isGraphStoreError, splitCypherStatements, type GraphBatch, type ScriptStatement } from "@kgx/graph-store";
import { readCsvRecords } from "./import-csv.ts";
import { readJsonLinesRecords, readJsonRecords } from "./import-json.ts";
import { validateSourceRecords, type EntityTypeLookup } from "./import-records.ts";
import { DEFAULT_MAX_REPORTED_PROBLEMS, ProblemList } from "./problems.ts";

export type ImportFormat = "json" | "jsonl" | "csv" | "cypher";

/** File extensions an import may have, and the format each one means. */
export const IMPORT_FORMATS_BY_EXTENSION: Readonly<Record<string, ImportFormat>> = {
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".csv": "csv",
  ".cypher": "cypher",
  ".cql": "cypher",
};

export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export interface ImportOptions {
  /** The file's name in messages and error locations, e.g. a path relative to the working directory (default: the path given). */
  readonly displayName?: string;
  /** Entity types of ids the file refers to but does not define, e.g. `(ids) => store.entityTypesOf(ids)`. */
  readonly knownEntityTypes?: EntityTypeLookup;
  /** Larger files are refused before they are read (default 256 MiB). */
  readonly maxBytes?: number;
  /** How many problems the error lists before "and N more" (default 50). */
  readonly maxReportedProblems?: number;
}

/** A validated import: records ready for `writeBatch`, or Cypher statements for `runScript`. */
export type ParsedImport =
  | { readonly format: "json" | "jsonl" | "csv"; readonly batch: GraphBatch; readonly recordCount: number }
  | { readonly format: "cypher"; readonly statements: readonly ScriptStatement[] };

/** The format a file's extension names; INVALID_INPUT, naming the file as `displayName`, for any other extension. */
export function importFormatOf(path: string, displayName: string = path): ImportFormat {
  const file = displayName;
  const extension = extname(path).toLowerCase();
  const format = IMPORT_FORMATS_BY_EXTENSION[extension];
  if (format) return format;
  const accepted = Object.keys(IMPORT_FORMATS_BY_EXTENSION).join(", ");
  throw new GraphStoreError(
    "INVALID_INPUT",
    `${file}: cannot import ${extension ? `a ${extension} file` : "a file without an extension"}; the name must end in one of ${accepted}`,
    { location: { file } },
  );
}

/** Refuses a file of `bytes` bytes when it is over the limit, so that it is never read into memory. */
export function checkImportFileSize(file: string, bytes: number, maxBytes: number = DEFAULT_MAX_IMPORT_BYTES): void {
  if (bytes <= maxBytes) return;
  throw new GraphStoreError(
    "INVALID_INPUT",
    `${file} is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit for one import; split it into smaller files`,
    { location: { file } },
  );
}

/** Decodes a file's bytes as UTF-8 text, refusing binary content and other encodings with the line where they show. */
export function decodeImportBytes(file: string, bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw binaryContent(file, lineAtByte(bytes, nul));
  try {
    // The decoder drops a leading byte order mark, which spreadsheet programs often write.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    const offset = Math.max(0, firstInvalidUtf8Offset(bytes));
    const line = lineAtByte(bytes, offset);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    const hint = extname(file).toLowerCase() === ".csv" ? ` (from Excel, save as "CSV UTF-8")` : "";
    throw new GraphStoreError(
      "INVALID_INPUT",
      `${file}:${line}: not UTF-8 text (byte 0x${byte} does not begin a valid UTF-8 character); save the file as UTF-8${hint}`,
      {
        cause: error,
        location: { file, line },
      },
    );
  }
}

/**
 * Parses and validates the text of an import file, choosing the format by the file's extension.
 * Every problem in the file is gathered into one INVALID_INPUT error; nothing is returned unless
 * the whole file is valid. Cypher is only split into statements: the store runs them in one
 * transaction and reports what the engine rejects.
 */
export async function parseImportFile(path: string, text: string, options: ImportOptions = {}): Promise<ParsedImport> {
  const file = options.displayName ?? path;
  const format = importFormatOf(path, file);
  checkImportFileSize(file, Buffer.byteLength(text, "utf8"), options.maxBytes);
  const nul = text.indexOf("\u0000");
  if (nul >= 0) throw binaryContent(file, lineAtOffset(text, nul));
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.trim() === "") throw new GraphStoreError("INVALID_INPUT", `${file} is empty`, { location: { file } });

  if (format === "cypher") return { format, statements: splitScript(file, body) };

  const problems = new ProblemList();
  const records =
    format === "json" ? readJsonRecords(body, problems) : format === "jsonl" ? readJsonLinesRecords(body, problems) : readCsvRecords(body, problems);
  const batch = await validateSourceRecords(records, problems, options.knownEntityTypes);
  problems.throwIfAny(file, options.maxReportedProblems ?? DEFAULT_MAX_REPORTED_PROBLEMS);
  return { format, batch, recordCount: batch.entities.length + batch.relationships.length };
}

/** Reads an import file from disk: checks its extension and size before reading, then its encoding, then parses it. */
export async function readImportFile(path: string, options: ImportOptions = {}): Promise<ParsedImport> {
  const file = options.displayName ?? path;
  importFormatOf(path, file);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new GraphStoreError("INVALID_INPUT", `${file} is not a file`, { location: { file } });
    size = info.size;
  } catch (error) {
    if (isGraphStoreError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GraphStoreError("NOT_FOUND", `${file}: no such file`, { cause: error, location: { file } });
    throw new GraphStoreError("INVALID_INPUT", `${file}: cannot be read (${code ?? String(error)})`, { cause: error, location: { file } });
  }
  checkImportFileSize(file, size, options.maxBytes);
  const bytes = await readFile(path);
  // The file may have grown since it was measured.
  checkImportFileSize(file, bytes.length, options.maxBytes);
  return parseImportFile(path, decodeImportBytes(file, bytes), options);
}

function splitScript(file: string, text: string): ScriptStatement[] {
  let statements: ScriptStatement[];
  try {
    statements = splitCypherStatements(text, file);
  } catch (error) {
    if (!isGraphStoreError(error)) throw error;
    throw new GraphStoreError(error.code, `${file}: ${error.message}`, { cause: error, location: { ...error.location, file } });
  }
  if (statements.length === 0) throw new GraphStoreError("INVALID_INPUT", `${file} contains no Cypher statements`, { location: { file } });
  return statements;
}

function binaryContent(file: string, line: number): GraphStoreError {
  return new GraphStoreError(
    "INVALID_INPUT",
    `${file}:${line}: looks like a binary file, not text (it contains a NUL byte); import JSON, JSON Lines, CSV or Cypher text`,
    {
      location: { file, line },
    },
  );
}

function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Where the first ill-formed UTF-8 sequence starts (Unicode 15, table 3-7); -1 if there is none. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) secondLow = 0xa0;
      if (lead === 0xed) secondHigh = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) secondLow = 0x90;
      if (lead === 0xf4) secondHigh = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const low = k === 1 ? secondLow : 0x80;
      const high = k === 1 ? secondHigh : 0xbf;
      if (next === undefined || next < low || next > high) return i;
    }
    i += length;
  }
  return -1;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
