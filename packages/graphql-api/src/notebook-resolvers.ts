import { NotebookFormatError, notebookToIpynbText, notebookToText, parseNotebookText, type CellKind } from "@kgx/notebook";
import {
  NotebookLimitError,
  NotebookNotFoundError,
  NotebookReadOnlyError,
  type NotebookDirectory,
  type NotebookSummary,
  type StoredNotebook,
} from "@kgx/notebook/directory";
import { GraphQLError } from "graphql";
import type { GraphqlContext } from "./context.ts";
import { badUserInput, unauthenticated } from "./errors.ts";

/**
 * Resolvers of the notebook fields. Reading needs nothing. Changing a notebook needs the write
 * token when the server has one, like changing the graph; a server started without one keeps its
 * notebooks open to everyone who can reach it, as they were before there was a token. The
 * directory validates every notebook (shape, size, the directory's limits) and keeps the shipped
 * notebooks as they shipped.
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

/** The same check as the graph's mutations (context.ts), asked only when the server has a token. */
function requireNotebookWriteAccess(ctx: GraphqlContext): void {
  const tokenConfigured = Boolean(ctx.settings.writeToken || ctx.settings.writeTokenSha256);
  if (tokenConfigured && ctx.writeRefusal) throw unauthenticated(ctx.writeRefusal.replace(/^Changing the graph /, "Changing notebooks "));
}

/**
 * Directory errors as the API's codes: a missing notebook is NOT_FOUND, an invalid one
 * BAD_USER_INPUT naming the field, a shipped one NOTEBOOK_READ_ONLY, one over the directory's
 * limits NOTEBOOK_LIMIT_EXCEEDED. The write access is checked first, so a caller without it
 * learns nothing about the notebooks.
 */
async function mapped<T>(ctx: GraphqlContext, field: string, work: () => Promise<T>): Promise<T> {
  requireNotebookWriteAccess(ctx);
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotebookNotFoundError) throw new GraphQLError(error.message, { extensions: { code: "NOT_FOUND" } });
    if (error instanceof NotebookReadOnlyError) throw new GraphQLError(error.message, { extensions: { code: "NOTEBOOK_READ_ONLY", id: error.id } });
    if (error instanceof NotebookLimitError) {
      throw new GraphQLError(error.message, {
        extensions: { code: "NOTEBOOK_LIMIT_EXCEEDED", limit: error.limit === "count" ? "KGX_NOTEBOOK_MAX_COUNT" : "KGX_NOTEBOOK_MAX_BYTES", max: error.max },
      });
    }
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
    mapped(ctx, "title", () => directoryOf(ctx).create({ title: args.title, params: {}, cells: [{ id: "cell-1", kind: "cypher", source: "" }] })),
  importNotebook: (_root: unknown, args: { text: string }, ctx: GraphqlContext) =>
    mapped(ctx, "text", () => {
      const directory = directoryOf(ctx);
      return directory.create(parseNotebookText(args.text));
    }),
  // Saving is for notebooks that exist; an unknown id is a mistake, not a way to create one (the directory refuses it).
  saveNotebook: (_root: unknown, args: { id: string; notebook: NotebookInput }, ctx: GraphqlContext) =>
    mapped(ctx, "notebook", () => directoryOf(ctx).save(args.id, fromInput(args.notebook))),
  renameNotebook: (_root: unknown, args: { id: string; title: string }, ctx: GraphqlContext) =>
    mapped(ctx, "title", () => directoryOf(ctx).rename(args.id, args.title)),
  duplicateNotebook: (_root: unknown, args: { id: string }, ctx: GraphqlContext) => mapped(ctx, "id", () => directoryOf(ctx).duplicate(args.id)),
  deleteNotebook: (_root: unknown, args: { id: string }, ctx: GraphqlContext) => mapped(ctx, "id", () => directoryOf(ctx).delete(args.id)),
};

export const notebookTypeResolvers = {
  Notebook: {
    readOnly: (notebook: StoredNotebook) => notebook.shipped,
    text: (notebook: StoredNotebook) => notebookToText(notebook),
    ipynb: (notebook: StoredNotebook) => notebookToIpynbText(notebook),
  },
  NotebookSummary: {
    readOnly: (summary: NotebookSummary) => summary.shipped,
  },
  NotebookCell: {
    kind: (cell: { kind: CellKind }) => cell.kind.toUpperCase(),
    result: (cell: { result?: unknown }) => cell.result ?? null,
  },
};
