/** What a notebook directory refuses, each a class of its own so the API can give each its code. */

/** A notebook id that names no notebook. */
export class NotebookNotFoundError extends Error {
  override readonly name = "NotebookNotFoundError";
  constructor(readonly id: string) {
    super(`There is no notebook "${id}".`);
  }
}

/** A change to a shipped notebook, which stays as it shipped for every reader. */
export class NotebookReadOnlyError extends Error {
  override readonly name = "NotebookReadOnlyError";
  constructor(
    readonly id: string,
    title: string,
  ) {
    super(`"${title}" is a notebook that ships with kgx and cannot be changed or deleted; duplicate it to edit a copy of your own.`);
  }
}

/** A write that would take the directory over one of its limits; nothing was written. */
export class NotebookLimitError extends Error {
  override readonly name = "NotebookLimitError";
  constructor(
    message: string,
    readonly limit: "count" | "bytes",
    readonly max: number,
  ) {
    super(message);
  }
}
