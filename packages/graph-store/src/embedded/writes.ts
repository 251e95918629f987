import type { EntityTypeName } from "@kgx/domain";
import {
  entitiesStillJoinedError,
  missingForChangeError,
  newlyUnsourced,
  unsourcedRelationshipsError,
  validateBatch,
  type UnsourcedRelationship,
} from "../batch-validation.ts";
import { GraphStoreError } from "../errors.ts";
import { throwIfCancelled } from "../options.ts";
import type { ChangeSummary, GraphBatch, ScriptStatement, WriteOptions, WriteSummary } from "../port.ts";
import type { ChangeRequest } from "../store-requests.ts";
import { bulkCopyPlan } from "./bulk-copy.ts";
import { mapKuzuError } from "./kuzu-errors.ts";
import type { KuzuSession } from "./kuzu-handle.ts";
import * as cypher from "./statements.ts";
import type { KuzuStoreContext } from "./store-context.ts";
import { entityWriteGroups, relationshipWriteGroups, runWriteGroups } from "./write-encoding.ts";

/**
 * Below this many rows the row path is as quick as staging files, and small writes (the API's
 * mutations, the seed) keep the one well-trodden path.
 */
const BULK_COPY_MIN_ROWS = 1000;

/**
 * Validates the batch against the stored graph and upserts it, both in one transaction under the
 * write lock: two writes of one id with different types cannot both pass the check.
 */
export async function writeBatch(ctx: KuzuStoreContext, batch: GraphBatch, options: WriteOptions): Promise<WriteSummary> {
  const total = batch.entities.length + batch.relationships.length;
  await ctx.writeTransaction(
    async (session) => {
      await validateBatch(batch, (ids) => ctx.entityTypesOf(ids, session));
      if (total >= BULK_COPY_MIN_ROWS && (await copyIntoEmptyStore(session, batch, total, options))) return;
      await upsertIn(ctx, session, batch, total, options, 0);
    },
    () => ctx.entitiesWritten(batch.entities),
  );
  await ctx.refreshSearchIndex(batch.entities);
  return { entitiesWritten: batch.entities.length, relationshipsWritten: batch.relationships.length };
}

async function upsertIn(
  ctx: KuzuStoreContext,
  session: KuzuSession,
  batch: GraphBatch,
  total: number,
  options: WriteOptions,
  doneBefore: number,
): Promise<void> {
  const endpointTypes = new Map<string, EntityTypeName>(batch.entities.map((e) => [e.id, e.type]));
  const stored = batch.relationships.flatMap((r) => [r.from, r.to]).filter((id) => !endpointTypes.has(id));
  for (const [id, type] of await ctx.entityTypesOf(stored, session)) endpointTypes.set(id, type);
  const groups = [...entityWriteGroups(batch.entities), ...relationshipWriteGroups(batch.relationships, endpointTypes)];
  await runWriteGroups(session, groups, total, options, doneBefore);
}

/**
 * Writes the batch with COPY FROM when the store is empty and every value survives CSV (see
 * bulk-copy.ts); false when it cannot, and nothing has been written then. Runs in the write
 * transaction, so no other write can slip in between the emptiness check and the COPY.
 */
async function copyIntoEmptyStore(session: KuzuSession, batch: GraphBatch, total: number, options: WriteOptions): Promise<boolean> {
  if (Number((await session.all(cypher.ANY_ENTITY))[0]?.["found"] ?? 0) > 0) return false;
  const plan = bulkCopyPlan(batch);
  if (!plan) return false;
  try {
    let done = 0;
    for (const file of plan.files) {
      throwIfCancelled(options.signal);
      await session.all(file.statement);
      done += file.rows;
      options.onProgress?.({ done, total });
    }
    return true;
  } finally {
    plan.dispose();
  }
}

