import {
  validateEntityRecord,
  validateRelationshipRecord,
  type EntityTypeName,
  type RecordProblem,
} from "@kgx/domain";
import { GraphStoreError } from "./errors.ts";
import type { GraphBatch } from "./port.ts";

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
