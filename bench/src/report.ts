/**
 * One line of the benchmark table. `value` and `baseline` are numbers in `unit`, so the JSON file
 * can be compared across runs; `shown` is what a person reads in the table.
 */
export interface BenchRow {
  readonly name: string;
  /** What was measured against what, in one phrase. */
  readonly how: string;
  readonly value: number | null;
  readonly unit: string;
  readonly shown: string;
  readonly baseline: number | null;
  readonly baselineShown: string;
  /** measured ÷ baseline, or the ratio the target speaks about; null when there is no baseline. */
  readonly ratio: number | null;
  readonly target: string;
  /** null when the row could not be measured (then `shown` says why). */
  readonly met: boolean | null;
  /** Extra figures behind the row (percentiles, counts), kept in the JSON. */
  readonly details?: Readonly<Record<string, unknown>>;
  /**
   * The same measurement on Neo4j, the server a user would pick instead, in the same run and on
   * the same graph; absent for rows that do not touch the store (rendering, page weight).
   */
  readonly neo4j?: PeerFigure;
}

/** One row's figure on the peer backend. */
export interface PeerFigure {
  readonly value: number | null;
  readonly shown: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The peer's figure of `row`, keeping only what the table and the JSON need. */
export function asPeer(row: BenchRow): PeerFigure {
  return { value: row.value, shown: row.shown, ...(row.details ? { details: row.details } : {}) };
}

/** Puts each peer row's figure beside the Kùzu row of the same name (the same code makes both). */
export function withPeer(rows: readonly BenchRow[], peerRows: readonly BenchRow[]): BenchRow[] {
  return rows.map((row) => {
    const peer = peerRows.find((candidate) => candidate.name === row.name);
    return { ...row, neo4j: peer ? asPeer(peer) : { value: null, shown: "not measured: no such row on Neo4j" } };
  });
}

export interface BenchReport {
  readonly size: string;
  readonly relationships: number;
  readonly entities: number;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly os: string; readonly memoryGiB: number };
  readonly rows: readonly BenchRow[];
}

export function formatNumber(value: number, digits = 1): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(digits).replace(/\.0+$/, "");
}

export function formatRatio(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? "—" : `${ratio.toFixed(2)}×`;
}

function verdict(row: BenchRow): string {
  if (row.met === null) return "not measured";
  return row.met ? "met" : "MISSED";
}

/** The table as Markdown, so the same text reads in a terminal and in the README. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ["what", "measured (Kùzu)", "baseline (same run)", "ratio", "target", "result", "Neo4j 5.26 (same run)"];
  const body = rows.map((row) => [row.name, row.shown, row.baselineShown, formatRatio(row.ratio), row.target, verdict(row), row.neo4j?.shown ?? "—"]);
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  const lines = [header, header.map(() => "---"), ...body].map((cells) => `| ${cells.map(escape).join(" | ")} |`);
  return lines.join("\n");
}

/** A row for something that could not be measured in this run, saying why in plain words. */
export function notMeasured(name: string, how: string, target: string, reason: string): BenchRow {
  return { name, how, value: null, unit: "", shown: `not measured: ${reason}`, baseline: null, baselineShown: "—", ratio: null, target, met: null };
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function ms(value: number): string {
  return `${formatNumber(value, value < 10 ? 2 : 1)} ms`;
}
