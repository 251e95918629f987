import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { NotebookLimitError, NotebookNotFoundError, NotebookReadOnlyError } from "./directory-errors.ts";
import { NotebookFormatError, parseNotebook, titleProblems, type Notebook } from "./notebook.ts";
import { fileText, NOTEBOOK_ID, sameContent, shippedIdOf, slugOf, storedOf, summaryOf, type NotebookSummary, type StoredNotebook } from "./stored-notebook.ts";
import { parseNotebookText } from "./text-format.ts";

/**
 * Notebooks saved as one JSON file each in a directory (`KGX_NOTEBOOK_DIR`). They are the user's
 * own documents, not graph data, so they live beside the store rather than in it and work the same
 * on either backend.
 *
 * The directory keeps an index of every notebook in memory, so the list is answered without
 * parsing every file: a file is read again only when its size or modification time changed, which
 * also keeps the index right when several API instances share the directory (docs/deployment.md).
 * Writes run one at a time, so the limits on count and size hold however many requests arrive at
 * one instance together; ids are claimed with a link that fails when the file exists, so no two
 * creates anywhere get one id.
 */

export { NotebookLimitError, NotebookNotFoundError, NotebookReadOnlyError } from "./directory-errors.ts";
export { NOTEBOOK_ID, type NotebookSummary, type StoredNotebook } from "./stored-notebook.ts";

export const DEFAULT_NOTEBOOK_MAX_COUNT = 500;
export const DEFAULT_NOTEBOOK_MAX_BYTES = 50 * 1024 * 1024;

/** How much a directory may hold: notebooks, and bytes of all their files together. */
export interface NotebookDirectoryLimits {
  readonly maxCount: number;
  readonly maxBytes: number;
}

interface IndexEntry {
  readonly summary: NotebookSummary;
  /** Size of the notebook's file. */
  readonly bytes: number;
  /** The file's modification time when it was read or written here. */
  readonly mtimeMs: number;
}

/** Temporary files of writes: `.<id>.<hex>.tmp` in the directory. */
const TEMP_FILE = /^\..+\.tmp$/;

