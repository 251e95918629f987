import { GraphStoreError, type InputLocation } from "../errors.ts";

/**
 * Turns what the driver throws into the store's error codes. Neo4j status codes are listed at
 * https://neo4j.com/docs/status-codes/current/errors/all-errors/ ; the driver adds its own
 * `ServiceUnavailable` and `SessionExpired` for connection trouble.
 */

export interface ErrorContext {
  /** The server, for messages (never with credentials). */
  readonly location: string;
  /** The transaction timeout in force, for the QUERY_TIMEOUT message. */
  readonly timeoutMs?: number;
  /** Characters put in front of the first line of the statement the user wrote (e.g. "EXPLAIN "), to take off reported columns. */
  readonly firstLineShift?: number;
  /** The 1-based line of a file where the statement starts, to report positions in the file rather than in the statement. */
  readonly statementLine?: number;
}

interface DriverErrorShape {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly diagnosticRecord?: { readonly _position?: { readonly line?: unknown; readonly column?: unknown } };
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as DriverErrorShape).code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toPlainNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "object" && value !== null && "toNumber" in value && typeof value.toNumber === "function") {
    const n: unknown = value.toNumber();
    return typeof n === "number" ? n : undefined;
  }
  return undefined;
}

const POSITION_IN_MESSAGE = /\(line (\d+), column (\d+) \(offset: \d+\)\)/;

/**
 * Where the server says the problem is: the GQL diagnostic record (Neo4j 5.26+ with a driver that
 * speaks Bolt 5.7) on the error or one of its causes, else the "(line l, column c (offset: o))"
 * that older servers write into the message.
 */
export function serverErrorPosition(error: unknown): { line: number; column: number } | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 8; depth++) {
    const shape = current as DriverErrorShape;
    const line = toPlainNumber(shape.diagnosticRecord?._position?.line);
    const column = toPlainNumber(shape.diagnosticRecord?._position?.column);
    if (line !== undefined && column !== undefined && line > 0) return { line, column };
    current = shape.cause;
  }
  const match = POSITION_IN_MESSAGE.exec(messageOf(error));
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

function syntaxError(error: unknown, context: ErrorContext): GraphStoreError {
  const firstLine = (messageOf(error).split("\n")[0] ?? "").replace(POSITION_IN_MESSAGE, "").trim();
  const position = serverErrorPosition(error);
  if (!position) return new GraphStoreError("CYPHER_SYNTAX", firstLine, { cause: error });
  const shift = position.line === 1 ? (context.firstLineShift ?? 0) : 0;
  const location: InputLocation = {
    line: (context.statementLine ?? 1) + position.line - 1,
    column: Math.max(1, position.column - shift),
  };
  return new GraphStoreError("CYPHER_SYNTAX", `${firstLine} at line ${location.line}, column ${location.column}`, {
    cause: error,
    location,
  });
}

/** A GraphStoreError for errors the driver or server raised; anything else (a bug of ours) is returned as it is. */
export function toGraphStoreError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof GraphStoreError) return error;
  const code = codeOf(error);
  if (code === undefined) return error;
  const message = messageOf(error);
  if (code === "ServiceUnavailable" || code === "SessionExpired") {
    return new GraphStoreError("STORE_UNAVAILABLE", `Cannot reach Neo4j at ${context.location}: ${connectionReason(message)}`, { cause: error });
  }
  if (code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
    const limit = context.timeoutMs === undefined ? "its time limit" : `${context.timeoutMs} ms`;
    return new GraphStoreError("QUERY_TIMEOUT", `The query ran longer than ${limit} and was stopped. Narrow the pattern or add a LIMIT.`, {
      cause: error,
    });
  }
  // The per-transaction memory limit, the server's pool, or its heap: the request is too large for
  // the server as configured, as QUERY_TOO_LARGE says on the embedded store; retrying will not help.
  if (/OutOfMemory/.test(code) || /Java heap space/i.test(message)) {
    return new GraphStoreError(
      "QUERY_TOO_LARGE",
      `Neo4j at ${context.location} ran out of memory for this request (${message.split("\n")[0]?.trim()}). Narrow the query; ` +
        "for an import, give the server more memory (KGX_NEO4J_HEAP and KGX_NEO4J_TX_MAX for npm run neo4j; " +
        "server.memory.heap.max_size and db.memory.transaction.max on a server of your own) or import smaller files. Nothing of this request was kept.",
      { cause: error },
    );
  }
  if (code === "Neo.ClientError.Statement.SyntaxError") return syntaxError(error, context);
  if (code.endsWith(".AccessMode")) {
    return new GraphStoreError("CYPHER_WRITE_REFUSED", `Neo4j refused a write in a read-only transaction: ${message}`, { cause: error });
  }
  if (code.startsWith("Neo.ClientError.Security.") || code === "Neo.ClientError.Database.DatabaseNotFound") {
    return new GraphStoreError("STORE_UNAVAILABLE", `Neo4j at ${context.location} refused: ${message}`, { cause: error });
  }
  if (code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
    // Two writes of one new id that both passed their check before either committed: the id's
    // uniqueness constraint stops the later one. Said in the store's words, not the server's node ids.
    const id = /property `id` = '((?:[^'\\]|\\.)*)'/.exec(message)?.[1];
    return new GraphStoreError(
      "INVALID_INPUT",
      id === undefined
        ? `Nothing was written: the write breaks a uniqueness rule of the store (${message}).`
        : `Nothing was written: an entity with id "${id}" was stored by another write at the same time; ids are unique across types.`,
      { cause: error, location: { field: "id" } },
    );
  }
  if (code.startsWith("Neo.ClientError.")) return new GraphStoreError("INVALID_INPUT", message, { cause: error });
  if (code.startsWith("Neo.TransientError.") || code.startsWith("Neo.DatabaseError.")) {
    return new GraphStoreError("STORE_UNAVAILABLE", `Neo4j at ${context.location} could not complete the request: ${message}`, {
      cause: error,
    });
  }
  return error;
}

/**
 * The driver's connection messages end in a dump of its routing table ("Known routing table:
 * RoutingTable[…]"), which says nothing a person can act on; only the first sentence is kept.
 */
function connectionReason(message: string): string {
  const firstLine = message.split("\n")[0] ?? message;
  return firstLine.replace(/\s*Known routing table:.*$/s, "").trim() || "the connection failed";
}
