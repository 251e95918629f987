import { NotebookFormatError, notebookToIpynbText, notebookToText, parseNotebookText, type CellKind } from "@kgx/notebook";
import { NotebookNotFoundError, type NotebookDirectory, type StoredNotebook } from "@kgx/notebook/directory";
import { GraphQLError } from "graphql";
import type { GraphqlContext } from "./context.ts";
import { badUserInput } from "./errors.ts";

/**
 * Resolvers of the notebook fields. Notebooks are the user's own documents, so they need no write
 * token; the directory validates every notebook (shape, size) before it replaces a file.
 */

type GraphqlCellKind = "MARKDOWN" | "CYPHER" | "GRAPHQL";

interface NotebookCellInput {
  readonly id: string;
  readonly kind: GraphqlCellKind;
  readonly source: string;
  readonly result?: unknown;
}

interface NotebookInput {
  readonly title: string;
  readonly params?: unknown;
  readonly cells: readonly NotebookCellInput[];
}

function directoryOf(ctx: GraphqlContext): NotebookDirectory {
  if (!ctx.settings.notebooks) {
    throw new GraphQLError("Notebooks are not available: the server has no notebook directory.", { extensions: { code: "STORE_UNAVAILABLE" } });
  }
  return ctx.settings.notebooks;
}

/** Directory errors as the API's codes: a missing notebook is NOT_FOUND, an invalid one BAD_USER_INPUT naming the field. */
async function mapped<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotebookNotFoundError) throw new GraphQLError(error.message, { extensions: { code: "NOT_FOUND" } });
    if (error instanceof NotebookFormatError) throw badUserInput(field, error.message, error.line !== undefined ? { line: error.line } : {});
    throw error;
  }
}

function fromInput(input: NotebookInput): unknown {
  return {
    title: input.title,
    params: input.params ?? {},
    cells: input.cells.map((cell) => ({
      id: cell.id,
      kind: cell.kind.toLowerCase() as CellKind,
      source: cell.source,
      ...(cell.result === null || cell.result === undefined ? {} : { result: cell.result }),
    })),
  };
}

export const notebookQueryResolvers = {
  notebooks: (_root: unknown, _args: unknown, ctx: GraphqlContext) => directoryOf(ctx).list(),
  async notebook(_root: unknown, args: { id: string }, ctx: GraphqlContext): Promise<StoredNotebook | null> {
    try {
      return await directoryOf(ctx).get(args.id);
    } catch (error) {
      if (error instanceof NotebookNotFoundError) return null;
      throw error;
    }
  },
};

export const notebookMutationResolvers = {
  createNotebook: (_root: unknown, args: { title: string }, ctx: GraphqlContext) =>
    mapped("title", () => directoryOf(ctx).create({ title: args.title, params: {}, cells: [{ id: "cell-1", kind: "cypher", source: "" }] })),
  importNotebook: (_root: unknown, args: { text: string }, ctx: GraphqlContext) =>
    mapped("text", () => {
      const directory = directoryOf(ctx);
      return directory.create(parseNotebookText(args.text));
    }),
  saveNotebook: (_root: unknown, args: { id: string; notebook: NotebookInput }, ctx: GraphqlContext) =>
    mapped("notebook", async () => {
      const directory = directoryOf(ctx);
      // Saving is for notebooks that exist; an unknown id is a mistake, not a way to create one.
      await directory.get(args.id);
      return directory.save(args.id, fromInput(args.notebook));
    }),
  renameNotebook: (_root: unknown, args: { id: string; title: string }, ctx: GraphqlContext) => mapped("title", () => directoryOf(ctx).rename(args.id, args.title)),
  duplicateNotebook: (_root: unknown, args: { id: string }, ctx: GraphqlContext) => mapped("id", () => directoryOf(ctx).duplicate(args.id)),
  deleteNotebook: (_root: unknown, args: { id: string }, ctx: GraphqlContext) => directoryOf(ctx).delete(args.id),
};

export const notebookTypeResolvers = {
  Notebook: {
    text: (notebook: StoredNotebook) => notebookToText(notebook),
    ipynb: (notebook: StoredNotebook) => notebookToIpynbText(notebook),
  },
  NotebookCell: {
    kind: (cell: { kind: CellKind }) => cell.kind.toUpperCase(),
    result: (cell: { result?: unknown }) => cell.result ?? null,
  },
};
