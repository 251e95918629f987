import { canonicalCypherText, tokenizeCypher } from "../cypher-text.ts";
import { GraphStoreError } from "../errors.ts";
import type { ReadQueryResult, ResultValue } from "../port.ts";
import type { ReadQueryRequest } from "../store-requests.ts";
import { toGraphStoreError } from "./server-errors.ts";
import { ENTITY_IDS_BY_ELEMENT_ID } from "./statements.ts";
import type { Neo4jStoreContext } from "./store-context.ts";
import { collectElementIds, toDriverParameters, toJsonValue, toResultValue } from "./values.ts";

/**
 * The text used to ask the server for the statement's type: the statement behind EXPLAIN. A
 * leading PROFILE is swapped for EXPLAIN (same length, so reported columns stay right); otherwise
 * "EXPLAIN " is put in front and its length taken off columns the server reports on line 1.
 */
export function explainText(statement: string): { text: string; firstLineShift: number; asked?: "EXPLAIN" | "PROFILE" } {
  const first = tokenizeCypher(statement)[0];
  const word = first?.kind === "word" ? first.text.toUpperCase() : "";
  if (word === "EXPLAIN") return { text: statement, firstLineShift: 0, asked: "EXPLAIN" };
  if (word === "PROFILE" && first) {
    return { text: `${statement.slice(0, first.offset)}EXPLAIN${statement.slice(first.offset + first.text.length)}`, firstLineShift: 0, asked: "PROFILE" };
  }
  return { text: `EXPLAIN ${statement}`, firstLineShift: "EXPLAIN ".length };
}

interface PlanStep {
  readonly operatorType: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly children: readonly PlanStep[];
  readonly rows?: number;
  readonly dbHits?: number;
}

/**
 * A plan as rows, one per operator from the top down, the operator indented by its depth: what
 * Neo4j Browser draws as a tree, in a form a table, the CLI and JSON can all show.
 */
export function planRows(plan: unknown, profiled: boolean): { columns: string[]; rows: ResultValue[][] } {
  const columns = profiled ? ["operator", "details", "estimatedRows", "rows", "dbHits"] : ["operator", "details", "estimatedRows"];
  const rows: ResultValue[][] = [];
  const visit = (step: PlanStep, depth: number) => {
    const args = step.arguments ?? {};
    const operator = `${"  ".repeat(depth)}${step.operatorType.replace(/@.*$/, "")}`;
    const details = typeof args["Details"] === "string" ? args["Details"] : "";
    const estimated = Number(toJsonValue(args["EstimatedRows"]) ?? 0);
    const row: ResultValue[] = [operator, details, Math.round(estimated * 100) / 100];
    if (profiled) row.push(Number(step.rows ?? 0), Number(step.dbHits ?? 0));
    rows.push(row);
    for (const child of step.children) visit(child, depth + 1);
  };
  if (plan && typeof plan === "object" && "operatorType" in plan) visit(plan as PlanStep, 0);
  return { columns, rows };
}

/**
 * A read-only statement a person wrote, on Neo4j: refused unless the server's own reading of it
 * (the query type of its EXPLAIN) is read-only, then run in a read transaction with the timeout
 * given to the server.
 */
export function runReadQuery(ctx: Neo4jStoreContext, request: ReadQueryRequest): Promise<ReadQueryResult> {
  const { statement, params, timeoutMs, rowLimit } = request;
  // The server is given the canonical spelling only, so it parses the tokens the check read.
  const text = canonicalCypherText(statement);
  const parameters = toDriverParameters(params);
  const explain = explainText(text);
  return ctx.read(async (tx) => {
    let queryType: string;
    try {
      queryType = (await tx.run(explain.text, parameters)).summary.queryType;
    } catch (error) {
      // Only errors about the text are translated here; others go back to the driver, which may retry them.
      if ((error as { code?: unknown }).code === "Neo.ClientError.Statement.SyntaxError") {
        throw toGraphStoreError(error, { location: ctx.location, firstLineShift: explain.firstLineShift });
      }
      throw error;
    }
    // The server's own reading of the statement: "r" is read-only; "rw", "w" and "s" (schema) are refused.
    if (queryType !== "r") {
      throw new GraphStoreError("CYPHER_WRITE_REFUSED", "This statement can change the graph; queries here are read-only.");
    }
    const started = performance.now();
    const result = tx.run(text, parameters);
    if (explain.asked) {
      // EXPLAIN and PROFILE return no records from Neo4j; the plan itself is the answer.
      const summary = await result.summary();
      const plan = planRows(explain.asked === "PROFILE" ? summary.profile : summary.plan, explain.asked === "PROFILE");
      const elapsedMs = Math.round((performance.now() - started) * 100) / 100;
      return { columns: plan.columns, rows: plan.rows.slice(0, rowLimit), truncated: plan.rows.length > rowLimit, elapsedMs, backend: "neo4j" as const };
    }
    const columns = await result.keys();
    const rawRows: unknown[][] = [];
    let truncated = false;
    for await (const record of result) {
      if (rawRows.length === rowLimit) {
        truncated = true;
        break;
      }
      rawRows.push(columns.map((column) => record.get(column)));
    }
    const known = new Map<string, string>();
    const wanted = new Set<string>();
    collectElementIds(rawRows, known, wanted);
    const missing = [...wanted].filter((elementId) => !known.has(elementId));
    if (missing.length > 0) {
      const ends = await tx.run(ENTITY_IDS_BY_ELEMENT_ID, { elementIds: missing });
      for (const record of ends.records) {
        const id = toJsonValue(record.get("id"));
        known.set(String(record.get("elementId")), id === null ? "" : String(id));
      }
    }
    const rows = rawRows.map((row) => row.map((value) => toResultValue(value, known)));
    const elapsedMs = Math.round((performance.now() - started) * 100) / 100;
    return { columns, rows, truncated, elapsedMs, backend: "neo4j" as const };
  }, timeoutMs);
}
