import { GraphStoreError } from "./errors.ts";
import type { ScriptStatement } from "./port.ts";

/**
 * Lexical handling of Cypher text shared by both adapters: splitting scripts into statements and
 * refusing user statements that could write or reach outside the graph.
 *
 * Why an allowlist of our own: Kùzu's read-only mode is not a sandbox (`COPY … TO`, `LOAD FROM`,
 * `CALL TIMEOUT=…`, `ATTACH`, `INSTALL` still run on a read-only database, and `COMMIT; CREATE …`
 * escapes a read-only transaction), and Neo4j's read access mode does not stop `LOAD CSV` or
 * APOC's loaders. So user text is tokenised here and must be one statement built from read clauses
 * only; the adapters add their engine's own read-only layer on top.
 */

export interface CypherToken {
  readonly kind: "word" | "punct" | "string" | "quoted" | "number" | "param";
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Splits Cypher text into tokens, skipping comments and whitespace. Unterminated strings raise CYPHER_SYNTAX. */
export function tokenizeCypher(text: string): CypherToken[] {
  const tokens: CypherToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: CypherToken["kind"], start: number, startLine: number, startCol: number) =>
    tokens.push({ kind, text: text.slice(start, i), line: startLine, column: startCol, offset: start });
  while (i < text.length) {
    const ch = text[i] as string;
    const next = text[i + 1];
    const startLine = line;
    const startCol = i - lineStart + 1;
    if (ch === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw syntax("unterminated /* comment", startLine, startCol);
      for (let k = i; k < end; k++)
        if (text[k] === "\n") {
          line++;
          lineStart = k + 1;
        }
      i = end + 2;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      const start = i;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i];
        if (c === "\\" && ch !== "`") {
          i += 2;
          continue;
        }
        if (c === "\n") {
          line++;
          lineStart = i + 1;
        }
        if (c === ch) {
          if (ch === "`" && text[i + 1] === "`") {
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) throw syntax(`unterminated ${ch === "`" ? "quoted name" : "string"}`, startLine, startCol);
      push(ch === "`" ? "quoted" : "string", start, startLine, startCol);
      continue;
    }
    if (ch === "$") {
      const start = i;
      i++;
      while (i < text.length && /[\p{L}\p{N}_]/u.test(text[i] as string)) i++;
      push("param", start, startLine, startCol);
      continue;
    }
    if (/[\p{L}_]/u.test(ch)) {
      const start = i;
      while (i < text.length && /[\p{L}\p{N}_]/u.test(text[i] as string)) i++;
      push("word", start, startLine, startCol);
      continue;
    }
    if (/\d/.test(ch)) {
      const start = i;
      while (i < text.length && /[\d.eE]/.test(text[i] as string)) i++;
      push("number", start, startLine, startCol);
      continue;
    }
    const start = i;
    i++;
    push("punct", start, startLine, startCol);
  }
  return tokens;
}

function syntax(message: string, line: number, column: number): GraphStoreError {
  return new GraphStoreError("CYPHER_SYNTAX", `${message} at line ${line}, column ${column}`, { location: { line, column } });
}

/** Splits a script on `;` outside strings and comments. Empty statements are dropped. */
export function splitCypherStatements(script: string, file?: string): ScriptStatement[] {
  const tokens = tokenizeCypher(script);
  const out: ScriptStatement[] = [];
  let start: CypherToken | undefined;
  for (const token of tokens) {
    if (token.kind === "punct" && token.text === ";") {
      if (start) out.push({ text: script.slice(start.offset, token.offset).trim(), line: start.line, ...(file ? { file } : {}) });
      start = undefined;
      continue;
    }
    start ??= token;
  }
  if (start) out.push({ text: script.slice(start.offset).trim(), line: start.line, ...(file ? { file } : {}) });
  return out;
}

/**
 * Clauses that change data or schema or touch files, refused wherever they stand. Commands that
 * can only begin a statement (BEGIN, COMMIT, START, GRANT, ALTER …) need no entry: a statement
 * must begin with a read clause, and it is one statement, so `n.name AS start ORDER BY start`
 * is a name and not a command.
 */
const REFUSED_WORDS = new Set([
  "CREATE",
  "MERGE",
  "SET",
  "DELETE",
  "DETACH",
  "REMOVE",
  "DROP",
  "COPY",
  "LOAD",
  "EXPORT",
  "IMPORT",
  "ATTACH",
  "INSTALL",
  "USE",
  "FOREACH",
  "FINISH",
  "INSERT",
]);

const FIRST_WORDS = new Set(["MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL", "EXPLAIN", "PROFILE"]);

/** Procedures a read-only user statement may CALL: schema introspection on either engine. */
const ALLOWED_PROCEDURES = new Set([
  "show_tables",
  "table_info",
  "db.labels",
  "db.relationshiptypes",
  "db.propertykeys",
  "db.schema.visualization",
  "db.schema.nodetypeproperties",
  "db.schema.reltypeproperties",
]);

/**
 * Words that are names here, not clauses: after `.` (a property key or namespace part), after `AS`
 * (an alias), after `:` (a label or relationship type), or before `:` (a map key, as in
 * `{update: 1}`). The grammar of both engines reads a word in these places as a name, so a
 * keyword there cannot start a clause.
 */
function isNamePosition(previous: CypherToken | undefined, next: CypherToken | undefined): boolean {
  if (previous?.kind === "punct" && (previous.text === "." || previous.text === ":")) return true;
  if (previous?.kind === "word" && previous.text.toUpperCase() === "AS") return true;
  return next?.kind === "punct" && next.text === ":";
}

/**
 * Raises CYPHER_WRITE_REFUSED unless `statement` is exactly one statement made of read clauses.
 * This is the first filter and the source of friendly messages; the engine then plans the
 * canonical text (see canonicalCypherText) and the adapters refuse any plan that is not a read.
 */
export function checkReadOnlyCypher(statement: string): void {
  const tokens = tokenizeCypher(statement);
  const meaningful = tokens.filter((t, index) => !(t.kind === "punct" && t.text === ";" && index === tokens.length - 1));
  if (meaningful.length === 0) throw new GraphStoreError("INVALID_INPUT", "The statement is empty.");
  const refuse = (token: CypherToken, why: string) =>
    new GraphStoreError("CYPHER_WRITE_REFUSED", `${why} (line ${token.line}, column ${token.column}). Queries here are read-only.`, {
      location: { line: token.line, column: token.column },
    });
  const first = meaningful[0] as CypherToken;
  if (first.kind !== "word" || !FIRST_WORDS.has(first.text.toUpperCase())) {
    throw refuse(first, `A query must start with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL, not "${first.text}"`);
  }
  for (let index = 0; index < meaningful.length; index++) {
    const token = meaningful[index] as CypherToken;
    if (token.kind === "punct" && token.text === ";") throw refuse(token, "Only one statement can run at a time");
    if (token.kind !== "word") continue;
    if (index > 0 && isNamePosition(meaningful[index - 1], meaningful[index + 1])) continue;
    const upper = token.text.toUpperCase();
    if (REFUSED_WORDS.has(upper)) throw refuse(token, `"${token.text}" can change data or reach outside the graph`);
    if (upper === "CALL") {
      const name = procedureNameAt(meaningful, index + 1);
      if (!name || !ALLOWED_PROCEDURES.has(name.toLowerCase())) {
        throw refuse(token, `CALL is limited to schema procedures (${[...ALLOWED_PROCEDURES].join(", ")})`);
      }
    }
    if (upper === "APOC") throw refuse(token, "APOC procedures and functions are not available to queries");
  }
}

/** Escapes both engines read the same way inside a string literal; anything else after `\\` is refused. */
const STRING_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** The value of a string literal token, decoding its escapes; an escape neither engine knows is CYPHER_SYNTAX. */
function decodeStringLiteral(token: CypherToken): string {
  const body = token.text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const code = body[i + 1] ?? "";
    const lower = code.toLowerCase();
    const simple = STRING_ESCAPES[lower === "b" || lower === "f" || lower === "n" || lower === "r" || lower === "t" ? lower : code];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    if (lower === "u") {
      const width = code === "U" && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 2, i + 10)) ? 8 : 4;
      const hex = body.slice(i + 2, i + 2 + width);
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
        const point = Number.parseInt(hex, 16);
        if (point <= 0x10ffff) {
          out += String.fromCodePoint(point);
          i += 1 + width;
          continue;
        }
      }
    }
    throw syntax(`unknown escape "\\${code}" in a string`, token.line, token.column);
  }
  return out;
}

