import { ENTITY_TYPES, type EntityTypeName } from "@kgx/domain";

/**
 * The Cypher the embedded adapter sends to Kùzu. Kùzu's dialect differs from Neo4j's in a few
 * places, marked here: `label(x)` instead of `labels(n)`/`type(r)`, `:A:B` for "either label"
 * where Neo4j writes `:A|B`, `[* SHORTEST 1..k]` for shortest paths, and `string_split` to carry
 * string lists through parameters (see row encoding in embedded-graph-store.ts).
 *
 * Labels and relationship types are never taken from input text: they come from the domain model
 * (checked by the callers) and every value is a parameter.
 */

/** Kùzu's "any of these labels" pattern (Neo4j: `:A|B`). */
export function labelUnion(labels: readonly string[]): string {
  return labels.length === 0 ? "" : `:${labels.join(":")}`;
}

/** Resolves which table each id lives in, with one primary-key lookup per table. */
export const ENTITY_TYPES_OF = ENTITY_TYPES.map((t) => `UNWIND $ids AS wanted MATCH (n:${t.name} {id: wanted}) RETURN n.id AS id, '${t.name}' AS type`).join(
  " UNION ALL ",
);

/** The table of one id: a primary-key lookup per table, far cheaper than ENTITY_TYPES_OF for a single id. */
export const ENTITY_TYPE_OF = ENTITY_TYPES.map((t) => `MATCH (n:${t.name} {id: $id}) RETURN n.id AS id, '${t.name}' AS type`).join(" UNION ALL ");

/**
 * One entity by id. A literal-key pattern is a primary-key lookup (about 0.3 ms at 25k entities),
 * where `UNWIND $ids … {id: wanted}` joins against a scan of the table (about 2 ms, however few ids).
 */
export function getEntityOfType(type: EntityTypeName): string {
  return `MATCH (n:${type} {id: $id}) RETURN n`;
}

export function getEntitiesOfType(type: EntityTypeName): string {
  return `UNWIND $ids AS wanted MATCH (n:${type} {id: wanted}) RETURN n`;
}

export type PatternDirection = "out" | "in" | "both";

function pattern(centerType: EntityTypeName, rel: string, relTypes: readonly string[], direction: PatternDirection, center = "c", other = "m"): string {
  const relPart = `[${rel}${relTypes.length > 0 ? `:${relTypes.join("|")}` : ""}]`;
  const left = `(${center}:${centerType} {id: $id})`;
  if (direction === "out") return `${left}-${relPart}->(${other})`;
  if (direction === "in") return `${left}<-${relPart}-(${other})`;
  return `${left}-${relPart}-(${other})`;
}

export function neighborCount(centerType: EntityTypeName, relTypes: readonly string[], direction: PatternDirection): string {
  return `MATCH ${pattern(centerType, "r", relTypes, direction)} RETURN count(DISTINCT m) AS total`;
}

/**
 * One page of neighbours by name, each with the centre and every relationship between the two.
 * Grouping by neighbour walks the pattern once, where `DISTINCT m … MATCH` again walked it twice.
 */
export function neighborPage(centerType: EntityTypeName, relTypes: readonly string[], direction: PatternDirection): string {
  return `MATCH ${pattern(centerType, "r", relTypes, direction)}
WITH c, m, collect(r) AS rs ORDER BY m.name, m.id SKIP $offset LIMIT $limit
RETURN c, m, rs`;
}

/**
 * Neighbours up to `depth` hops away, each once at its shortest distance. Kùzu's `SHORTEST` with
 * an unbound far end gives one path per reachable node, which is exactly "distinct neighbours by
 * distance" without walking every path (a plain `*1..3` enumerates thousands of walks around a hub).
 * The hop bound is a literal because Kùzu wants it so; depth is a checked integer.
 */
