import { isEntityTypeName } from "@kgx/domain";
import type { KuzuValue } from "kuzu";
import { returnColumnNames } from "../cypher-columns.ts";
import { canonicalCypherText } from "../cypher-text.ts";
import { GraphStoreError } from "../errors.ts";
import type { ReadQueryResult, ResultValue } from "../port.ts";
import type { ReadQueryRequest } from "../store-requests.ts";
import { checkKnownKuzuCrashes } from "./kuzu-crash-guard.ts";
import { checkEmbeddedParams, mapKuzuError } from "./kuzu-errors.ts";
import type { KuzuRow, KuzuSession } from "./kuzu-handle.ts";
import { checkKuzuReadPlan, parseKuzuPlan } from "./kuzu-read-plan.ts";
import { kuzuSpelling, neo4jHabitHint, refuseSizeOfPattern } from "./neo4j-habits.ts";
import * as cypher from "./statements.ts";
import type { KuzuStoreContext } from "./store-context.ts";
import { collectNodes, toResultValue, unresolvedEndpoints, type EndpointIndex, type KuzuInternalId } from "./values.ts";

/**
 * A read-only statement a person wrote, on Kùzu. Kùzu's read-only mode is not a sandbox, so the
 * statement passes three layers: the lexical check (cypher-text.ts), the plan check (every
 * operator of its EXPLAIN only reads) and a read-only transaction; it runs on a connection of
 * its own with the timeout set from outside the text.
 */
export async function runReadQuery(ctx: KuzuStoreContext, request: ReadQueryRequest): Promise<ReadQueryResult> {
  const { statement, params } = request;
  refuseSizeOfPattern(statement);
  // From here on only the canonical spelling is used, so Kùzu parses the tokens the check read;
  // Neo4j habits with an exact Kùzu equivalent (type(r), db.labels()) are respelled first.
  const text = kuzuSpelling(canonicalCypherText(statement));
  if (ctx.refuseKnownCrashes) checkKnownKuzuCrashes(text);
  checkEmbeddedParams(params);
  const started = performance.now();
  return ctx.handle.userQuery(async (session) => {
    try {
      return await runUserStatement(ctx, session, text, request, started);
    } catch (error) {
      throw withNeo4jHabitHint(error, statement);
    }
  });
}

async function runUserStatement(
  ctx: KuzuStoreContext,
  session: KuzuSession,
  text: string,
  request: ReadQueryRequest,
  started: number,
): Promise<ReadQueryResult> {
  const { statement, params, timeoutMs, rowLimit } = request;
  const connection = session.connection;
  // The timeout is set on the connection from outside the text, so the statement cannot lift it.
  connection.setQueryTimeout(timeoutMs);
  await checkPlanIsRead(session, text, params);
  // The read-only transaction is one more layer under the lexical check and the plan check.
  await session.all("BEGIN TRANSACTION READ ONLY");
  let committed = false;
  try {
    const prepared = await connection.prepare(text);
    if (!prepared.isSuccess()) throw mapKuzuError(new Error(prepared.getErrorMessage()));
    const raw = await connection.execute(prepared, params as Record<string, KuzuValue>);
    const results = Array.isArray(raw) ? raw : [raw];
    const rawRows: KuzuRow[] = [];
    let columns: string[] = [];
    let truncated = false;
    try {
      const result = results[0];
      if (result) {
        columns = await result.getColumnNames();
        while (result.hasNext()) {
          if (rawRows.length >= rowLimit) {
            truncated = true;
            break;
          }
          const row = await result.getNext();
          if (row) rawRows.push(row);
        }
      }
    } finally {
      for (const result of results) result.close();
    }
    await session.all("COMMIT");
    committed = true;
    const index: EndpointIndex = new Map();
    collectNodes(rawRows, index);
    await resolveEndpoints(ctx, session, rawRows, index);
    const rows: ResultValue[][] = rawRows.map((row) => columns.map((c) => toResultValue(row[c], index)));
    // Columns named as the user wrote them (and as Neo4j names them), not after Kùzu's internal form.
    const written = returnColumnNames(statement);
    const shown = written && written.length === columns.length ? written : columns;
    return { columns: shown, rows, truncated, elapsedMs: Math.round((performance.now() - started) * 100) / 100, backend: "embedded" as const };
  } catch (error) {
    throw mapKuzuError(error);
  } finally {
    if (!committed) await session.all("ROLLBACK").catch(() => undefined);
  }
}

/**
 * Plans the statement with EXPLAIN and refuses it unless every operator only reads (see
 * kuzu-read-plan.ts). A statement the person wrote as EXPLAIN or PROFILE is planned without that
 * word. The plan is asked for on its own line, so Kùzu's line numbers in errors are one too high.
 */
async function checkPlanIsRead(session: KuzuSession, text: string, params: Readonly<Record<string, unknown>>): Promise<void> {
  const body = text.replace(/^(\s*)(EXPLAIN|PROFILE)\b/i, (_whole, space: string, word: string) => space + " ".repeat(word.length));
  let explained: string;
  try {
    const prepared = await session.connection.prepare(`EXPLAIN\n${body}`);
    if (!prepared.isSuccess()) throw new Error(prepared.getErrorMessage());
    const raw = await session.connection.execute(prepared, params as Record<string, KuzuValue>);
    const results = Array.isArray(raw) ? raw : [raw];
    try {
      const rows = results[0] ? await results[0].getAll() : [];
      explained = rows.map((row) => String(Object.values(row)[0] ?? "")).join("\n");
    } finally {
      for (const result of results) result.close();
    }
  } catch (error) {
    const mapped = mapKuzuError(error);
    const location = mapped.location;
    if (location?.line !== undefined && location.line > 1) {
      throw new GraphStoreError(
        mapped.code,
        mapped.message.replace(/\(line: (\d+),/, (_m, n: string) => `(line: ${Number(n) - 1},`),
        {
          cause: error,
          location: { ...location, line: location.line - 1 },
        },
      );
    }
    throw mapped;
  }
  checkKuzuReadPlan(parseKuzuPlan(explained));
}

/** Relationships returned without their end nodes still name them by entity id: look the ids up by internal id. */
async function resolveEndpoints(ctx: KuzuStoreContext, session: KuzuSession, rows: unknown, index: EndpointIndex): Promise<void> {
  const missing = new Map<string, KuzuInternalId>();
  unresolvedEndpoints(rows, index, missing);
  if (missing.size === 0) return;
  ctx.tableNames ??= new Map((await session.all(cypher.TABLE_IDS)).map((r) => [Number(r["id"]), String(r["name"])]));
  const byTable = new Map<number, number[]>();
  for (const id of missing.values()) byTable.set(id.table, [...(byTable.get(id.table) ?? []), id.offset]);
  for (const [table, offsets] of byTable) {
    const name = ctx.tableNames.get(table);
    if (!name || !isEntityTypeName(name)) continue;
    for (const row of await session.all(cypher.nodesByOffsets(name), { offsets })) {
      index.set(`${table}:${Number(row["offset"])}`, String(row["id"]));
    }
  }
}

/** A syntax error on a Neo4j-only construct, with what to write on the embedded store instead. */
function withNeo4jHabitHint(error: unknown, statement: string): unknown {
  if (!(error instanceof GraphStoreError) || error.code !== "CYPHER_SYNTAX") return error;
  const hint = neo4jHabitHint(statement);
  if (!hint) return error;
  return new GraphStoreError("CYPHER_SYNTAX", `${error.message} ${hint}`, { cause: error, ...(error.location ? { location: error.location } : {}) });
}
