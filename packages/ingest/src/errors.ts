/**
 * The errors the analysis raises. Each carries a code that travels unchanged to GraphQL
 * `extensions.code`, the CLI's exit message and the web page, and a message a person can act on.
 */
export const INGEST_ERROR_CODES = [
  /** The text is empty, or nothing is left once markup is stripped. */
  "INGEST_EMPTY_TEXT",
  /** The text is longer than the analysis accepts. */
  "INGEST_TEXT_TOO_LONG",
  /** The text holds NUL or other control characters: a binary file, not an article. */
  "INGEST_BINARY_TEXT",
  /** The Japanese tokenizer's dictionary could not be loaded. */
  "INGEST_TOKENIZER_UNAVAILABLE",
] as const;
export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number];

export interface IngestErrorOptions {
  readonly cause?: unknown;
  /** The input field the problem is in, e.g. `text`. */
  readonly field?: string;
}

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly field: string | undefined;

  constructor(code: IngestErrorCode, message: string, options?: IngestErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IngestError";
    this.code = code;
    this.field = options?.field;
  }
}

export function isIngestError(error: unknown): error is IngestError {
  return error instanceof IngestError;
}