function reachPattern(centerType: EntityTypeName, relTypes: readonly string[], direction: PatternDirection, depth: number): string {
  const relPart = `[${relTypes.length > 0 ? `:${relTypes.join("|")}` : ""}* SHORTEST 1..${depth}]`;
  const left = `(c:${centerType} {id: $id})`;
  if (direction === "out") return `${left}-${relPart}->(m)`;
  if (direction === "in") return `${left}<-${relPart}-(m)`;
  return `${left}-${relPart}-(m)`;
}

export function reachableCount(centerType: EntityTypeName, relTypes: readonly string[], direction: PatternDirection, depth: number): string {
  return `MATCH p = ${reachPattern(centerType, relTypes, direction, depth)} RETURN count(DISTINCT m) AS total`;
}

export function reachablePage(centerType: EntityTypeName, relTypes: readonly string[], direction: PatternDirection, depth: number): string {
  return `MATCH p = ${reachPattern(centerType, relTypes, direction, depth)}
WITH m, min(length(p)) AS distance
RETURN m, distance ORDER BY distance, m.name, m.id SKIP $offset LIMIT $limit`;
}

/** Relationships with both ends among the given ids, as stored (direction is filtered by the caller). */
export function relationshipsAmong(relTypes: readonly string[]): string {
  return `MATCH (a)-[r${relTypes.length > 0 ? `:${relTypes.join("|")}` : ""}]->(b) WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target, r`;
}

/**
 * The relationships on one side of entities of one type. Callers pass only relationship types the
 * model allows on that side of that entity type: Kùzu refuses a pattern no table can match.
 */
export function relationshipsOnSide(type: EntityTypeName, relTypes: readonly string[], side: "out" | "in"): string {
  const rel = `[r:${relTypes.join("|")}]`;
  const pattern = side === "out" ? `(a:${type} {id: wanted})-${rel}->(b)` : `(a)-${rel}->(b:${type} {id: wanted})`;
  return `UNWIND $ids AS wanted MATCH ${pattern} RETURN wanted AS owner, a.id AS source, b.id AS target, r`;
}

export function countEntities(types: readonly string[]): string {
  return `MATCH (n${labelUnion(types)}) RETURN count(n) AS total`;
}

export function entityPage(types: readonly string[]): string {
  return `MATCH (n${labelUnion(types)}) RETURN n ORDER BY n.name, n.id SKIP $offset LIMIT $limit`;
}

export function shortestPath(fromType: EntityTypeName, toType: EntityTypeName, maxHops: number, relTypes?: readonly string[]): string {
  // Kùzu wants the hop bounds as literals; maxHops is a checked integer, the types the model's own names.
  const types = relTypes ? `:${relTypes.join("|")}` : "";
  return `MATCH p = (a:${fromType} {id: $from})-[${types}* SHORTEST 1..${maxHops}]-(b:${toType} {id: $to}) RETURN p LIMIT 1`;
}

export function entitiesInRange(type: EntityTypeName, fromProp: string, toProp: string | undefined, hasFrom: boolean, hasTo: boolean): string {
  const end = toProp ? `coalesce(n.${toProp}, n.${fromProp})` : `n.${fromProp}`;
  const conditions = [`n.${fromProp} IS NOT NULL`];
  if (hasTo) conditions.push(`n.${fromProp} <= date($to)`);
  if (hasFrom) conditions.push(`${end} >= date($from)`);
  return `MATCH (n:${type}) WHERE ${conditions.join(" AND ")} RETURN n`;
}

export function relationshipsInRange(hasFrom: boolean, hasTo: boolean): string {
  const conditions = ["(r.validFrom IS NOT NULL OR r.validTo IS NOT NULL)"];
  if (hasTo) conditions.push("(r.validFrom IS NULL OR r.validFrom <= date($to))");
  if (hasFrom) conditions.push("(r.validTo IS NULL OR r.validTo >= date($from))");
  return `MATCH (a)-[r]->(b) WHERE ${conditions.join(" AND ")} RETURN a.id AS source, b.id AS target, r ORDER BY coalesce(r.validFrom, r.validTo), r.id`;
}

