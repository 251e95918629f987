import { ENTITY_TYPE_NAMES } from "@kgx/domain";
import type { Node, Relationship } from "neo4j-driver";
import {
  entitiesStillJoinedError,
  missingForChangeError,
  newlyUnsourced,
  unsourcedRelationshipsError,
  validateBatch,
  type UnsourcedRelationship,
} from "../batch-validation.ts";
import { GraphStoreError, type InputLocation } from "../errors.ts";
import { throwIfCancelled } from "../options.ts";
import type { ChangeSummary, GraphBatch, ScriptStatement, WriteOptions, WriteSummary } from "../port.ts";
import type { ChangeRequest } from "../store-requests.ts";
import { modelProblems } from "./model-check.ts";
import { fetchEntityTypes, toCount } from "./reads.ts";
import { toGraphStoreError } from "./server-errors.ts";
import {
  ADD_MISSING_ENTITY_LABELS,
  DELETE_ENTITIES,
  DELETE_RELATIONSHIP,
  DELETE_RELATIONSHIPS_WITH_IDS,
  EXPORT_ENTITIES,
  EXPORT_RELATIONSHIPS,
  REFRESH_SEARCH_KEYS,
  RELATIONSHIP_COUNTS_OF,
  RELATIONSHIPS_CITING_NO_SOURCE,
  RELATIONSHIPS_WITH_IDS,
  UNSOURCED_RELATIONSHIPS,
} from "./statements.ts";
import type { Neo4jStoreContext, StatementRunner } from "./store-context.ts";
import { toJsonValue } from "./values.ts";
import { writeBatchIn } from "./write-encoding.ts";

export async function writeBatch(ctx: Neo4jStoreContext, batch: GraphBatch, options: WriteOptions): Promise<WriteSummary> {
  const total = batch.entities.length + batch.relationships.length;
  await ctx.write(async (tx) => {
    // Validation reads the stored types in the transaction that writes, so nothing can change in between.
    await validateBatch(batch, (ids) => fetchEntityTypes(tx, ids));
    await writeBatchIn(tx, batch, options, total, 0);
  });
  return { entitiesWritten: batch.entities.length, relationshipsWritten: batch.relationships.length };
}

export async function applyChange(ctx: Neo4jStoreContext, change: ChangeRequest, options: WriteOptions): Promise<ChangeSummary> {
  const { upsert: batch, deleteRelationships, deleteEntities } = change;
  const total = deleteRelationships.length + batch.entities.length + batch.relationships.length + deleteEntities.length;
  await ctx.write(async (tx) => {
    if (deleteRelationships.length > 0) {
      const found = new Set((await tx.run(RELATIONSHIPS_WITH_IDS, { ids: deleteRelationships })).records.map((r) => String(r.get("id"))));
      const missing = deleteRelationships.filter((id) => !found.has(id));
      if (missing.length > 0) throw missingForChangeError("relationship", missing);
      await tx.run(DELETE_RELATIONSHIPS_WITH_IDS, { ids: deleteRelationships });
      options.onProgress?.({ done: deleteRelationships.length, total });
    }
    // Validated in the transaction that writes, after the deletions, so nothing can change in between.
    await validateBatch(batch, (ids) => fetchEntityTypes(tx, ids));
    await writeBatchIn(tx, batch, options, total, deleteRelationships.length);
    if (deleteEntities.length > 0) {
      const rows = (await tx.run(RELATIONSHIP_COUNTS_OF, { ids: deleteEntities })).records;
      const counts = new Map(rows.map((r) => [String(r.get("id")), toCount(r.get("relationships"))]));
      const missing = deleteEntities.filter((id) => !counts.has(id));
      if (missing.length > 0) throw missingForChangeError("entity", missing);
      const joined = [...counts].filter(([, count]) => count > 0).map(([id, relationships]) => ({ id, relationships }));
      if (joined.length > 0) throw entitiesStillJoinedError(joined);
      await tx.run(DELETE_ENTITIES, { ids: deleteEntities });
    }
    options.onProgress?.({ done: total, total });
  });
  return {
    entitiesWritten: batch.entities.length,
    relationshipsWritten: batch.relationships.length,
    relationshipsDeleted: deleteRelationships.length,
    entitiesDeleted: deleteEntities.length,
  };
}

