import { GraphStoreError, formatLocation, type InputLocation } from "@kgx/graph-store";

/** One thing wrong with an import file, located as precisely as the format allows. */
export interface ImportProblem {
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
  readonly message: string;
}

/** How many problems one error message lists before it says "and N more". */
export const DEFAULT_MAX_REPORTED_PROBLEMS = 50;

/**
 * Problems are kept up to this many so that a large file that is wrong on every line cannot
 * exhaust memory; the total is still counted.
 */
const MAX_KEPT_PROBLEMS = 10_000;

/** Gathers every problem in a file so that one error can list them all. */
export class ProblemList {
  private readonly kept: ImportProblem[] = [];
  private total = 0;

  add(problem: ImportProblem): void {
    this.total++;
    if (this.kept.length < MAX_KEPT_PROBLEMS) this.kept.push(problem);
  }

  get count(): number {
    return this.total;
  }

  /** Throws one INVALID_INPUT error listing the problems in file order, if there are any. */
  throwIfAny(file: string, maxReported: number = DEFAULT_MAX_REPORTED_PROBLEMS): void {
    if (this.total > 0) throw invalidImport(file, this.kept, maxReported, this.total);
  }
}

/**
 * The error for a file that cannot be imported. Each problem becomes one `file:line: field "x": message`
 * line, the form terminals and editors turn into links; `location` is the first problem's.
 */
export function invalidImport(
  file: string,
  problems: readonly ImportProblem[],
  maxReported: number = DEFAULT_MAX_REPORTED_PROBLEMS,
  total: number = problems.length,
): GraphStoreError {
  const ordered = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const first = ordered[0];
  const locate = (p: ImportProblem): InputLocation => ({
    file,
    ...(p.line === undefined ? {} : { line: p.line }),
    ...(p.column === undefined ? {} : { column: p.column }),
    ...(p.field === undefined ? {} : { field: p.field }),
  });
  const lines = ordered.slice(0, Math.max(1, maxReported)).map((p) => `${formatLocation(locate(p))}: ${p.message}`);
  if (total > lines.length) lines.push(`… and ${total - lines.length} more`);
  const message = total === 1 ? (lines[0] as string) : [`${file}: ${total} problems`, ...lines].join("\n");
  return new GraphStoreError("INVALID_INPUT", message, { location: first ? locate(first) : { file } });
}

/** A short, unambiguous rendering of a value a person wrote, for messages. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