/** 1 when the store holds any entity, else 0: the bulk path is only for an empty store. */
export const ANY_ENTITY = "MATCH (n) WITH n LIMIT 1 RETURN count(n) AS found";
export const COUNT_ENTITIES_BY_TYPE = "MATCH (n) RETURN label(n) AS type, count(*) AS count";
export const COUNT_RELATIONSHIPS_BY_TYPE = "MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS count";
/** Relationships per (type, source type, target type), for the schema summary's connections. */
export const COUNT_CONNECTIONS = "MATCH (a)-[r]->(b) RETURN label(r) AS type, label(a) AS source, label(b) AS target, count(*) AS count";
export const COUNT_RELATIONSHIPS_WITHOUT_SOURCE = "MATCH ()-[r]->() WHERE r.sources IS NULL OR size(r.sources) = 0 RETURN count(*) AS count";
/**
 * Relationships without a source, before and after a script (see runScript). Run inside
 * the script's own transaction, where Kùzu 0.11.3 was seen to answer `a.id` of relationships not
 * yet committed with another node's id (and repeat the row), so endpoints are not asked for.
 */
export const UNSOURCED_RELATIONSHIPS =
  "MATCH ()-[r]->() WHERE r.sources IS NULL OR size(r.sources) = 0 RETURN DISTINCT label(r) AS type, r.id AS id LIMIT 10000";
/** Relationships citing a source id that is not a Source entity. */
export const RELATIONSHIPS_CITING_NO_SOURCE =
  "MATCH ()-[r]->() UNWIND r.sources AS cited OPTIONAL MATCH (s:Source {id: cited}) WITH r, cited, s WHERE s IS NULL RETURN DISTINCT label(r) AS type, r.id AS id, cited LIMIT 10000";
export const DELETE_RELATIONSHIP = "MATCH ()-[r]->() WHERE r.id = $id DELETE r RETURN count(*) AS deleted";
export const FIND_RELATIONSHIP = "MATCH ()-[r]->() WHERE r.id = $id RETURN count(*) AS found";
export const TABLE_IDS = "CALL show_tables() RETURN id, name";

export function nodesByOffsets(type: string): string {
  return `MATCH (n:${type}) WHERE offset(id(n)) IN $offsets RETURN offset(id(n)) AS offset, n.id AS id`;
}

export function exportEntities(type: EntityTypeName): string {
  return `MATCH (n:${type}) RETURN n ORDER BY n.id`;
}

export function exportRelationships(type: string): string {
  return `MATCH (a)-[r:${type}]->(b) RETURN a.id AS source, b.id AS target, r ORDER BY r.id`;
}

/** Every entity's names, for the in-memory search index (search-index.ts); one scan per table. */
export const SEARCH_INDEX_ROWS = ENTITY_TYPES.map(
  (t) => `MATCH (n:${t.name}) RETURN n.id AS id, '${t.name}' AS type, n.name AS name, n.nameJa AS nameJa, n.aliases AS aliases`,
).join(" UNION ALL ");

/** The names of some entities of one type, to patch the search index after a write. */
export function searchIndexRowsOf(type: EntityTypeName): string {
  return `UNWIND $ids AS wanted MATCH (n:${type} {id: wanted}) RETURN n.id AS id, n.name AS name, n.nameJa AS nameJa, n.aliases AS aliases`;
}

/** Which of these relationship ids exist, in any table. */
export const RELATIONSHIPS_WITH_IDS = "MATCH ()-[r]->() WHERE r.id IN $ids RETURN DISTINCT r.id AS id";
export const DELETE_RELATIONSHIPS_WITH_IDS = "MATCH ()-[r]->() WHERE r.id IN $ids DELETE r";

/** How many relationships each of these entities of one type still has. */
export function relationshipCountsOf(type: EntityTypeName): string {
  return `MATCH (n:${type})-[r]-() WHERE n.id IN $ids RETURN n.id AS id, count(r) AS relationships`;
}

/** Kùzu refuses to delete a node that still has relationships; the adapter has deleted them first. */
export function deleteEntitiesOfType(type: EntityTypeName): string {
  return `MATCH (n:${type}) WHERE n.id IN $ids DELETE n`;
}
