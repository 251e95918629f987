import {
  isEntityTypeName,
  isRelationshipTypeName,
  validateEntityRecord,
  validateRelationshipRecord,
  type EntityTypeName,
  type RecordProblem,
} from "@kgx/domain";
import { GraphStoreError } from "./errors.ts";
import type { GraphBatch, GraphChange, ScriptStatement } from "./port.ts";

const MAX_LISTED_PROBLEMS = 20;

/**
 * Checks a whole batch against the domain model before anything is written, so a write is all or
 * nothing: unknown types and properties, wrong value kinds, duplicate ids, ids that already belong
 * to an entity of another type, dangling endpoints, relationships without a source.
 * `existingTypes` answers for ids that are not in the batch (one round trip).
 */
export async function validateBatch(batch: GraphBatch, existingTypes: (ids: readonly string[]) => Promise<Map<string, EntityTypeName>>): Promise<void> {
  const problems: string[] = [];
  const note = (kind: string, index: number, id: unknown, problem: RecordProblem) =>
    problems.push(`${kind} #${index + 1} (${JSON.stringify(id)}): field "${problem.field}": ${problem.message}`);

  const batchTypes = new Map<string, EntityTypeName>();
  batch.entities.forEach((entity, index) => {
    for (const problem of validateEntityRecord(entity)) note("entity", index, entity.id, problem);
    if (batchTypes.has(entity.id)) note("entity", index, entity.id, { field: "id", message: "appears twice in this batch" });
    batchTypes.set(entity.id, entity.type);
  });

  const referenced = new Set<string>(batch.entities.map((e) => e.id));
  for (const rel of batch.relationships) {
    referenced.add(rel.from);
    referenced.add(rel.to);
    const sources = rel.properties["sources"];
    if (Array.isArray(sources)) for (const s of sources) if (typeof s === "string") referenced.add(s);
  }
  const stored = referenced.size > 0 ? await existingTypes([...referenced]) : new Map<string, EntityTypeName>();

  batch.entities.forEach((entity, index) => {
    const storedType = stored.get(entity.id);
    if (storedType && storedType !== entity.type) {
      note("entity", index, entity.id, { field: "type", message: `id already belongs to a ${storedType}; ids are unique across types` });
    }
  });

  const typeOf = (id: string) => batchTypes.get(id) ?? stored.get(id);
  const relIds = new Set<string>();
  batch.relationships.forEach((rel, index) => {
    for (const problem of validateRelationshipRecord(rel, typeOf)) note("relationship", index, rel.id, problem);
    if (relIds.has(rel.id)) note("relationship", index, rel.id, { field: "id", message: "appears twice in this batch" });
    relIds.add(rel.id);
  });

  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length > listed.length ? `\n…and ${problems.length - listed.length} more` : "";
    throw new GraphStoreError("INVALID_INPUT", `Nothing was written; ${problems.length} problem(s):\n${listed.join("\n")}${more}`);
  }
}

/**
 * The checks that need no store: every record names a type of the domain model and carries a
 * properties object. Adapters call this before they derive anything from a record (a label, a
 * statement, the property specs of its type), so a bad type is INVALID_INPUT even when the
 * backend is unreachable, and never reaches statement text.
 */
export function checkBatchTypes(batch: GraphBatch): void {
  const problems: string[] = [];
  const check = (kind: string, index: number, record: unknown, isKnown: (name: string) => boolean) => {
    const { type, id, properties } = (typeof record === "object" && record !== null ? record : {}) as Record<string, unknown>;
    if (typeof type !== "string" || !isKnown(type))
      problems.push(`${kind} #${index + 1} (${JSON.stringify(id)}): field "type": unknown ${kind} type ${JSON.stringify(type)}`);
    else if (typeof properties !== "object" || properties === null || Array.isArray(properties)) {
      problems.push(`${kind} #${index + 1} (${JSON.stringify(id)}): field "properties": expected an object`);
    }
  };
  if (!Array.isArray(batch.entities) || !Array.isArray(batch.relationships)) {
    throw new GraphStoreError("INVALID_INPUT", "Nothing was written; a batch needs an entities list and a relationships list.");
  }
  batch.entities.forEach((entity, index) => check("entity", index, entity, isEntityTypeName));
  batch.relationships.forEach((rel, index) => check("relationship", index, rel, isRelationshipTypeName));
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length > listed.length ? `\n…and ${problems.length - listed.length} more` : "";
    throw new GraphStoreError("INVALID_INPUT", `Nothing was written; ${problems.length} problem(s):\n${listed.join("\n")}${more}`);
  }
}

/** A relationship a script left without a valid source, as the check after a script found it. */
export interface UnsourcedRelationship {
  readonly type: string;
  readonly id: string;
  /** The cited id that is not a Source entity; absent when the relationship cites none at all. */
  readonly cited?: string;
}

