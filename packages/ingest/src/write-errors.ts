/**
 * Refusals of the write side of ingest (commit and removal), with codes the GraphQL API and the
 * CLI pass on. Each names the input field at fault (`input.relationships[2].to`), so a person can
 * find it. The analysis has its own errors (errors.ts).
 */
export const ARTICLE_WRITE_ERROR_CODES = ["INVALID_INPUT", "ARTICLE_TOO_LARGE", "ARTICLE_EXISTS", "NOT_FOUND"] as const;
export type ArticleWriteErrorCode = (typeof ARTICLE_WRITE_ERROR_CODES)[number];

export interface IngestProblem {
  readonly field: string;
  readonly message: string;
}

export class ArticleWriteError extends Error {
  override readonly name = "ArticleWriteError";
  readonly code: ArticleWriteErrorCode;
  /** The input field at fault, as a path from the operation's input: `input.article.text`. */
  readonly field: string | undefined;
  /** Every problem found, the first of which is the message; a person can fix them all in one go. */
  readonly problems: readonly IngestProblem[];
  /** For ARTICLE_EXISTS: the id of the Source already stored. */
  readonly sourceId: string | undefined;

  constructor(code: ArticleWriteErrorCode, message: string, options: { field?: string; problems?: readonly IngestProblem[]; sourceId?: string } = {}) {
    super(message);
    this.code = code;
    this.field = options.field;
    this.problems = options.problems ?? (options.field ? [{ field: options.field, message }] : []);
    this.sourceId = options.sourceId;
  }
}

export function isArticleWriteError(error: unknown): error is ArticleWriteError {
  return error instanceof ArticleWriteError;
}

/** Refuses with every problem; the first names the field in the message. */
export function refuseProblems(problems: readonly IngestProblem[]): never {
  const first = problems[0];
  if (!first) throw new Error("refuseProblems needs at least one problem");
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  throw new ArticleWriteError("INVALID_INPUT", `${first.field}: ${first.message}${more}`, { field: first.field, problems });
}
