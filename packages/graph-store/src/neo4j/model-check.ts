import {
  NEO4J_SEARCH_KEY,
  entityProperties,
  isEntityTypeName,
  isRelationshipTypeName,
  relationshipProperties,
  validateEntityRecord,
  validateRelationshipRecord,
  type EntityTypeName,
  type PropertySpec,
} from "@kgx/domain";
import { isDate, type Node, type Relationship } from "neo4j-driver";
import { toPropertyValue } from "./values.ts";

/**
 * What a script left in the graph, checked against the domain model, as Kùzu's typed tables check
 * it on the embedded store: Neo4j stores any property of any type, so a script that writes a date
 * as a string (`effectiveFrom: '2025-01-05'`) or a property the model does not have would
 * otherwise be kept, and the date would drop out of every time filter.
 */

/** At most this many problems are listed; the first ones are enough to fix the file. */
const MAX_PROBLEMS = 10;

export interface StoredRelationship {
  readonly relationship: Relationship;
  readonly from: string;
  readonly to: string;
}

/** A property whose model kind is date but whose stored value is not a Neo4j date. */
function storedKindProblem(spec: PropertySpec | undefined, raw: unknown): string | undefined {
  if (spec?.kind === "date" && raw !== null && raw !== undefined && !isDate(raw)) {
    return `is stored as ${typeof raw === "string" ? `the text ${JSON.stringify(raw)}` : typeof raw}, not a date: write date('YYYY-MM-DD')`;
  }
  return undefined;
}

function recordProperties(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === "id" || name === NEO4J_SEARCH_KEY || value === null || value === undefined) continue;
    out[name] = toPropertyValue(value);
  }
  return out;
}

/** Problems of the stored entities and relationships, as "Type id: field: message" lines. */
export function modelProblems(nodes: readonly Node[], relationships: readonly StoredRelationship[]): string[] {
  const problems: string[] = [];
  const typeById = new Map<string, EntityTypeName>();
  for (const node of nodes) {
    const type = node.labels.find(isEntityTypeName);
    const id = String(toPropertyValue(node.properties["id"]));
    if (type) typeById.set(id, type);
  }
  for (const node of nodes) {
    if (problems.length >= MAX_PROBLEMS) break;
    const type = node.labels.find(isEntityTypeName);
    if (!type) continue;
    const id = String(toPropertyValue(node.properties["id"]));
    const specs = new Map(entityProperties(type).map((spec) => [spec.name, spec]));
    for (const [name, raw] of Object.entries(node.properties)) {
      const problem = storedKindProblem(specs.get(name), raw);
      if (problem) problems.push(`${type} "${id}": field "${name}" ${problem}`);
    }
    for (const problem of validateEntityRecord({ type, id, properties: recordProperties(node.properties) })) {
      problems.push(`${type} "${id}": field "${problem.field}": ${problem.message}`);
    }
  }
  for (const { relationship, from, to } of relationships) {
    if (problems.length >= MAX_PROBLEMS) break;
    const type = relationship.type;
    const id = String(toPropertyValue(relationship.properties["id"]));
    if (!isRelationshipTypeName(type)) {
      problems.push(`relationship "${id}" (${from} → ${to}): its type ${type} is not one of the model's`);
      continue;
    }
    const specs = new Map(relationshipProperties(type).map((spec) => [spec.name, spec]));
    for (const [name, raw] of Object.entries(relationship.properties)) {
      const problem = storedKindProblem(specs.get(name), raw);
      if (problem) problems.push(`${type} "${id}": field "${name}" ${problem}`);
    }
    const record = { type, id, from, to, properties: recordProperties(relationship.properties) };
    for (const problem of validateRelationshipRecord(record, (entityId) => typeById.get(entityId))) {
      problems.push(`${type} "${id}" (${from} → ${to}): field "${problem.field}": ${problem.message}`);
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}
