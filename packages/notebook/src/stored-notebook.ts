import { parseNotebook, type Notebook } from "./notebook.ts";

/** A notebook as a file of the directory: its id, what the file holds, and how the list shows it. */

/** Ids become file names: lowercase slugs only, so no id can name a path outside the directory. */
export const NOTEBOOK_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

export interface StoredNotebook extends Notebook {
  readonly id: string;
  readonly updatedAt: string;
  /** One of the notebooks that ship with kgx: it can be read, run and duplicated, never changed. */
  readonly shipped: boolean;
}

export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly cellCount: number;
  readonly updatedAt: string;
  readonly shipped: boolean;
}

export function slugOf(title: string): string {
  const slug = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "notebook" : slug;
}

export function shippedIdOf(file: string): string {
  return slugOf(file.replace(/\.cypher$/, "").replace(/^\d+-/, ""));
}

/** What a notebook file holds. `shipped` is written only for the shipped notebooks. */
export function fileText(stored: StoredNotebook): string {
  const { shipped, ...rest } = stored;
  return JSON.stringify(shipped ? { ...rest, shipped: true } : rest, null, 2);
}

export function storedOf(id: string, raw: Record<string, unknown>): StoredNotebook {
  const notebook = parseNotebook(raw);
  return { id, updatedAt: typeof raw["updatedAt"] === "string" ? raw["updatedAt"] : new Date(0).toISOString(), ...notebook, shipped: raw["shipped"] === true };
}

export function summaryOf(stored: StoredNotebook): NotebookSummary {
  return { id: stored.id, title: stored.title, cellCount: stored.cells.length, updatedAt: stored.updatedAt, shipped: stored.shipped };
}

/** The same notebook apart from last results: how a shipped notebook is recognised in a directory made before files were marked. */
export function sameContent(a: Notebook, b: Notebook): boolean {
  const content = (n: Notebook) => JSON.stringify({ title: n.title, params: n.params, cells: n.cells.map((c) => [c.id, c.kind, c.source]) });
  return content(a) === content(b);
}
