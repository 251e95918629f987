import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { StreamLanguage, type StringStream } from "@codemirror/language";

/**
 * Cypher for CodeMirror 6: highlighting by a small stream tokenizer, and completion of the live
 * graph's entity types, relationship types and property names (from the API's `graphSchema`).
 *
 * Neo4j's editor packages were considered: @neo4j-cypher/codemirror (CodeMirror 6, on
 * @neo4j-cypher/editor-support) and @neo4j-cypher/language-support (behind
 * @neo4j-cypher/react-codemirror 2). Both read Cypher with Neo4j's grammar, in which Kùzu's
 * shortest paths (`-[* SHORTEST 1..3]-`, as the embedded store writes them) are a syntax error,
 * so their highlighting, completion and linting would mark Cypher written for the embedded store
 * as wrong (language-support's current releases also declare Node 24).
 */

const KEYWORDS = [
  "MATCH",
  "OPTIONAL",
  "WHERE",
  "RETURN",
  "WITH",
  "UNWIND",
  "AS",
  "ORDER",
  "BY",
  "ASC",
  "DESC",
  "ASCENDING",
  "DESCENDING",
  "SKIP",
  "LIMIT",
  "DISTINCT",
  "AND",
  "OR",
  "XOR",
  "NOT",
  "IN",
  "IS",
  "NULL",
  "TRUE",
  "FALSE",
  "CASE",
  "WHEN",
  "THEN",
  "ELSE",
  "END",
  "CONTAINS",
  "STARTS",
  "ENDS",
  "CALL",
  "YIELD",
  "UNION",
  "ALL",
  "EXISTS",
  "COUNT",
  "SHORTEST",
  // Write clauses are highlighted too, so a refused statement reads as what it is.
  "CREATE",
  "MERGE",
  "SET",
  "DELETE",
  "DETACH",
  "REMOVE",
  "ON",
];
const KEYWORD_SET = new Set(KEYWORDS);

export interface CypherTokenState {
  /** Inside a block comment that continues on the next line. */
  inBlockComment: boolean;
  /** After `:` (or `|` following a type, as in `[:SAID|ABOUT]`) a word is a label or relationship type. */
  afterColon: boolean;
  /** The last token was a label or relationship type. */
  lastWasType: boolean;
}

export function startCypherState(): CypherTokenState {
  return { inBlockComment: false, afterColon: false, lastWasType: false };
}

