import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { entityProperties, relationshipProperties, type EntityTypeName, type PropertySpec, type PropertyValue, type RelationshipTypeName } from "@kgx/domain";
import type { GraphBatch } from "../port.ts";

/**
 * The bulk path of `writeBatch` into an empty store: the batch is staged as CSV files, one per
 * node table and one per (relationship table, FROM, TO) pair, and loaded with Kùzu's `COPY FROM`
 * inside the same explicit transaction the row-by-row path uses. UNWIND/MERGE costs an index lookup
 * per row and per endpoint; COPY builds the tables and their primary-key index in one pass, which
 * is one to two orders of magnitude faster on large imports.
 *
 * Why it is safe:
 * - Kùzu 0.11 runs COPY inside `BEGIN TRANSACTION … COMMIT` and a ROLLBACK (or a process killed
 *   before COMMIT) leaves no trace of it, so an import stays all or nothing, as the row path is.
 * - It is used only when the store holds no entity at all: then MERGE would create every row, which
 *   is exactly what COPY does, and no primary key can collide with a stored one.
 * - Kùzu's CSV reader has no way to say "empty text" (an empty cell is NULL) or "empty list", and
 *   its list syntax `[a,b]` has no escape for `,` `[` `]` or quotes inside items. A batch holding any
 *   value COPY would read differently goes the row path instead (`bulkCopyPlan` returns undefined).
 *   Relationship ids must be unique in the batch, since MERGE on a repeated id updates one
 *   relationship where COPY would create two.
 *
 * The staging files live in the OS temp directory and are removed after the COPY. A process killed
 * mid-import leaves them there (the store itself is untouched); their directory names carry the
 * process id, and the next bulk import removes the directories of processes that no longer run.
 *
 * See https://docs.kuzudb.com/import/csv/ (COPY FROM, `from`/`to` for relationship tables with
 * several endpoint pairs).
 */

const STAGING_PREFIX = "kgx-bulk-";
const STAGING_DIR = /^kgx-bulk-(\d+)-[^/]+$/;

/** Whether a process with this id runs (on this machine, as any user). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes staging directories under `parent` left by bulk imports whose process has ended (killed
 * mid-import). Directories of running processes, this one included, are left alone. Best effort:
 * a directory that cannot be removed is skipped. Returns the names removed.
 */
export function removeStaleStagingDirs(parent: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(STAGING_DIR.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processRuns(pid)) continue;
    try {
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Someone else's, or already gone: not this import's business.
    }
  }
  return removed;
}

export interface BulkCopyFile {
  /** The COPY statement that loads this file. */
  readonly statement: string;
  readonly rows: number;
}

export interface BulkCopyPlan {
  readonly dir: string;
  /** Node tables first, then relationship tables: COPY of a relationship needs its endpoints loaded. */
  readonly files: readonly BulkCopyFile[];
  dispose(): void;
}

const LIST_ITEM_UNSAFE = /[,[\]"'\\{}\n\r]/;

function csvCell(text: string): string {
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of one value, or undefined when COPY cannot carry it faithfully. */
function encodeCell(spec: PropertySpec, value: PropertyValue | undefined): string | undefined {
  if (value === undefined || value === null) return "";
  if (spec.kind === "string[]") {
    const items = value as string[];
    if (items.length === 0) return undefined;
    if (items.some((item) => item === "" || item !== item.trim() || LIST_ITEM_UNSAFE.test(item))) return undefined;
    return `"[${items.join(",")}]"`;
  }
  const text = String(value);
  // Line breaks, backslashes (an escape character in some CSV dialects) and edge spaces (which CSV
  // readers may trim) are rare in this data; such a batch takes the row path rather than a risk.
  if (text === "" || /[\n\r\\]/.test(text) || text !== text.trim()) return undefined;
  return csvCell(text);
}

/**
 * Writes the staging files when the whole batch can go through COPY; undefined when any value
 * cannot (the caller then uses the row path). The caller must call `dispose()`.
 */
export function bulkCopyPlan(batch: GraphBatch): BulkCopyPlan | undefined {
  const relIds = new Set<string>();
  for (const rel of batch.relationships) {
    if (relIds.has(rel.id)) return undefined;
    relIds.add(rel.id);
  }
  const entityType = new Map<string, EntityTypeName>(batch.entities.map((e) => [e.id, e.type]));

  const nodeLines = new Map<EntityTypeName, string[]>();
  for (const entity of batch.entities) {
    const specs = entityProperties(entity.type);
    const cells: string[] = [];
    for (const spec of specs) {
      const cell = spec.name === "id" ? encodeCell(spec, entity.id) : encodeCell(spec, entity.properties[spec.name]);
      if (cell === undefined) return undefined;
      cells.push(cell);
    }
    const lines = nodeLines.get(entity.type) ?? [];
    lines.push(cells.join(","));
    nodeLines.set(entity.type, lines);
  }

  const relLines = new Map<string, { type: RelationshipTypeName; from: EntityTypeName; to: EntityTypeName; lines: string[] }>();
  for (const rel of batch.relationships) {
    const fromType = entityType.get(rel.from);
    const toType = entityType.get(rel.to);
    // In an empty store every endpoint is in the batch; validation has refused anything else.
    if (!fromType || !toType) return undefined;
    const cells = [csvCell(rel.from), csvCell(rel.to)];
    for (const spec of relationshipProperties(rel.type)) {
      const cell = spec.name === "id" ? encodeCell(spec, rel.id) : encodeCell(spec, rel.properties[spec.name]);
      if (cell === undefined) return undefined;
      cells.push(cell);
    }
    const key = `${rel.type} ${fromType} ${toType}`;
    const group = relLines.get(key) ?? { type: rel.type, from: fromType, to: toType, lines: [] };
    group.lines.push(cells.join(","));
    relLines.set(key, group);
  }

  removeStaleStagingDirs(os.tmpdir());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${STAGING_PREFIX}${process.pid}-`));
  const files: BulkCopyFile[] = [];
  const quotePath = (file: string) => `'${file.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  try {
    let serial = 0;
    for (const [type, lines] of nodeLines) {
      const file = path.join(dir, `${serial++}-${type}.csv`);
      fs.writeFileSync(file, `${lines.join("\n")}\n`);
      files.push({ statement: `COPY ${type} FROM ${quotePath(file)} (header=false)`, rows: lines.length });
    }
    for (const group of relLines.values()) {
      const file = path.join(dir, `${serial++}-${group.type}-${group.from}-${group.to}.csv`);
      fs.writeFileSync(file, `${group.lines.join("\n")}\n`);
      files.push({ statement: `COPY ${group.type} FROM ${quotePath(file)} (header=false, from='${group.from}', to='${group.to}')`, rows: group.lines.length });
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, files, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
