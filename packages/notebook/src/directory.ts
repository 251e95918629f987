import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { NotebookFormatError, parseNotebook, titleProblems, type Notebook } from "./notebook.ts";
import { parseNotebookText } from "./text-format.ts";

/**
 * Notebooks saved as one JSON file each in a directory (`KGX_NOTEBOOK_DIR`). They are the user's
 * own documents, not graph data, so they live beside the store rather than in it and work the same
 * on either backend.
 */

/** Ids become file names: lowercase slugs only, so no id can name a path outside the directory. */
export const NOTEBOOK_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

export interface StoredNotebook extends Notebook {
  readonly id: string;
  readonly updatedAt: string;
}

export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly cellCount: number;
  readonly updatedAt: string;
}

/** A notebook id that names no notebook. */
export class NotebookNotFoundError extends Error {
  override readonly name = "NotebookNotFoundError";
  constructor(readonly id: string) {
    super(`There is no notebook "${id}".`);
  }
}

function slugOf(title: string): string {
  const slug = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "notebook" : slug;
}

export class NotebookDirectory {
  constructor(readonly dir: string) {}

  private fileOf(id: string): string {
    if (!NOTEBOOK_ID.test(id)) throw new NotebookNotFoundError(id);
    return path.join(this.dir, `${id}.json`);
  }

  /**
   * Creates the directory on first use and fills it with the shipped notebooks (`*.cypher` in the
   * text form), once: a directory that exists is the user's, and notebooks they deleted stay deleted.
   * Returns the ids it added.
   */
  async initialise(shippedDir?: string): Promise<string[]> {
    const exists = await fs.stat(this.dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (exists) return [];
    // Seed into a sibling directory and rename it into place, so a crash mid-seed leaves no half-filled directory.
    const staging = `${this.dir}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.mkdir(staging, { recursive: true });
    const added: string[] = [];
    try {
      const files = shippedDir ? (await fs.readdir(shippedDir)).filter((f) => f.endsWith(".cypher")).sort() : [];
      for (const file of files) {
        const text = await fs.readFile(path.join(shippedDir as string, file), "utf8");
        let notebook: Notebook;
        try {
          notebook = parseNotebookText(text);
        } catch (error) {
          throw new NotebookFormatError(`${file}: ${(error as Error).message}`);
        }
        const id = slugOf(file.replace(/\.cypher$/, "").replace(/^\d+-/, ""));
        await fs.writeFile(path.join(staging, `${id}.json`), JSON.stringify({ id, updatedAt: new Date().toISOString(), ...notebook }, null, 2));
        added.push(id);
      }
      await fs.mkdir(path.dirname(this.dir), { recursive: true });
      await fs.rename(staging, this.dir);
    } catch (error) {
      await fs.rm(staging, { recursive: true, force: true });
      throw error;
    }
    return added;
  }

  async list(): Promise<NotebookSummary[]> {
    const files = await fs.readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as string[];
      throw error;
    });
    const summaries: NotebookSummary[] = [];
    for (const file of files) {
      const id = file.replace(/\.json$/, "");
      if (!file.endsWith(".json") || !NOTEBOOK_ID.test(id)) continue;
      const notebook = await this.get(id).catch(() => undefined);
      if (notebook) summaries.push({ id, title: notebook.title, cellCount: notebook.cells.length, updatedAt: notebook.updatedAt });
    }
    return summaries.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<StoredNotebook> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(id), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotebookNotFoundError(id);
      throw error;
    }
    const raw = JSON.parse(text) as Record<string, unknown>;
    const notebook = parseNotebook(raw);
    return { id, updatedAt: typeof raw["updatedAt"] === "string" ? raw["updatedAt"] : new Date(0).toISOString(), ...notebook };
  }

  /** Validates, then replaces the notebook's file in one step (temp file + rename), so a reader never sees half a file. */
  async save(id: string, value: unknown): Promise<StoredNotebook> {
    const file = this.fileOf(id);
    const notebook = parseNotebook(value);
    const stored: StoredNotebook = { id, updatedAt: new Date().toISOString(), ...notebook };
    await fs.mkdir(this.dir, { recursive: true });
    const temp = path.join(this.dir, `.${id}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await fs.writeFile(temp, JSON.stringify(stored, null, 2));
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    return stored;
  }

  /** A new notebook under an id made from its title (`-2`, `-3`… when taken). */
  async create(value: unknown): Promise<StoredNotebook> {
    const notebook = parseNotebook(value);
    const base = slugOf(notebook.title);
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const taken = await fs.stat(this.fileOf(id)).then(
        () => true,
        () => false,
      );
      if (!taken) return this.save(id, notebook);
    }
  }

  async rename(id: string, title: string): Promise<StoredNotebook> {
    const problems = titleProblems(title);
    if (problems.length > 0) throw new NotebookFormatError(problems.join("; "));
    const notebook = await this.get(id);
    return this.save(id, { ...notebook, title });
  }

  async duplicate(id: string): Promise<StoredNotebook> {
    const notebook = await this.get(id);
    const title = `${notebook.title} (copy)`.slice(0, 200);
    return this.create({ title, cells: notebook.cells, params: notebook.params });
  }

  /** True when there was a notebook to delete. */
  async delete(id: string): Promise<boolean> {
    try {
      await fs.unlink(this.fileOf(id));
      return true;
    } catch (error) {
      if (error instanceof NotebookNotFoundError || (error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }
}
