/**
 * The errors a graph store can raise. Each carries a code that travels unchanged to GraphQL
 * `extensions.code`, the CLI's exit message and the UI, and a message a person can act on.
 */
export const GRAPH_STORE_ERROR_CODES = [
  "NOT_FOUND",
  "INVALID_INPUT",
  "CYPHER_SYNTAX",
  "CYPHER_WRITE_REFUSED",
  "QUERY_TIMEOUT",
  "STORE_UNAVAILABLE",
  "STORE_LOCKED",
  "CANCELLED",
  /** A user statement that needed more memory than the store may use; the store was restarted to stop it. */
  "QUERY_TOO_LARGE",
  /** A user statement refused because it crashed or overran the store the last time it ran. */
  "CYPHER_QUARANTINED",
] as const;
export type GraphStoreErrorCode = (typeof GRAPH_STORE_ERROR_CODES)[number];

/** Where in an input a problem is: a file, line (1-based), column and field, as far as known. */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
}

export interface GraphStoreErrorOptions {
  readonly cause?: unknown;
  readonly location?: InputLocation;
  /** For a passing failure (STORE_UNAVAILABLE while the store restarts): when trying again should work. */
  readonly retryAfterSeconds?: number;
  /**
   * The statement ended the store's process (it crashed it, or had to be stopped by a restart):
   * every other client waited for it, so the API counts it against the client that sent it.
   */
  readonly endedStore?: boolean;
}

export class GraphStoreError extends Error {
  readonly code: GraphStoreErrorCode;
  readonly location: InputLocation | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly endedStore: boolean;

  constructor(code: GraphStoreErrorCode, message: string, options?: GraphStoreErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GraphStoreError";
    this.code = code;
    this.location = options?.location;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.endedStore = options?.endedStore ?? false;
  }
}

export function isGraphStoreError(error: unknown): error is GraphStoreError {
  return error instanceof GraphStoreError;
}

/** "file:line: field: message" — the form editors and terminals turn into links. */
export function formatLocation(location: InputLocation | undefined): string {
  if (!location) return "";
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.column !== undefined) parts.push(String(location.column));
  const where = parts.join(":");
  if (location.field) return where ? `${where}: field "${location.field}"` : `field "${location.field}"`;
  return where;
}
