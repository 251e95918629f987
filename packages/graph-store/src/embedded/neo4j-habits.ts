import { tokenizeCypher, type CypherToken } from "../cypher-text.ts";
import { GraphStoreError } from "../errors.ts";

/**
 * Everyday Neo4j Cypher on the embedded store. People who know Neo4j Browser type `type(r)` and
 * `CALL db.labels()` first; Kùzu answers both with a parser or binder error that does not say what
 * to write instead. Where Kùzu has an exact equivalent, the statement is respelled (`type(r)` is
 * `label(r)`); where it has none, the error gets a sentence naming the Kùzu spelling.
 */

/** Neo4j's procedures that list what the graph holds, answered by a read of the graph itself. */
const PROCEDURE_ANSWERS: Readonly<Record<string, { readonly column: string; readonly statement: string }>> = {
  "db.labels": { column: "label", statement: "MATCH (n) RETURN DISTINCT label(n) AS label ORDER BY label" },
  "db.relationshiptypes": { column: "relationshipType", statement: "MATCH ()-[r]->() RETURN DISTINCT label(r) AS relationshipType ORDER BY relationshipType" },
};

const SIZE_OF_PATTERN_HINT = "Count a pattern with COUNT { MATCH (n)--() } rather than size() of the pattern.";

function isWord(token: CypherToken | undefined, word?: string): boolean {
  return token?.kind === "word" && (word === undefined || token.text.toLowerCase() === word.toLowerCase());
}

function isPunct(token: CypherToken | undefined, text: string): boolean {
  return token?.kind === "punct" && token.text === text;
}

/** `a.b.c` starting at `index`, lower-cased, and the index after it. */
function dottedName(tokens: readonly CypherToken[], index: number): { name: string; next: number } | undefined {
  if (!isWord(tokens[index])) return undefined;
  const parts = [(tokens[index] as CypherToken).text];
  let next = index + 1;
  while (isPunct(tokens[next], ".") && isWord(tokens[next + 1])) {
    parts.push((tokens[next + 1] as CypherToken).text);
    next += 2;
  }
  return { name: parts.join(".").toLowerCase(), next };
}

/**
 * The statement as Kùzu should read it: `CALL db.labels()` and `CALL db.relationshipTypes()`
 * (alone, or with `YIELD` and `RETURN` of their one column) become a read of the graph with the
 * same column, every `type(x)` becomes `label(x)`, every `labels(x)` the list `[label(x)]`, and
 * `COUNT { (…) }` / `EXISTS { (…) }` get the MATCH Kùzu needs. Anything else is left exactly as it is.
 */
export function kuzuSpelling(text: string): string {
  const tokens = tokenizeCypher(text);
  const procedure = procedureAnswer(tokens);
  if (procedure) return procedure;
  let out = "";
  let cursor = 0;
  tokens.forEach((token, index) => {
    const before = tokens[index - 1];
    // A function call, not a property (`r.type`), a label (`:type`) or a name (`AS type`).
    const isCall = isPunct(tokens[index + 1], "(") && !isPunct(before, ".") && !isPunct(before, ":");
    if (isWord(token, "type") && isCall) {
      out += text.slice(cursor, token.offset) + "label";
      cursor = token.offset + token.text.length;
    }
    // An entity has one table on the embedded store, so its labels are the one-item list of it.
    if (isWord(token, "labels") && isCall) {
      const close = matchingClose(tokens, index + 1);
      if (close !== undefined) {
        out += text.slice(cursor, token.offset) + "[label" + text.slice((tokens[index + 1] as CypherToken).offset, close.offset + 1) + "]";
        cursor = close.offset + 1;
      }
    }
    // Neo4j 5 lets `COUNT { (a)--(b) }` and `EXISTS { (a)--(b) }` leave out the MATCH that Kùzu needs.
    if ((isWord(token, "count") || isWord(token, "exists")) && isPunct(tokens[index + 1], "{") && isPunct(tokens[index + 2], "(")) {
      const brace = tokens[index + 1] as CypherToken;
      out += text.slice(cursor, brace.offset + 1) + " MATCH";
      cursor = brace.offset + 1;
    }
  });
  return out + text.slice(cursor);
}

/** The `)` that closes the `(` at `open`, or undefined when the text ends first. */
function matchingClose(tokens: readonly CypherToken[], open: number): CypherToken | undefined {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    const token = tokens[index] as CypherToken;
    if (isPunct(token, "(")) depth++;
    else if (isPunct(token, ")") && --depth === 0) return token;
  }
  return undefined;
}

