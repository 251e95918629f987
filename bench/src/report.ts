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
  const header = ["what", "measured", "baseline (same run)", "ratio", "target", "result"];
  const body = rows.map((row) => [row.name, row.shown, row.baselineShown, formatRatio(row.ratio), row.target, verdict(row)]);
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