export async function applyChange(ctx: KuzuStoreContext, change: ChangeRequest, options: WriteOptions): Promise<ChangeSummary> {
  const { upsert: batch, deleteRelationships, deleteEntities } = change;
  const total = deleteRelationships.length + batch.entities.length + batch.relationships.length + deleteEntities.length;
  await ctx.writeTransaction(
    async (session) => {
      throwIfCancelled(options.signal);
      const entityTypes = await ctx.entityTypesOf(deleteEntities, session);
      const missingEntities = deleteEntities.filter((id) => !entityTypes.has(id));
      if (missingEntities.length > 0) throw missingForChangeError("entity", missingEntities);
      if (deleteRelationships.length > 0) {
        const found = new Set((await session.all(cypher.RELATIONSHIPS_WITH_IDS, { ids: [...deleteRelationships] })).map((row) => String(row["id"])));
        const missing = deleteRelationships.filter((id) => !found.has(id));
        if (missing.length > 0) throw missingForChangeError("relationship", missing);
        await session.all(cypher.DELETE_RELATIONSHIPS_WITH_IDS, { ids: [...deleteRelationships] });
        options.onProgress?.({ done: deleteRelationships.length, total });
      }
      // Validated in the transaction that writes, after the deletions, so nothing can change in between.
      await validateBatch(batch, (ids) => ctx.entityTypesOf(ids, session));
      await upsertIn(ctx, session, batch, total, options, deleteRelationships.length);
      // Relationships go before nodes: Kùzu refuses to delete a node that still has any, and one
      // the change does not delete refuses the whole change rather than being taken along.
      const idsByType = new Map<EntityTypeName, string[]>();
      for (const [id, type] of entityTypes) idsByType.set(type, [...(idsByType.get(type) ?? []), id]);
      const joined: { id: string; relationships: number }[] = [];
      for (const [type, ids] of idsByType) {
        for (const row of await session.all(cypher.relationshipCountsOf(type), { ids })) {
          const count = Number(row["relationships"] ?? 0);
          if (count > 0) joined.push({ id: String(row["id"]), relationships: count });
        }
      }
      if (joined.length > 0) throw entitiesStillJoinedError(joined);
      for (const [type, ids] of idsByType) await session.all(cypher.deleteEntitiesOfType(type), { ids });
      options.onProgress?.({ done: total, total });
    },
    () => ctx.entitiesWritten(batch.entities, deleteEntities),
  );
  await ctx.refreshSearchIndex(batch.entities);
  return {
    entitiesWritten: batch.entities.length,
    relationshipsWritten: batch.relationships.length,
    relationshipsDeleted: deleteRelationships.length,
    entitiesDeleted: deleteEntities.length,
  };
}

export async function runScript(ctx: KuzuStoreContext, statements: readonly ScriptStatement[], options: WriteOptions): Promise<void> {
  ctx.forgetDerived();
  try {
    await ctx.writeTransaction(async (session) => {
      const unsourcedBefore = await unsourcedRelationships(session);
      let done = 0;
      for (const statement of statements) {
        throwIfCancelled(options.signal);
        try {
          await session.all(statement.text);
        } catch (error) {
          const mapped = mapKuzuError(error);
          const where = [statement.file, statement.line].filter((x) => x !== undefined).join(":");
          throw new GraphStoreError(mapped.code, `${where ? `${where}: ` : ""}${mapped.message}`, {
            cause: error,
            location: { ...(statement.file ? { file: statement.file } : {}), ...(statement.line ? { line: statement.line } : {}) },
          });
        }
        done++;
        options.onProgress?.({ done, total: statements.length });
      }
      const added = newlyUnsourced(unsourcedBefore, await unsourcedRelationships(session));
      if (added.length > 0) throw unsourcedRelationshipsError(added, statements);
    });
  } finally {
    ctx.forgetDerived();
  }
}

export async function deleteRelationship(ctx: KuzuStoreContext, id: string): Promise<boolean> {
  let deleted = false;
  await ctx.writeTransaction(async (session) => {
    const found = await session.all(cypher.FIND_RELATIONSHIP, { id });
    deleted = Number(found[0]?.["found"] ?? 0) > 0;
    if (deleted) await session.all(cypher.DELETE_RELATIONSHIP, { id });
  });
  return deleted;
}

/** The relationships breaking the rule that each cites a Source entity; see newlyUnsourced. */
async function unsourcedRelationships(session: KuzuSession): Promise<UnsourcedRelationship[]> {
  const found: UnsourcedRelationship[] = [];
  for (const row of await session.all(cypher.UNSOURCED_RELATIONSHIPS)) found.push({ type: String(row["type"]), id: String(row["id"]) });
  for (const row of await session.all(cypher.RELATIONSHIPS_CITING_NO_SOURCE)) {
    found.push({ type: String(row["type"]), id: String(row["id"]), cited: String(row["cited"]) });
  }
  return found;
}
