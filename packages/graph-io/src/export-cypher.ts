import type { EntityTypeName } from "@kgx/domain";
import type { GraphBatch } from "@kgx/graph-store";
import { modelProperties, type ModelProperty } from "./export-records.ts";
import { entityPropertySpecs, relationshipPropertySpecs } from "./property-specs.ts";

/**
 * Cypher that runs unchanged on Kùzu and on Neo4j: one MERGE per entity keyed by id, then one
 * MATCH … MERGE per relationship keyed by its id, each SETting the properties in model order.
 * `typeById` gives each relationship endpoint's label; every endpoint must be in it.
 */
export function exportCypher(batch: GraphBatch, typeById: ReadonlyMap<string, EntityTypeName>): string {
  const lines: string[] = [];
  for (const entity of batch.entities) {
    const sets = modelProperties(entity, entityPropertySpecs(entity.type).list).map((p) => `n.${p.spec.name} = ${cypherValue(p)}`);
    lines.push(`MERGE (n:${entity.type} {id: ${cypherString(entity.id)}})${setClause(sets)};`);
  }
  if (batch.entities.length > 0 && batch.relationships.length > 0) lines.push("");
  for (const relationship of batch.relationships) {
    const fromType = typeById.get(relationship.from);
    const toType = typeById.get(relationship.to);
    if (!fromType || !toType) throw new Error(`relationship ${relationship.id} has an endpoint outside the batch`);
    const sets = modelProperties(relationship, relationshipPropertySpecs(relationship.type).list).map((p) => `r.${p.spec.name} = ${cypherValue(p)}`);
    lines.push(
      `MATCH (a:${fromType} {id: ${cypherString(relationship.from)}}), (b:${toType} {id: ${cypherString(relationship.to)}}) ` +
        `MERGE (a)-[r:${relationship.type} {id: ${cypherString(relationship.id)}}]->(b)${setClause(sets)};`,
    );
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

function setClause(assignments: readonly string[]): string {
  return assignments.length === 0 ? "" : ` SET ${assignments.join(", ")}`;
}

function cypherValue({ spec, value }: ModelProperty): string {
  switch (spec.kind) {
    case "string":
      return cypherString(String(value));
    case "string[]":
      return `[${(value as readonly string[]).map(cypherString).join(",")}]`;
    case "int":
      return String(value);
    case "float":
      return cypherFloat(value as number);
    case "boolean":
      return value ? "true" : "false";
    case "date":
      return `date(${cypherString(String(value))})`;
  }
}

/**
 * A string literal both engines read back as `value`.
 *
 * Kùzu (0.11) reads a backslash as "take the next character literally" and does not decode \n or
 * \uXXXX, which Neo4j does; so only the backslash and the quote are escaped, and every other
 * character, line breaks included, is written as itself: inside quotes it means the same to both.
 * The exceptions cannot be written as themselves: NUL (a file holding one is refused as binary)
 * and unpaired surrogates (not encodable in UTF-8). They get the openCypher \uXXXX escape, which
 * Neo4j decodes and Kùzu keeps as the letters "uXXXX".
 */
export function cypherString(value: string): string {
  const escaped = value.replace(
    // eslint-disable-next-line no-control-regex -- NUL is one of the characters this escapes
    /[\\'\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (ch) => (ch === "\\" ? "\\\\" : ch === "'" ? "\\'" : `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`),
  );
  return `'${escaped}'`;
}

/**
 * A float literal that both engines read as a DOUBLE and as exactly `value`: always with a
 * decimal point, and with the exponent written without "+", which openCypher's grammar lacks.
 */
export function cypherFloat(value: number): string {
  const text = String(value);
  const [mantissa = text, exponent] = text.split("e");
  const withPoint = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withPoint : `${withPoint}e${exponent.replace("+", "")}`;
}