/**
 * A script is Cypher as written, so the domain's rule that every relationship cites at least one
 * Source entity is checked around it, in its transaction: the relationships breaking the rule are
 * read before and after, and a script that adds any is rolled back whole with this error. Ones
 * that broke the rule before the script are not its fault and do not stop it.
 */
export function newlyUnsourced(before: readonly UnsourcedRelationship[], after: readonly UnsourcedRelationship[]): UnsourcedRelationship[] {
  const key = (rel: UnsourcedRelationship) => JSON.stringify([rel.type, rel.id, rel.cited ?? null]);
  const known = new Set(before.map(key));
  return after.filter((rel) => !known.has(key(rel)));
}

const MAX_LISTED_UNSOURCED = 5;

export function unsourcedRelationshipsError(found: readonly UnsourcedRelationship[], statements: readonly ScriptStatement[]): GraphStoreError {
  const lines = found
    .slice(0, MAX_LISTED_UNSOURCED)
    .map((rel) =>
      rel.cited === undefined
        ? `${rel.type} ${JSON.stringify(rel.id)} has no source`
        : `${rel.type} ${JSON.stringify(rel.id)} cites ${JSON.stringify(rel.cited)}, which is not a Source entity`,
    );
  // The file is named only when the script is one file: which of several left the relationship is unknown.
  const files = new Set(statements.map((statement) => statement.file));
  const file = files.size === 1 ? [...files][0] : undefined;
  return new GraphStoreError(
    "INVALID_INPUT",
    `Nothing was written: every relationship needs at least one source (the id of a Source entity) in "sources":\n${lines.join("\n")}` +
      (found.length > lines.length ? `\n…and ${found.length - lines.length} more` : ""),
    { location: { ...(file ? { file } : {}), field: "sources" } },
  );
}

/**
 * The checks of a change that need no store: ids are non-empty strings, nothing is both written
 * and deleted, and nothing written leans on an entity the same change deletes (as an endpoint or
 * as a source). Returns the batch to upsert, empty when the change has none.
 */
export function checkChangeShape(change: GraphChange): GraphBatch {
  const upsert = change.upsert ?? { entities: [], relationships: [] };
  checkBatchTypes(upsert);
  const problems: string[] = [];
  const ids = (list: unknown, field: string): string[] => {
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      problems.push(`field "${field}": expected a list of ids`);
      return [];
    }
    list.forEach((id, index) => {
      if (typeof id !== "string" || id === "") problems.push(`field "${field}[${index}]": expected an id, got ${JSON.stringify(id)}`);
    });
    return list.filter((id): id is string => typeof id === "string");
  };
  const deletedRelationships = new Set(ids(change.deleteRelationships, "deleteRelationships"));
  const deletedEntities = new Set(ids(change.deleteEntities, "deleteEntities"));
  upsert.entities.forEach((entity, index) => {
    if (deletedEntities.has(entity.id)) problems.push(`entity #${index + 1} (${JSON.stringify(entity.id)}): is both written and deleted`);
  });
  upsert.relationships.forEach((rel, index) => {
    if (deletedRelationships.has(rel.id)) problems.push(`relationship #${index + 1} (${JSON.stringify(rel.id)}): is both written and deleted`);
    const sources = Array.isArray(rel.properties["sources"]) ? rel.properties["sources"] : [];
    for (const id of [rel.from, rel.to, ...sources]) {
      if (typeof id === "string" && deletedEntities.has(id)) {
        problems.push(`relationship #${index + 1} (${JSON.stringify(rel.id)}): refers to ${JSON.stringify(id)}, which the same change deletes`);
      }
    }
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length > listed.length ? `\n…and ${problems.length - listed.length} more` : "";
    throw new GraphStoreError("INVALID_INPUT", `Nothing was changed; ${problems.length} problem(s):\n${listed.join("\n")}${more}`);
  }
  return upsert;
}

/** The refusal when a change would delete an entity that keeps relationships it does not delete. */
export function entitiesStillJoinedError(joined: readonly { readonly id: string; readonly relationships: number }[]): GraphStoreError {
  const listed = joined.slice(0, MAX_LISTED_PROBLEMS).map((e) => `${JSON.stringify(e.id)} keeps ${e.relationships} relationship(s)`);
  return new GraphStoreError(
    "INVALID_INPUT",
    `Nothing was changed: an entity to delete is still joined by relationships the change does not delete: ${listed.join("; ")}`,
    { location: { field: "deleteEntities" } },
  );
}

/** The refusal when a change names ids the store does not hold (a plan made from a graph that has changed since). */
export function missingForChangeError(kind: "relationship" | "entity", ids: readonly string[]): GraphStoreError {
  const field = kind === "relationship" ? "deleteRelationships" : "deleteEntities";
  return new GraphStoreError(
    "NOT_FOUND",
    `Nothing was changed: no ${kind} with id ${ids
      .slice(0, MAX_LISTED_PROBLEMS)
      .map((id) => JSON.stringify(id))
      .join(", ")} to delete.`,
    {
      location: { field },
    },
  );
}
