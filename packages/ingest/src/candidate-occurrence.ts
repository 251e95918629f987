import type { EntityTypeName } from "@kgx/domain";

/** One place a candidate was found, before grouping. */
export interface CandidateOccurrence {
  readonly start: number;
  readonly end: number;
  readonly type: EntityTypeName;
  /** A capitalised word at the start of a sentence may be an ordinary word; it counts only beside a sure occurrence. */
  readonly weak?: boolean;
  /** The type is a guess from the number of words alone; any occurrence with a reason for its type outvotes it. */
  readonly guessed?: boolean;
}
