import { GraphStoreError } from "../errors.ts";

/**
 * Whether a user statement is a read, as Kùzu itself plans it. The lexical check in cypher-text.ts
 * is the first filter; this one asks the engine: `EXPLAIN` of the canonical text gives the physical
 * plan of what Kùzu parsed, and every operator in it must be one that only reads the graph. Table
 * functions are the one operator that can read anything (files, settings), so their function must
 * be on a list of its own. Anything unknown is refused: a new operator is a read only once it is
 * listed here.
 *
 * `EXPLAIN` is not free of effects in Kùzu 0.11.3 — planning `EXPORT DATABASE` creates its
 * directory, and planning `LOAD FROM` opens the file to learn its columns — so it only ever sees
 * text that passed the lexical check.
 */

/** Physical operators that read the graph or shape rows, as Kùzu 0.11.3 names them in EXPLAIN. */
const READ_OPERATORS = new Set([
  "RESULT_COLLECTOR",
  "PROJECTION",
  "LIMIT",
  "SKIP",
  "MULTIPLICITY_REDUCER",
  "FLATTEN",
  "FILTER",
  "SCAN_NODE_TABLE",
  "PRIMARY_KEY_SCAN_NODE_TABLE",
  "SCAN_REL_TABLE",
  "RECURSIVE_EXTEND",
  "PATH_PROPERTY_PROBE",
  "HASH_JOIN_BUILD",
  "HASH_JOIN_PROBE",
  "INTERSECT_BUILD",
  "INTERSECT",
  "CROSS_PRODUCT",
  "SEMI_MASKER",
  "DUMMY_SINK",
  "AGGREGATE",
  "AGGREGATE_SCAN",
  "AGGREGATE_FINALIZE",
  "ORDER_BY",
  "ORDER_BY_MERGE",
  "ORDER_BY_SCAN",
  "TOP_K",
  "TOP_K_SCAN",
  "UNION_ALL_SCAN",
  "UNWIND",
  "TABLE_FUNCTION_CALL",
  "EMPTY_RESULT",
]);

/** Table functions a read may use: the planner's own row source and the schema listings. */
const READ_TABLE_FUNCTIONS = new Set(["READ_FTABLE", "SHOW_TABLES", "TABLE_INFO"]);

export interface KuzuPlan {
  readonly operators: readonly string[];
  readonly tableFunctions: readonly string[];
}

/** Reads operator names (`NAME[3]`) and table functions (`Function: NAME`) out of Kùzu's EXPLAIN box drawing. */
export function parseKuzuPlan(explainText: string): KuzuPlan {
  const operators = [...explainText.matchAll(/│\s*([A-Z][A-Z0-9_]*)\[\d+\]\s*│/g)].map((m) => m[1] as string);
  const tableFunctions = [...explainText.matchAll(/Function:\s*([A-Za-z0-9_]+)/g)].map((m) => (m[1] as string).toUpperCase());
  return { operators, tableFunctions };
}

/** Raises CYPHER_WRITE_REFUSED unless every operator and table function of the plan only reads. */
export function checkKuzuReadPlan(plan: KuzuPlan): void {
  if (plan.operators.length === 0) {
    throw new GraphStoreError(
      "CYPHER_WRITE_REFUSED",
      "The embedded store could not show a plan for this statement, so it is not run. Queries here are read-only.",
    );
  }
  const operator = plan.operators.find((name) => !READ_OPERATORS.has(name));
  if (operator !== undefined) {
    throw new GraphStoreError(
      "CYPHER_WRITE_REFUSED",
      `The embedded store plans this statement with ${operator}, which is not a read of the graph. Queries here are read-only.`,
    );
  }
  const tableFunction = plan.tableFunctions.find((name) => !READ_TABLE_FUNCTIONS.has(name));
  if (tableFunction !== undefined) {
    throw new GraphStoreError(
      "CYPHER_WRITE_REFUSED",
      `The embedded store plans this statement with the table function ${tableFunction.toLowerCase()}, which reaches outside the graph. Queries here are read-only.`,
    );
  }
}
