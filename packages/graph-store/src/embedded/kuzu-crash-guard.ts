import { tokenizeCypher, type CypherToken } from "../cypher-text.ts";
import { GraphStoreError } from "../errors.ts";

/**
 * Read-only statements that Kùzu 0.11.3 is known to crash the whole process on (SIGSEGV), refused
 * before they reach it. Kùzu is no longer maintained, so the engine will not be fixed; each entry
 * here was reproduced with `kgx query` on the seeded store.
 *
 * 1. A UNION (ALL) whose second or later branch returns the same expression twice, e.g.
 *    `RETURN 1 AS a, 2 AS b UNION ALL MATCH (p:Policy) RETURN p.kind AS a, p.kind AS b`, also when
 *    one of them is spelled `(p.kind)`. Kùzu crashes already while planning it (EXPLAIN too).
 *    The first branch may repeat an expression; writing `p.kind + ''` in a later one avoids it.
 */
export function checkKnownKuzuCrashes(statement: string): void {
  const tokens = tokenizeCypher(statement);
  const branches = splitTopLevel(tokens, (t) => t.kind === "word" && t.text.toUpperCase() === "UNION");
  branches.slice(1).forEach((branch) => {
    const body = branch[0]?.kind === "word" && branch[0].text.toUpperCase() === "ALL" ? branch.slice(1) : branch;
    const duplicate = duplicateReturnItem(body);
    if (duplicate) {
      throw new GraphStoreError(
        "INVALID_INPUT",
        `The embedded store cannot run a UNION whose later part returns the same value twice ("${duplicate.text}", line ${duplicate.token.line}, ` +
          `column ${duplicate.token.column}): Kùzu would crash on it. Return it once, or write it differently the second time (e.g. \`x + 0\` or \`x + ''\`).`,
        { location: { line: duplicate.token.line, column: duplicate.token.column } },
      );
    }
  });
}

/** Splits a token list at separators that are outside (), [] and {}. */
function splitTopLevel(tokens: readonly CypherToken[], isSeparator: (token: CypherToken) => boolean): CypherToken[][] {
  const parts: CypherToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === "punct" && "([{".includes(token.text)) depth++;
    if (token.kind === "punct" && ")]}".includes(token.text)) depth--;
    if (depth === 0 && isSeparator(token)) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1]?.push(token);
  }
  return parts;
}

const PROJECTION_END = new Set(["ORDER", "SKIP", "LIMIT"]);

/** The first expression that the branch's final RETURN lists twice (aliases ignored), if any. */
function duplicateReturnItem(branch: readonly CypherToken[]): { text: string; token: CypherToken } | undefined {
  let depth = 0;
  let returnAt = -1;
  branch.forEach((token, index) => {
    if (token.kind === "punct" && "([{".includes(token.text)) depth++;
    if (token.kind === "punct" && ")]}".includes(token.text)) depth--;
    if (depth === 0 && token.kind === "word" && token.text.toUpperCase() === "RETURN") returnAt = index;
  });
  if (returnAt < 0) return undefined;
  let projection = branch.slice(returnAt + 1);
  if (projection[0]?.kind === "word" && projection[0].text.toUpperCase() === "DISTINCT") projection = projection.slice(1);
  const end = projection.findIndex((t) => t.kind === "word" && PROJECTION_END.has(t.text.toUpperCase()));
  if (end >= 0) projection = projection.slice(0, end);
  const items = splitTopLevel(projection, (t) => t.kind === "punct" && t.text === ",");
  const seen = new Set<string>();
  for (const item of items) {
    const asAt = item.findLastIndex((t) => t.kind === "word" && t.text.toUpperCase() === "AS");
    const expression = asAt > 0 ? item.slice(0, asAt) : item;
    const first = expression[0];
    if (!first || (expression.length === 1 && first.text === "*")) continue;
    const key = expressionKey(expression);
    if (seen.has(key)) return { text: expression.map((t) => t.text).join(""), token: first };
    seen.add(key);
  }
  return undefined;
}

/**
 * What Kùzu's planner sees of an expression, closely enough to tell when two are the same one:
 * parentheses, backticks and letter case do not make `(p.kind)` or `` p.`Kind` `` another value.
 */
function expressionKey(expression: readonly CypherToken[]): string {
  return expression
    .filter((t) => !(t.kind === "punct" && (t.text === "(" || t.text === ")")))
    .map((t) => (t.kind === "string" ? t.text : t.kind === "quoted" ? t.text.slice(1, -1).replace(/``/g, "`").toLowerCase() : t.text.toLowerCase()))
    .join(" ");
}
