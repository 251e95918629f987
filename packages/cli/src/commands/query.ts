import type { CliIo } from "../io.ts";
import { renderTable } from "../table.ts";
import { parseCommandArgs, STORE_HELP, STORE_OPTIONS, UsageError, withStore } from "./shared.ts";

export const QUERY_HELP = `Usage: kgx query [options] "CYPHER"

Runs one read-only Cypher statement and prints the rows as a table.

Options:
  --param name=value       a parameter ($name); the value is read as JSON, else as text (repeatable)
  --params JSON            all parameters as one JSON object
  --limit N                at most N rows (default 1000)
  --timeout MS             stop the query after MS milliseconds (default 10000)
  --json                   print {columns, rows, truncated, elapsedMs, backend} as JSON
${STORE_HELP}

Example:
  kgx query "MATCH (p:Person)-[r:LEADS|WORKS_AT]->(o:Organization) RETURN p.name, r.role, o.name"`;

function parseParams(single: string[] | undefined, all: string | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (all !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(all);
    } catch (error) {
      throw new UsageError(`--params is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UsageError("--params must be a JSON object");
    Object.assign(params, parsed);
  }
  for (const entry of single ?? []) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param expects name=value, got "${entry}"`);
    const text = entry.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    params[entry.slice(0, eq)] = value;
  }
  return params;
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} expects a positive whole number, got "${text}"`);
  return n;
}

export async function queryCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      ...STORE_OPTIONS,
      param: { type: "string", multiple: true },
      params: { type: "string" },
      limit: { type: "string" },
      timeout: { type: "string" },
      json: { type: "boolean" },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(`${QUERY_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`kgx query takes one Cypher statement in quotes (got ${positionals.length} arguments)`);
  const statement = positionals[0] as string;
  const params = parseParams(values.param, values.params);
  const rowLimit = positiveInt(values.limit, "--limit");
  const timeoutMs = positiveInt(values.timeout, "--timeout");
  return withStore(io, values, async (store) => {
    const result = await store.runReadQuery(statement, params, {
      ...(rowLimit !== undefined ? { rowLimit } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    if (values.json) {
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    io.stdout.write(`${renderTable(result.columns, result.rows)}\n`);
    const note = result.truncated ? ` (truncated at ${result.rows.length}; use --limit)` : "";
    io.log(`${result.rows.length} row${result.rows.length === 1 ? "" : "s"}${note} in ${result.elapsedMs} ms on ${result.backend}`);
    return 0;
  });
}