export async function runScript(ctx: Neo4jStoreContext, statements: readonly ScriptStatement[], options: WriteOptions): Promise<void> {
  await ctx.writeOnce(async (tx) => {
    const unsourcedBefore = await unsourcedRelationships(tx);
    for (const [index, statement] of statements.entries()) {
      throwIfCancelled(options.signal);
      try {
        await tx.run(statement.text);
      } catch (error) {
        throw inStatement(error, statement, ctx.location);
      }
      options.onProgress?.({ done: index + 1, total: statements.length });
    }
    await tx.run(ADD_MISSING_ENTITY_LABELS, { entityTypes: [...ENTITY_TYPE_NAMES] });
    // A script may have created or renamed any entity, so every search key is set again.
    await tx.run(REFRESH_SEARCH_KEYS);
    const added = newlyUnsourced(unsourcedBefore, await unsourcedRelationships(tx));
    // Thrown inside the transaction, so the script is rolled back whole.
    if (added.length > 0) throw unsourcedRelationshipsError(added, statements);
    const problems = modelProblems(
      (await tx.run(EXPORT_ENTITIES)).records.map((record) => record.get("n") as Node),
      (await tx.run(EXPORT_RELATIONSHIPS)).records.map((record) => ({
        relationship: record.get("r") as Relationship,
        from: String(record.get("from")),
        to: String(record.get("to")),
      })),
    );
    if (problems.length > 0) {
      const files = [...new Set(statements.map((statement) => statement.file).filter((file) => file !== undefined))];
      throw new GraphStoreError(
        "INVALID_INPUT",
        `${files.length > 0 ? `${files.join(", ")}: ` : ""}the script leaves data the model does not allow, so nothing of it was kept:\n  ${problems.join("\n  ")}`,
        files.length === 1 ? { location: { file: files[0] as string } } : undefined,
      );
    }
  });
}

export async function deleteRelationship(ctx: Neo4jStoreContext, id: string): Promise<boolean> {
  const result = await ctx.write((tx) => tx.run(DELETE_RELATIONSHIP, { id }));
  return result.records.reduce((sum, record) => sum + toCount(record.get("deleted")), 0) > 0;
}

/** The relationships breaking the rule that each cites a Source entity; see newlyUnsourced. */
async function unsourcedRelationships(tx: StatementRunner): Promise<UnsourcedRelationship[]> {
  const found: UnsourcedRelationship[] = [];
  for (const record of (await tx.run(UNSOURCED_RELATIONSHIPS)).records) {
    found.push({ type: String(record.get("type")), id: String(toJsonValue(record.get("id"))) });
  }
  for (const record of (await tx.run(RELATIONSHIPS_CITING_NO_SOURCE)).records) {
    found.push({ type: String(record.get("type")), id: String(toJsonValue(record.get("id"))), cited: String(toJsonValue(record.get("cited"))) });
  }
  return found;
}

/**
 * Places a failing script statement in its file; positions the server reports inside the statement
 * become lines of the file. Errors the driver may still retry pass through unchanged.
 */
function inStatement(error: unknown, statement: ScriptStatement, location: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("Neo.ClientError.")) return error;
  const mapped = toGraphStoreError(error, statement.line === undefined ? { location } : { location, statementLine: statement.line });
  if (!(mapped instanceof GraphStoreError)) return mapped;
  const where: InputLocation = {
    ...(statement.file !== undefined ? { file: statement.file } : {}),
    ...(statement.line !== undefined ? { line: statement.line } : {}),
    ...mapped.location,
  };
  const prefix = [where.file, where.line].filter((part) => part !== undefined).join(":");
  return new GraphStoreError(mapped.code, `${prefix ? `${prefix}: ` : ""}${mapped.message}`, { cause: error, location: where });
}