function procedureAnswer(tokens: readonly CypherToken[]): string | undefined {
  const meaningful = isPunct(tokens.at(-1), ";") ? tokens.slice(0, -1) : tokens;
  if (!isWord(meaningful[0], "CALL")) return undefined;
  const called = dottedName(meaningful, 1);
  const answer = called ? PROCEDURE_ANSWERS[called.name] : undefined;
  if (!called || !answer) return undefined;
  let index = called.next;
  if (!isPunct(meaningful[index], "(") || !isPunct(meaningful[index + 1], ")")) return undefined;
  index += 2;
  const column = (token: CypherToken | undefined) => isWord(token) && token?.text === answer.column;
  if (isWord(meaningful[index], "YIELD")) {
    if (!column(meaningful[index + 1])) return undefined;
    index += 2;
  }
  if (isWord(meaningful[index], "RETURN")) {
    if (!column(meaningful[index + 1])) return undefined;
    index += 2;
  }
  return index === meaningful.length ? answer.statement : undefined;
}

/** What to write on the embedded store instead of a Neo4j-only construct in `statement`, if it has one. */
export function neo4jHabitHint(statement: string): string | undefined {
  const tokens = tokenizeCypher(statement);
  for (const [index, token] of tokens.entries()) {
    const next = tokens[index + 1];
    if (isWord(token, "CALL")) {
      const called = dottedName(tokens, index + 1);
      if (called?.name.startsWith("apoc.")) return "APOC is a Neo4j plugin and does not exist on the embedded store (Kùzu).";
      if (called?.name.startsWith("db.") || called?.name.startsWith("dbms.")) {
        return (
          "The embedded store (Kùzu) has no db.* procedures besides db.labels() and db.relationshipTypes(): " +
          "CALL show_tables() RETURN * lists the entity and relationship tables, CALL table_info('Person') RETURN * a table's properties, " +
          "and the graphSchema GraphQL query gives types, counts, properties and which types connect."
        );
      }
    }
    if ((isWord(token, "shortestPath") || isWord(token, "allShortestPaths")) && isPunct(next, "(")) {
      const all = token.text.toLowerCase() === "allshortestpaths";
      return `On the embedded store (Kùzu) a shortest path is written in the pattern: MATCH p = (a)-[*${all ? " ALL" : ""} SHORTEST 1..6]-(b) RETURN p.`;
    }
    if (isWord(token) && isPunct(next, "{") && isPunct(tokens[index + 2], ".")) {
      return `The embedded store (Kùzu) has no map projections (${token.text} {.name}): write {name: ${token.text}.name} or return ${token.text}.name AS name.`;
    }
    if (isWord(token, "exists") && isPunct(next, "(")) {
      return "Write a property check as n.name IS NOT NULL, and a pattern check as EXISTS { MATCH (n)--() }.";
    }
    if (isWord(token, "properties") && isPunct(next, "(")) {
      return `The embedded store (Kùzu) has no properties(): return the node itself (RETURN ${tokens[index + 2]?.text ?? "n"}) or its properties by name.`;
    }
    if (isPunct(token, "[") && isWord(next) && isWord(tokens[index + 2], "IN")) {
      return "The embedded store (Kùzu) has no list comprehensions: write list_filter(list, x -> x STARTS WITH 'N') and list_transform(list, x -> lower(x)).";
    }
    if (isWord(token, "size") && isPunct(next, "(") && isPunct(tokens[index + 2], "(")) {
      return SIZE_OF_PATTERN_HINT;
    }
  }
  return undefined;
}

/**
 * Refuses `size((n)--())` before it runs: Kùzu 0.11.3 accepts it and answers a number that is not
 * the pattern's count, where Neo4j 5 refuses it. A silently wrong answer is worse than a refusal.
 */
export function refuseSizeOfPattern(statement: string): void {
  const tokens = tokenizeCypher(statement);
  for (const [index, token] of tokens.entries()) {
    if (!isWord(token, "size") || !isPunct(tokens[index + 1], "(") || !isPunct(tokens[index + 2], "(")) continue;
    const close = matchingClose(tokens, index + 2);
    const after = close ? tokens[tokens.indexOf(close) + 1] : undefined;
    if (isPunct(after, "-") || isPunct(after, "<")) {
      throw new GraphStoreError("CYPHER_SYNTAX", `size() of a pattern is not supported (Neo4j 5 refuses it too). ${SIZE_OF_PATTERN_HINT}`, {
        location: { line: token.line, column: token.column },
      });
    }
  }
}
