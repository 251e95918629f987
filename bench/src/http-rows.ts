import { ms, percentile, type BenchRow } from "./report.ts";
import { postGraphql } from "./api-process.ts";

/** The rows measured over HTTP against the real API process. */

export const NEIGHBORHOOD_QUERY = `query Expand($id: ID!) {
  neighborhood(id: $id, depth: 1, limit: 100) {
    totalNeighbors truncated
    nodes { id name type }
    edges { id type source target claim }
  }
}`;

export const SEARCH_QUERY = `query Search($q: String!) { search(query: $q, first: 10) { id name nameJa type } }`;

interface Timed {
  readonly samples: number[];
  readonly errors: number;
  readonly firstError?: string;
}

async function timeSequential(url: string, query: string, variables: readonly Record<string, unknown>[]): Promise<Timed> {
  // A short warm-up: the first requests pay for JIT and Kùzu's statement preparation.
  for (const v of variables.slice(0, 10)) await postGraphql(url, query, v);
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  for (const v of variables) {
    const result = await postGraphql(url, query, v);
    if (!result.ok) {
      errors++;
      firstError ??= JSON.stringify(result.body.errors ?? result.status).slice(0, 300);
    }
    samples.push(result.ms);
  }
  return { samples, errors, ...(firstError ? { firstError } : {}) };
}

export async function expandRow(url: string, ids: readonly string[], rawSamples: readonly number[], maxMs: number): Promise<BenchRow> {
  const timed = await timeSequential(
    url,
    NEIGHBORHOOD_QUERY,
    ids.map((id) => ({ id })),
  );
  const p50 = percentile(timed.samples, 50);
  const p95 = percentile(timed.samples, 95);
  const p99 = percentile(timed.samples, 99);
  const rawP95 = percentile(rawSamples, 95);
  const ratio = p95 / rawP95;
  return {
    name: `expand a node (${ids.length} ids)`,
    how: "neighborhood(depth 1, limit 100) over HTTP vs the same Cypher as raw prepared Kùzu statements in-process",
    value: p95,
    unit: "ms (p95)",
    shown: `p50 ${ms(p50)} · p95 ${ms(p95)} · p99 ${ms(p99)}${timed.errors ? ` · ${timed.errors} errors` : ""}`,
    baseline: rawP95,
    baselineShown: `raw p50 ${ms(percentile(rawSamples, 50))} · p95 ${ms(rawP95)} · p99 ${ms(percentile(rawSamples, 99))}`,
    ratio,
    target: `p95 ≤ 1.5× raw and ≤ ${maxMs} ms`,
    met: timed.errors === 0 && ratio <= 1.5 && p95 <= maxMs,
    details: {
      p50,
      p95,
      p99,
      rawP50: percentile(rawSamples, 50),
      rawP95,
      rawP99: percentile(rawSamples, 99),
      errors: timed.errors,
      firstError: timed.firstError,
    },
  };
}

export async function searchRow(url: string, prefixes: readonly string[], maxMs: number): Promise<BenchRow> {
  const timed = await timeSequential(
    url,
    SEARCH_QUERY,
    prefixes.map((q) => ({ q })),
  );
  const p50 = percentile(timed.samples, 50);
  const p95 = percentile(timed.samples, 95);
  return {
    name: `search (${prefixes.length} prefixes, en + ja)`,
    how: "search(query, first 10) over HTTP, one client",
    value: p95,
    unit: "ms (p95)",
    shown: `p50 ${ms(p50)} · p95 ${ms(p95)}${timed.errors ? ` · ${timed.errors} errors` : ""}`,
    baseline: null,
    baselineShown: "—",
    ratio: null,
    target: `p95 ≤ ${maxMs} ms`,
    met: timed.errors === 0 && p95 <= maxMs,
    details: { p50, p95, p99: percentile(timed.samples, 99), errors: timed.errors, firstError: timed.firstError },
  };
}

/** Alternating search and expand requests, the explorer's traffic. */
function mixedRequest(i: number, ids: readonly string[], prefixes: readonly string[]): [string, Record<string, unknown>] {
  return i % 2 === 0 ? [SEARCH_QUERY, { q: prefixes[(i >> 1) % prefixes.length] }] : [NEIGHBORHOOD_QUERY, { id: ids[(i >> 1) % ids.length] }];
}

/**
 * Load: `connections` clients, each with one request in flight at a time on its own keep-alive
 * connection, for `seconds`; compared with one client running the same mix.
 */
export async function loadRow(url: string, ids: readonly string[], prefixes: readonly string[], connections: number, seconds: number): Promise<BenchRow> {
  const single: number[] = [];
  for (let i = 0; i < 200; i++) {
    const [query, variables] = mixedRequest(i, ids, prefixes);
    single.push((await postGraphql(url, query, variables)).ms);
  }
  const singleP95 = percentile(single, 95);

  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const [query, variables] = mixedRequest(next++, ids, prefixes);
      const result = await postGraphql(url, query, variables);
      samples.push(result.ms);
      if (!result.ok) {
        errors++;
        firstError ??= JSON.stringify(result.body.errors ?? result.status).slice(0, 300);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - started) / 1000;
  const p95 = percentile(samples, 95);
  const ratio = p95 / singleP95;
  return {
    name: `under load (${connections} connections, ${seconds} s)`,
    how: "mixed search/neighborhood, p95 under load vs p95 of one client on the same mix",
    value: p95,
    unit: "ms (p95)",
    shown: `p95 ${ms(p95)} · ${samples.length} requests (${Math.round(samples.length / elapsed)}/s) · ${errors} errors`,
    baseline: singleP95,
    baselineShown: `one client p95 ${ms(singleP95)}`,
    ratio,
    target: "p95 ≤ 2× one client; zero errors",
    met: ratio <= 2 && errors === 0,
    details: {
      p50: percentile(samples, 50),
      p95,
      p99: percentile(samples, 99),
      requests: samples.length,
      requestsPerSecond: samples.length / elapsed,
      errors,
      firstError,
      singleP50: percentile(single, 50),
      singleP95,
    },
  };
}

/**
 * A Cypher that runs for far longer than a second on any graph with hubs (variable-length walks
 * multiply at every hub), sent with the server's timeout at 1 s; then an ordinary query must answer.
 */
export async function runawayRow(url: string, timeoutMs: number): Promise<BenchRow> {
  const statement = "MATCH (a)-[*1..8]-(b) RETURN count(*) AS walks";
  const heavy = await postGraphql(url, `query Heavy($s: String!) { cypher(statement: $s) { rows } }`, { s: statement });
  const code = heavy.body.errors?.[0]?.extensions?.["code"];
  const after = await postGraphql(url, SEARCH_QUERY, { q: "a" });
  const stopped = !heavy.ok && code === "QUERY_TIMEOUT";
  const limit = timeoutMs * 1.1;
  return {
    name: "runaway query",
    how: `"${statement}" through the cypher field, server timeout ${timeoutMs} ms; then a search`,
    value: heavy.ms,
    unit: "ms until the answer",
    shown: `${stopped ? "stopped" : heavy.ok ? "finished (not stopped)" : `failed (${String(code)})`} after ${ms(heavy.ms)}; next query ${after.ok ? `answered in ${ms(after.ms)}` : "FAILED"}`,
    baseline: timeoutMs,
    baselineShown: `timeout ${timeoutMs} ms`,
    ratio: heavy.ms / timeoutMs,
    target: `stopped by ${Math.round(limit)} ms; next query answers`,
    met: stopped && heavy.ms <= limit && after.ok,
    details: { elapsedMs: heavy.ms, code, nextOk: after.ok, nextMs: after.ms },
  };
}
