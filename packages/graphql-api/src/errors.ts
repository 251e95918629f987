import { unwrapResolverError } from "@apollo/server/errors";
import { isGraphStoreError, type GraphStoreError, type GraphStoreErrorCode } from "@kgx/graph-store";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

/**
 * The error codes a client of this API can rely on in `extensions.code`. Store errors keep their
 * meaning under these names; anything unexpected is masked as INTERNAL_SERVER_ERROR and logged.
 */
export const API_ERROR_CODES = [
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CYPHER_SYNTAX",
  "CYPHER_WRITE_REFUSED",
  "QUERY_TIMEOUT",
  "STORE_UNAVAILABLE",
  "QUERY_TOO_LARGE",
  "CYPHER_QUARANTINED",
  "UNAUTHENTICATED",
  "RATE_LIMITED",
  "NOTEBOOK_READ_ONLY",
  "NOTEBOOK_LIMIT_EXCEEDED",
  "ARTICLE_TOO_LARGE",
  "ARTICLE_EXISTS",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Codes Apollo Server itself gives to requests it refuses before running them; safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "INTROSPECTION_DISABLED",
  "MAX_RECURSIVE_SELECTIONS_EXCEEDED",
]);

const PUBLIC_CODES = new Set<string>([...API_ERROR_CODES, ...REQUEST_ERROR_CODES]);

const STORE_CODE_TO_API: Readonly<Record<GraphStoreErrorCode, ApiErrorCode>> = {
  NOT_FOUND: "NOT_FOUND",
  INVALID_INPUT: "BAD_USER_INPUT",
  CYPHER_SYNTAX: "CYPHER_SYNTAX",
  CYPHER_WRITE_REFUSED: "CYPHER_WRITE_REFUSED",
  QUERY_TIMEOUT: "QUERY_TIMEOUT",
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  STORE_LOCKED: "STORE_UNAVAILABLE",
  CANCELLED: "STORE_UNAVAILABLE",
  QUERY_TOO_LARGE: "QUERY_TOO_LARGE",
  CYPHER_QUARANTINED: "CYPHER_QUARANTINED",
};

/** A refusal of bad input that names the argument or input field at fault (`extensions.field`). */
export function badUserInput(field: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: "BAD_USER_INPUT", field, ...extra } });
}

export function unauthenticated(message: string): GraphQLError {
  // 401 tells HTTP clients and proxies what GraphQL's 200-with-errors would not.
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/**
 * A refused `cypher` call: the client used up its allowance. The HTTP status stays 200 because the
 * same document may hold other fields that were answered; `retryAfterSeconds` says when to retry.
 */
export function rateLimited(what: string, limitPerMinute: number, retryAfterSeconds: number): GraphQLError {
  const wait = `${retryAfterSeconds} ${retryAfterSeconds === 1 ? "second" : "seconds"}`;
  const message = `Too many ${what} from your address: the limit is ${limitPerMinute} per minute. Try again in ${wait}.`;
  return new GraphQLError(message, { extensions: { code: "RATE_LIMITED", retryAfterSeconds, limitPerMinute } });
}

/**
 * The extensions of a store error as the client sees it: the API's code and, where the store
 * knows it, the field or the line and column in the Cypher text, and `retryAfterSeconds` for a
 * store that is restarting (as RATE_LIMITED gives it).
 */
export function storeErrorExtensions(error: GraphStoreError): Record<string, unknown> {
  const location = error.location;
  const extensions: Record<string, unknown> = { code: STORE_CODE_TO_API[error.code] };
  if (location?.field) extensions["field"] = location.field;
  if (location?.line !== undefined) extensions["line"] = location.line;
  if (location?.column !== undefined) extensions["column"] = location.column;
  if (error.retryAfterSeconds !== undefined) extensions["retryAfterSeconds"] = error.retryAfterSeconds;
  return extensions;
}

export interface ErrorFormatterOptions {
  /** Production hides field suggestions ("Did you mean …?") that reveal the schema. */
  readonly production: boolean;
  /** Where unexpected errors go; the client only sees that one happened. */
  readonly logUnexpected: (error: unknown) => void;
}

const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * Apollo's `formatError`: maps store errors to the API's codes, keeps the codes of refusals the
 * client can act on, and masks everything else, so no internal message, path or stack leaks.
 */
export function createErrorFormatter(options: ErrorFormatterOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const strip = (message: string) => (options.production ? message.replace(SUGGESTION, "") : message);
    if (isGraphStoreError(original)) {
      return { ...withoutExtensions(formatted), message: strip(original.message), extensions: storeErrorExtensions(original) };
    }
    let code = typeof formatted.extensions?.["code"] === "string" ? formatted.extensions["code"] : undefined;
    // A bad Date literal is refused during validation, which Apollo labels GRAPHQL_VALIDATION_FAILED;
    // the scalar said BAD_USER_INPUT, and a bad date in a literal should read like one in a variable.
    if (code === "GRAPHQL_VALIDATION_FAILED" && error instanceof GraphQLError && error.originalError instanceof GraphQLError) {
      if (error.originalError.extensions["code"] === "BAD_USER_INPUT") code = "BAD_USER_INPUT";
    }
    if (code && PUBLIC_CODES.has(code)) {
      const extensions: Record<string, unknown> = { ...formatted.extensions, code };
      if (options.production) delete extensions["stacktrace"];
      return { ...formatted, message: strip(formatted.message), extensions };
    }
    options.logUnexpected(original);
    return { ...withoutExtensions(formatted), message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

function withoutExtensions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { extensions: _dropped, ...rest } = formatted;
  return rest;
}
