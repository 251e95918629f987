import {
  isEntityTypeName,
  isRelationshipTypeName,
  validateEntityRecord,
  validateRelationshipRecord,
  type EntityTypeName,
  type RecordProblem,
} from "@kgx/domain";
import { GraphStoreError } from "./errors.ts";
import type { GraphBatch, ScriptStatement } from "./port.ts";

const MAX_LISTED_PROBLEMS = 20;

/**
 * Checks a whole batch against the domain model before anything is written, so a write is all or
 * nothing: unknown types and properties, wrong value kinds, duplicate ids, ids that already belong
 * to an entity of another type, dangling endpoints, relationships without a source.
 * `existingTypes` answers for ids that are not in the batch (one round trip).
 */
export async function validateBatch(
  batch: GraphBatch,
  existingTypes: (ids: readonly string[]) => Promise<Map<string, EntityTypeName>>,
): Promise<void> {
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
    if (typeof type !== "string" || !isKnown(type)) problems.push(`${kind} #${index + 1} (${JSON.stringify(id)}): field "type": unknown ${kind} type ${JSON.stringify(type)}`);
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
  const lines = found.slice(0, MAX_LISTED_UNSOURCED).map((rel) =>
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