/** A string literal in the one spelling whose end both engines' lexers agree on: single quotes, only \\\\, \\', \\n and \\r escaped. */
function canonicalStringLiteral(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`;
}

/**
 * The statement as the engine is given it: comments become blanks (newlines kept, so lines stay
 * where they were) and every string literal is respelled canonically. Where the checker and an
 * engine could disagree about where a comment or string ends — Kùzu's lexer ends `/*` comments and
 * escapes differently — this leaves nothing to disagree about, so the engine parses exactly the
 * tokens checkReadOnlyCypher read.
 */
export function canonicalCypherText(statement: string): string {
  const tokens = tokenizeCypher(statement);
  let out = "";
  let cursor = 0;
  for (const token of tokens) {
    out += statement.slice(cursor, token.offset).replace(/[^\n]/g, " ");
    out += token.kind === "string" ? canonicalStringLiteral(decodeStringLiteral(token)) : token.text;
    cursor = token.offset + token.text.length;
  }
  return out;
}

/** Reads a dotted procedure name starting at `index` and returns it if a "(" follows. */
function procedureNameAt(tokens: readonly CypherToken[], index: number): string | undefined {
  const parts: string[] = [];
  let k = index;
  while (k < tokens.length) {
    const token = tokens[k] as CypherToken;
    if (token.kind !== "word") return undefined;
    parts.push(token.text);
    const after = tokens[k + 1];
    if (after?.kind === "punct" && after.text === ".") {
      k += 2;
      continue;
    }
    return after?.kind === "punct" && after.text === "(" ? parts.join(".") : undefined;
  }
  return undefined;
}