export class NotebookDirectory {
  readonly limits: NotebookDirectoryLimits;
  private readonly index = new Map<string, IndexEntry>();
  /** Files that are not notebooks, by their size and time, so they are not parsed on every look either. */
  private readonly unreadable = new Map<string, string>();
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    limits: Partial<NotebookDirectoryLimits> = {},
  ) {
    this.limits = { maxCount: limits.maxCount ?? DEFAULT_NOTEBOOK_MAX_COUNT, maxBytes: limits.maxBytes ?? DEFAULT_NOTEBOOK_MAX_BYTES };
  }

  private fileOf(id: string): string {
    if (!NOTEBOOK_ID.test(id)) throw new NotebookNotFoundError(id);
    return path.join(this.dir, `${id}.json`);
  }

  private tempFileOf(id: string): string {
    return path.join(this.dir, `.${id}.${randomBytes(6).toString("hex")}.tmp`);
  }

  /** Runs writes one after another: each sees the index as the one before left it. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(work, work);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** The index, brought up to date with the directory: new and changed files read, removed ones dropped. */
  private async entries(): Promise<Map<string, IndexEntry>> {
    const files = await fs.readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as string[];
      throw error;
    });
    const present = new Set<string>();
    for (const file of files) {
      const id = file.replace(/\.json$/, "");
      if (!file.endsWith(".json") || !NOTEBOOK_ID.test(id)) continue;
      const stat = await fs.stat(path.join(this.dir, file)).catch(() => undefined);
      if (!stat?.isFile()) continue;
      present.add(id);
      const known = this.index.get(id);
      // Whole milliseconds: what every file system and utimes keep.
      const mtimeMs = Math.trunc(stat.mtimeMs);
      const version = `${stat.size}:${mtimeMs}`;
      if (known && known.bytes === stat.size && known.mtimeMs === mtimeMs) continue;
      if (!known && this.unreadable.get(id) === version) continue;
      try {
        const text = await fs.readFile(path.join(this.dir, file), "utf8");
        const stored = storedOf(id, JSON.parse(text) as Record<string, unknown>);
        this.index.set(id, { summary: summaryOf(stored), bytes: Buffer.byteLength(text), mtimeMs });
        this.unreadable.delete(id);
      } catch {
        // Not a notebook: neither listed nor counted, as the list always did.
        this.index.delete(id);
        this.unreadable.set(id, version);
      }
    }
    for (const id of this.index.keys()) if (!present.has(id)) this.index.delete(id);
    for (const id of this.unreadable.keys()) if (!present.has(id)) this.unreadable.delete(id);
    return this.index;
  }

  /** Bytes of every notebook file together. */
  private static totalBytes(index: ReadonlyMap<string, IndexEntry>): number {
    let total = 0;
    for (const entry of index.values()) total += entry.bytes;
    return total;
  }

  private checkBytes(index: ReadonlyMap<string, IndexEntry>, id: string, bytes: number): void {
    const before = index.get(id)?.bytes ?? 0;
    // A write that does not grow the directory is always allowed, so a directory over a lowered limit can shrink.
    if (bytes <= before) return;
    const after = NotebookDirectory.totalBytes(index) - before + bytes;
    if (after > this.limits.maxBytes) {
      throw new NotebookLimitError(
        `The notebooks would take ${after} bytes, over the limit of ${this.limits.maxBytes} (KGX_NOTEBOOK_MAX_BYTES); delete notebooks or clear results you no longer need.`,
        "bytes",
        this.limits.maxBytes,
      );
    }
  }

  /**
   * Prepares the directory at start. Removes what interrupted writes left (temporary files, a
   * half-seeded directory). Creates the directory on first use and fills it with the shipped
   * notebooks (`*.cypher` in the text form), once: a directory that exists is the user's. In a
   * directory seeded before shipped notebooks were marked, a shipped notebook nobody changed is
   * marked now. Returns the ids it added.
   */
  async initialise(shippedDir?: string): Promise<string[]> {
    await this.removeStaleTempFiles();
    const exists = await fs.stat(this.dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    const shipped = await this.readShipped(shippedDir);
    if (exists) {
      await this.markShipped(shipped);
      return [];
    }
    // Seed into a sibling directory and rename it into place, so a crash mid-seed leaves no half-filled directory.
    const staging = `${this.dir}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.mkdir(staging, { recursive: true });
    try {
      for (const [id, notebook] of shipped) {
        const stored: StoredNotebook = { id, updatedAt: new Date().toISOString(), ...notebook, shipped: true };
        await fs.writeFile(path.join(staging, `${id}.json`), fileText(stored));
      }
      await fs.mkdir(path.dirname(this.dir), { recursive: true });
      await fs.rename(staging, this.dir);
    } catch (error) {
      await fs.rm(staging, { recursive: true, force: true });
      throw error;
    }
    return [...shipped.keys()];
  }

  private async readShipped(shippedDir: string | undefined): Promise<Map<string, Notebook>> {
    const shipped = new Map<string, Notebook>();
    if (!shippedDir) return shipped;
    const files = (await fs.readdir(shippedDir)).filter((f) => f.endsWith(".cypher")).sort();
    for (const file of files) {
      const text = await fs.readFile(path.join(shippedDir, file), "utf8");
      try {
        shipped.set(shippedIdOf(file), parseNotebookText(text));
      } catch (error) {
        throw new NotebookFormatError(`${file}: ${(error as Error).message}`);
      }
    }
    return shipped;
  }

  private async markShipped(shipped: ReadonlyMap<string, Notebook>): Promise<void> {
    for (const [id, notebook] of shipped) {
      const raw = await fs
        .readFile(this.fileOf(id), "utf8")
        .then((text) => JSON.parse(text) as Record<string, unknown>)
        .catch(() => undefined);
      if (!raw || "shipped" in raw) continue;
      let stored: StoredNotebook;
      try {
        stored = storedOf(id, raw);
      } catch {
        continue;
      }
      if (sameContent(stored, notebook)) await this.writeFile(id, { ...stored, shipped: true });
    }
  }

  /** `.…tmp` files in the directory and staging directories beside it, from writes a crash or kill interrupted. */
  private async removeStaleTempFiles(): Promise<void> {
    const inside = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const file of inside) if (TEMP_FILE.test(file)) await fs.rm(path.join(this.dir, file), { force: true });
    const parent = path.dirname(this.dir);
    const staging = new RegExp(`^${path.basename(this.dir).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.[0-9a-f]{12}\\.tmp$`);
    const beside = await fs.readdir(parent).catch(() => [] as string[]);
    for (const entry of beside) if (staging.test(entry)) await fs.rm(path.join(parent, entry), { recursive: true, force: true });
  }

  /** Every notebook, by title, from the index. */
  async list(): Promise<NotebookSummary[]> {
    const index = await this.entries();
    return [...index.values()].map((e) => e.summary).sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<StoredNotebook> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(id), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotebookNotFoundError(id);
      throw error;
    }
    return storedOf(id, JSON.parse(text) as Record<string, unknown>);
  }

  /** Replaces the file in one step (temp file + rename), so a reader never sees half a file. */
  private async writeFile(id: string, stored: StoredNotebook): Promise<number> {
    const text = fileText(stored);
    const temp = this.tempFileOf(id);
    try {
      await fs.writeFile(temp, text);
      await fs.rename(temp, this.fileOf(id));
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    return Buffer.byteLength(text);
  }

  /** The index entry of a notebook that exists and may be changed. */
  private async writable(id: string): Promise<IndexEntry> {
    this.fileOf(id);
    const entry = (await this.entries()).get(id);
    if (!entry) throw new NotebookNotFoundError(id);
    if (entry.summary.shipped) throw new NotebookReadOnlyError(id, entry.summary.title);
    return entry;
  }

  /** Validates, then replaces a notebook that exists. */
  save(id: string, value: unknown): Promise<StoredNotebook> {
    return this.exclusive(async () => {
      await this.writable(id);
      const notebook = parseNotebook(value);
      const stored: StoredNotebook = { id, updatedAt: new Date().toISOString(), ...notebook, shipped: false };
      const index = await this.entries();
      this.checkBytes(index, id, Buffer.byteLength(fileText(stored)));
      const bytes = await this.writeFile(id, stored);
      index.set(id, { summary: summaryOf(stored), bytes, mtimeMs: Math.trunc((await fs.stat(this.fileOf(id))).mtimeMs) });
      return stored;
    });
  }

  /**
   * A new notebook under an id made from its title (`-2`, `-3`… when taken). The file is written
   * whole under a temporary name and then linked to its id, which fails if the id is taken: no two
   * notebooks can ever get one file, and no reader sees a half-written one.
   */
  create(value: unknown): Promise<StoredNotebook> {
    return this.exclusive(async () => {
      const notebook = parseNotebook(value);
      const index = await this.entries();
      if (index.size >= this.limits.maxCount) {
        throw new NotebookLimitError(
          `There are ${index.size} notebooks, the most this server keeps (KGX_NOTEBOOK_MAX_COUNT); delete one to make room.`,
          "count",
          this.limits.maxCount,
        );
      }
      await fs.mkdir(this.dir, { recursive: true });
      const base = slugOf(notebook.title);
      for (let n = 1; ; n++) {
        const id = n === 1 ? base : `${base}-${n}`;
        if (index.has(id)) continue;
        const stored: StoredNotebook = { id, updatedAt: new Date().toISOString(), ...notebook, shipped: false };
        const text = fileText(stored);
        this.checkBytes(index, id, Buffer.byteLength(text));
        const temp = this.tempFileOf(id);
        await fs.writeFile(temp, text);
        try {
          await fs.link(temp, this.fileOf(id));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
          throw error;
        } finally {
          await fs.rm(temp, { force: true });
        }
        index.set(id, { summary: summaryOf(stored), bytes: Buffer.byteLength(text), mtimeMs: Math.trunc((await fs.stat(this.fileOf(id))).mtimeMs) });
        return stored;
      }
    });
  }

  async rename(id: string, title: string): Promise<StoredNotebook> {
    const problems = titleProblems(title);
    if (problems.length > 0) throw new NotebookFormatError(problems.join("; "));
    const notebook = await this.get(id);
    return this.save(id, { ...notebook, title });
  }

  /** A copy of the user's own, shipped notebooks included. */
  async duplicate(id: string): Promise<StoredNotebook> {
    const notebook = await this.get(id);
    const title = `${notebook.title} (copy)`.slice(0, 200);
    return this.create({ title, cells: notebook.cells, params: notebook.params });
  }

  /** True when there was a notebook to delete. */
  delete(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      try {
        await this.writable(id);
      } catch (error) {
        if (error instanceof NotebookNotFoundError) return false;
        throw error;
      }
      const index = await this.entries();
      const removed = await fs.unlink(this.fileOf(id)).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return false;
          throw error;
        },
      );
      index.delete(id);
      return removed;
    });
  }
}
