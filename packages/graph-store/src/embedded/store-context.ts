import { isEntityTypeName, type EntityRecord, type EntityTypeName } from "@kgx/domain";
import { mapKuzuError } from "./kuzu-errors.ts";
import type { KuzuHandle, KuzuRow, KuzuSession } from "./kuzu-handle.ts";
import { SearchIndex, type SearchIndexRow } from "./search-index.ts";
import * as cypher from "./statements.ts";

/** The same trade for finding ids' tables: a lookup in every table costs about a fifth of the scan. */
const TYPE_LOOKUP_MAX_IDS = 4;
/**
 * After a write of more entities than this (an import), the search index is dropped and reloaded
 * whole by the next search, rather than patched by reading every written entity back at once.
 */
const SEARCH_PATCH_MAX_ENTITIES = 5000;

/**
 * What every operation of the embedded adapter shares: the Kùzu handle, and what is derived from
 * the store and kept in memory (each entity's table, the search index). This process holds the
 * only read-write handle on the directory, so every write passes through here and what is kept
 * cannot go stale: writes update it under the write lock, runScript forgets it wholesale.
 */
export class KuzuStoreContext {
  /** Entity id → table. */
  readonly typeCache = new Map<string, EntityTypeName>();
  /** Kùzu's internal table ids → table names, for relationships returned without their end nodes. */
  tableNames: Map<number, string> | undefined;
  /** Names of every entity for `search` (see search-index.ts); loaded on the first search. */
  private searchIndex: SearchIndex | undefined;
  private searchIndexLoading: Promise<SearchIndex> | undefined;
  /** Bumped by every write, so an index loaded from a snapshot older than a write is not kept. */
  private writeGeneration = 0;

  constructor(
    readonly handle: KuzuHandle,
    readonly refuseKnownCrashes: boolean,
  ) {}

  read<T>(work: (session: KuzuSession) => Promise<T>): Promise<T> {
    return this.handle.read(async (session) => {
      try {
        return await work(session);
      } catch (error) {
        throw mapKuzuError(error);
      }
    });
  }

  /**
   * One write transaction under the store's write lock. `work` runs between BEGIN and COMMIT, so
   * a batch validated inside it is checked against what the transaction writes into; `afterCommit`
   * runs under the same lock, so the next write sees the caches as this one left the store.
   */
  async writeTransaction(work: (session: KuzuSession) => Promise<void>, afterCommit: () => void = () => undefined): Promise<void> {
    await this.handle.write(async (session) => {
      await session.all("BEGIN TRANSACTION");
      try {
        await work(session);
        await session.all("COMMIT");
      } catch (error) {
        await session.all("ROLLBACK").catch(() => undefined);
        throw mapKuzuError(error);
      }
      afterCommit();
    });
  }

  /**
   * The tables of the given ids that exist. Inside a write, pass its session: the lookup then
   * reads what that transaction sees.
   */
  async entityTypesOf(ids: readonly string[], session?: KuzuSession): Promise<Map<string, EntityTypeName>> {
    const out = new Map<string, EntityTypeName>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (typeof id !== "string" || id === "") continue;
      const cached = this.typeCache.get(id) ?? this.searchIndex?.typeOf(id);
      if (cached) out.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const lookUp = async (s: KuzuSession) => {
      if (missing.length > TYPE_LOOKUP_MAX_IDS) return s.all(cypher.ENTITY_TYPES_OF, { ids: missing });
      const found: KuzuRow[] = [];
      for (const id of missing) found.push(...(await s.all(cypher.ENTITY_TYPE_OF, { id })));
      return found;
    };
    const rows = session ? await lookUp(session) : await this.read(lookUp);
    for (const row of rows) {
      const type = String(row["type"]);
      if (!isEntityTypeName(type)) continue;
      out.set(String(row["id"]), type);
      this.typeCache.set(String(row["id"]), type);
    }
    return out;
  }

  /** Records what a committed write did to entities; called under the write lock. */
  entitiesWritten(written: readonly EntityRecord[], deleted: readonly string[] = []): void {
    this.writeGeneration++;
    for (const entity of written) this.typeCache.set(entity.id, entity.type);
    for (const id of deleted) this.typeCache.delete(id);
    this.searchIndex?.remove(deleted);
    if (written.length > SEARCH_PATCH_MAX_ENTITIES) this.searchIndex = undefined;
  }

  /** A script may create, rename or delete anything: forget what was derived from the store, before and after it. */
  forgetDerived(): void {
    this.typeCache.clear();
    this.writeGeneration++;
    this.searchIndex = undefined;
  }

  loadedSearchIndex(): Promise<SearchIndex> {
    if (this.searchIndex) return Promise.resolve(this.searchIndex);
    if (!this.searchIndexLoading) {
      const loading = this.loadSearchIndex().finally(() => {
        if (this.searchIndexLoading === loading) this.searchIndexLoading = undefined;
      });
      this.searchIndexLoading = loading;
    }
    return this.searchIndexLoading;
  }

  /** Reads every entity's names; reads again if a write committed meanwhile (the read may predate it). */
  private async loadSearchIndex(): Promise<SearchIndex> {
    for (;;) {
      const generation = this.writeGeneration;
      const rows = await this.read((s) => s.all(cypher.SEARCH_INDEX_ROWS));
      const index = new SearchIndex(rows.flatMap((row) => searchIndexRow(row, row["type"])));
      if (generation === this.writeGeneration) {
        this.searchIndex = index;
        return index;
      }
    }
  }

  /**
   * Brings the search index up to date with entities a committed write touched. The rows are read
   * after the commit, so they hold the names as stored, whichever properties the write set.
   */
  async refreshSearchIndex(entities: readonly EntityRecord[]): Promise<void> {
    const index = this.searchIndex;
    if (!index || entities.length === 0) return;
    const idsByType = new Map<EntityTypeName, string[]>();
    for (const entity of entities) idsByType.set(entity.type, [...(idsByType.get(entity.type) ?? []), entity.id]);
    try {
      const rows: SearchIndexRow[] = [];
      await this.read(async (session) => {
        for (const [type, ids] of idsByType) {
          for (const row of await session.all(cypher.searchIndexRowsOf(type), { ids })) rows.push(...searchIndexRow(row, type));
        }
      });
      if (this.searchIndex === index) index.upsert(rows);
    } catch {
      // The write itself committed, so it is not reported as failed; the index is dropped instead
      // and the next search reloads it.
      if (this.searchIndex === index) this.searchIndex = undefined;
    }
  }
}

function searchIndexRow(row: KuzuRow, type: unknown): SearchIndexRow[] {
  const typeName = String(type);
  if (!isEntityTypeName(typeName)) return [];
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const aliases = row["aliases"];
  return [
    {
      id: String(row["id"]),
      type: typeName,
      name: text(row["name"]),
      nameJa: text(row["nameJa"]),
      aliases: Array.isArray(aliases) ? aliases.map((a) => (typeof a === "string" ? a : "")) : null,
    },
  ];
}