/** The highlighting tokenizer: the style of the next token on the line (CodeMirror's legacy token names). */
export function cypherToken(stream: StringStream, state: CypherTokenState): string | null {
  if (state.inBlockComment) {
    if (stream.skipTo("*")) {
      stream.next();
      if (stream.eat("/")) state.inBlockComment = false;
    } else stream.skipToEnd();
    return "comment";
  }
  if (stream.eatSpace()) return null;
  if (stream.match("//")) {
    stream.skipToEnd();
    return "comment";
  }
  if (stream.match("/*")) {
    state.inBlockComment = true;
    return "comment";
  }
  const ch = stream.next();
  if (ch === undefined) return null;
  if (ch === "'" || ch === '"') {
    let escaped = false;
    let next: string | void;
    while ((next = stream.next()) !== undefined) {
      if (next === ch && !escaped) break;
      escaped = !escaped && next === "\\";
    }
    state.afterColon = false;
    return "string";
  }
  if (ch === "`") {
    stream.skipTo("`");
    stream.next();
    const wasType = state.afterColon;
    state.afterColon = false;
    state.lastWasType = wasType;
    return wasType ? "typeName" : "variableName";
  }
  if (ch === "$") {
    stream.eatWhile(/[\w]/);
    state.afterColon = false;
    return "variableName.special";
  }
  if (/\d/.test(ch)) {
    stream.eatWhile(/[\d.eE]/);
    state.afterColon = false;
    return "number";
  }
  if (/[A-Za-z_]/.test(ch)) {
    stream.eatWhile(/\w/);
    const word = stream.current();
    const wasType = state.afterColon;
    state.afterColon = false;
    state.lastWasType = wasType;
    if (wasType) return "typeName";
    if (KEYWORD_SET.has(word.toUpperCase())) return "keyword";
    if (stream.peek() === "(") return "function";
    return stream.string[stream.start - 1] === "." ? "propertyName" : "variableName";
  }
  // `(p:Person` and `[r:SAID` name types; `{name: value}` is a map key, whose value is not a type.
  const patternColon = ch === ":" && /[([]\s*`?\w*`?\s*$/.test(stream.string.slice(0, stream.start));
  state.afterColon = patternColon || (ch === "|" && state.lastWasType);
  state.lastWasType = false;
  return /[=<>+\-*/%|]/.test(ch) ? "operator" : "punctuation";
}

export const cypherLanguage = StreamLanguage.define<CypherTokenState>({
  name: "cypher",
  startState: startCypherState,
  copyState: (state) => ({ ...state }),
  token: cypherToken,
  languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
});

export interface GraphSchemaInfo {
  readonly entityTypes: readonly { readonly name: string; readonly count: number; readonly properties: readonly string[] }[];
  readonly relationshipTypes: readonly { readonly name: string; readonly count: number; readonly properties: readonly string[] }[];
}

/** The label or relationship type a variable was bound to earlier in the text: `(p:Person`, `[r:SAID`. */
function typeOfVariable(text: string, variable: string): string | undefined {
  const escaped = variable.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`[(\\[]\\s*${escaped}\\s*:\\s*\`?([A-Za-z_][\\w]*)`).exec(text);
  return match?.[1];
}

export interface CypherCompletion {
  readonly from: number;
  readonly options: readonly Completion[];
}

/**
 * What to offer at `pos` in `text`: after `(x:` entity types, after `[r:` relationship types
 * (with their counts), after `x.` the properties of x's type (every property when x's type is not
 * known), elsewhere keywords. Plain data, so it is tested without an editor.
 */
export function cypherCompletions(text: string, pos: number, schema: GraphSchemaInfo | undefined, explicit = false): CypherCompletion | null {
  const before = text.slice(0, pos);
  const word = /[\w]*$/.exec(before)?.[0] ?? "";
  const from = pos - word.length;
  const head = before.slice(0, from);
  if (schema) {
    // A label or type after `:` (or after `|` in `[:A|B`) inside a node or relationship pattern.
    const typeContext = /([([])\s*\w*\s*:\s*(?:`?\w+`?\s*\|\s*:?\s*)*$/.exec(head);
    if (typeContext) {
      const kinds = typeContext[1] === "(" ? schema.entityTypes : schema.relationshipTypes;
      return { from, options: kinds.map((t) => ({ label: t.name, type: "type", detail: `${t.count}` })) };
    }
    const property = /([A-Za-z_]\w*)\s*\.\s*$/.exec(head);
    if (property) {
      const variable = property[1] as string;
      const bound = typeOfVariable(text, variable);
      const all = [...schema.entityTypes, ...schema.relationshipTypes];
      const owner = all.find((t) => t.name === bound);
      const names = owner ? owner.properties : [...new Set(all.flatMap((t) => t.properties))].sort();
      return { from, options: names.map((name) => ({ label: name, type: "property", ...(owner ? { detail: owner.name } : {}) })) };
    }
  }
  if (word === "" && !explicit) return null;
  return { from, options: KEYWORDS.map((k) => ({ label: k, type: "keyword" })) };
}

/** A CodeMirror completion source over the schema the caller holds (it may arrive after the editor). */
export function cypherCompletionSource(schema: () => GraphSchemaInfo | undefined) {
  return (context: CompletionContext): CompletionResult | null => {
    const result = cypherCompletions(context.state.doc.toString(), context.pos, schema(), context.explicit);
    if (!result) return null;
    return { from: result.from, options: [...result.options], validFor: /^\w*$/ };
  };
}
