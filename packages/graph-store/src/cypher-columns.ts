import { tokenizeCypher, type CypherToken } from "./cypher-text.ts";

/**
 * The column names Neo4j gives a statement's result: for each item of its last RETURN, the alias
 * when it has one, else the item's text exactly as written (`count(*)`, `labels(n)`, `n.name`).
 * Kùzu names an unaliased expression after its internal form (`COUNT_STAR()`,
 * `LABEL(n._ID,[Person,…])`), which reads as noise in a notebook's table; the embedded store shows
 * these names instead, so one statement has the same columns on both backends.
 *
 * Undefined when the names cannot be told from the text alone: no RETURN at the top level, or
 * `RETURN *`, whose columns depend on what is in scope.
 */
export function returnColumnNames(statement: string): string[] | undefined {
  const tokens = tokenizeCypher(statement);
  const start = lastTopLevelReturn(tokens);
  if (start === undefined) return undefined;
  let index = start + 1;
  if (isWord(tokens[index], "DISTINCT")) index++;
  const items: CypherToken[][] = [];
  let current: CypherToken[] = [];
  let depth = 0;
  for (; index < tokens.length; index++) {
    const token = tokens[index] as CypherToken;
    if (token.kind === "punct") {
      if ("([{".includes(token.text)) depth++;
      else if (")]}".includes(token.text)) depth--;
      else if (depth === 0 && token.text === ",") {
        items.push(current);
        current = [];
        continue;
      } else if (depth === 0 && token.text === ";") break;
    }
    if (depth === 0 && endsProjection(tokens, index)) break;
    current.push(token);
  }
  items.push(current);
  const names: string[] = [];
  for (const item of items) {
    const first = item[0];
    const last = item.at(-1);
    if (!first || !last) return undefined;
    if (item.length === 1 && first.kind === "punct" && first.text === "*") return undefined;
    const alias = item.at(-2);
    if (item.length >= 3 && isWord(alias, "AS") && (last.kind === "word" || last.kind === "quoted")) {
      names.push(last.kind === "quoted" ? last.text.slice(1, -1).replace(/``/g, "`") : last.text);
    } else {
      names.push(statement.slice(first.offset, last.offset + last.text.length));
    }
  }
  return names;
}

function isWord(token: CypherToken | undefined, word: string): boolean {
  return token?.kind === "word" && token.text.toUpperCase() === word;
}

/** A keyword in a name position (`n.return`, `:Return`) is a name, not a clause. */
function isClauseWord(tokens: readonly CypherToken[], index: number, word: string): boolean {
  const before = tokens[index - 1];
  return isWord(tokens[index], word) && !(before?.kind === "punct" && (before.text === "." || before.text === ":"));
}

/** The index of the last RETURN outside every bracket and subquery. */
function lastTopLevelReturn(tokens: readonly CypherToken[]): number | undefined {
  let depth = 0;
  let found: number | undefined;
  tokens.forEach((token, index) => {
    if (token.kind === "punct" && "([{".includes(token.text)) depth++;
    else if (token.kind === "punct" && ")]}".includes(token.text)) depth--;
    else if (depth === 0 && isClauseWord(tokens, index, "RETURN")) found = index;
  });
  return found;
}

/** Where the projection's items end: ORDER BY, SKIP, LIMIT or a UNION after them. */
function endsProjection(tokens: readonly CypherToken[], index: number): boolean {
  if (isClauseWord(tokens, index, "ORDER") && isWord(tokens[index + 1], "BY")) return true;
  return isClauseWord(tokens, index, "SKIP") || isClauseWord(tokens, index, "LIMIT") || isClauseWord(tokens, index, "UNION");
}
