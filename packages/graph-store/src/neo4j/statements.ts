import {
  ENTITY_TYPE_NAMES,
  NEO4J_SEARCH_KEY,
  RELATIONSHIP_TYPE_NAMES,
  entityProperties,
  neo4jSchemaStatements,
  relationshipProperties,
  type EntityTypeName,
  type PropertySpec,
  type RelationshipTypeName,
} from "@kgx/domain";

/**
 * Every Cypher statement the Neo4j adapter sends, in one place so that a test can parse each of
 * them with Neo4j's own parser (and another can read the server's plan of each). Lookups by id
 * carry `USING INDEX` hints: on a small or new graph the planner would otherwise choose a scan,
 * whose cost then grows with the graph. Values always travel as parameters. The only names spliced into
 * the text are labels, relationship types and property names taken from the domain model, and
 * the hop bound of shortestPath (an integer), because Cypher accepts none of those as parameters.
 */

/** Guards the splicing: a model name that is not a plain identifier must never reach the text. */
function modelName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" cannot be used as a Cypher name`);
  return name;
}

export const GET_ENTITIES = `
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n`;

/** Every entity's names, for the typo-tolerant name index; the type is the label besides Entity. */
export const NAME_ROWS = `
MATCH (n:Entity)
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type, n.name AS name, n.nameJa AS nameJa, n.aliases AS aliases`;

export const ENTITY_TYPES_OF = `
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id, labels(n) AS labels`;

/**
 * The search key of node `n`: its names and aliases, lower-cased, joined by U+001F. Every match
 * search ranks is a fragment of it, so the text index on it narrows the candidates first.
 */
function searchKeyOf(variable: string): string {
  return `toLower(reduce(key = '', part IN [name IN [${variable}.name, ${variable}.nameJa] + coalesce(${variable}.aliases, []) WHERE name IS NOT NULL] | key + '\\u001f' + part))`;
}

/** Sets the search key of every entity that lacks one (stores written before it existed). */
export const ADD_MISSING_SEARCH_KEYS = `
MATCH (n:Entity)
WHERE n.${NEO4J_SEARCH_KEY} IS NULL
SET n.${NEO4J_SEARCH_KEY} = ${searchKeyOf("n")}`;

/** Sets every entity's search key again, after a script that may have renamed any of them. */
export const REFRESH_SEARCH_KEYS = `
MATCH (n:Entity)
SET n.${NEO4J_SEARCH_KEY} = ${searchKeyOf("n")}`;

/**
 * Ranks in the statement rather than in JavaScript so that LIMIT applies after ranking:
 * 0 whole name (English or Japanese), 1 whole alias, 2 start of a name or alias, 3 anywhere.
 */
export const SEARCH_ENTITIES = `
MATCH (n:Entity)
WHERE n.${NEO4J_SEARCH_KEY} CONTAINS $query
  AND (size($types) = 0 OR any(label IN labels(n) WHERE label IN $types))
WITH n,
     [name IN [n.name, n.nameJa] WHERE name IS NOT NULL] AS names,
     coalesce(n.aliases, []) AS aliases
WITH n, names, aliases, names + aliases AS candidates
WITH n, names, aliases, candidates,
     CASE
       WHEN any(name IN names WHERE toLower(name) = $query) THEN 0
       WHEN any(alias IN aliases WHERE toLower(alias) = $query) THEN 1
       WHEN any(candidate IN candidates WHERE toLower(candidate) STARTS WITH $query) THEN 2
       WHEN any(candidate IN candidates WHERE toLower(candidate) CONTAINS $query) THEN 3
     END AS rank
WHERE rank IS NOT NULL
WITH n, rank,
     CASE rank
       WHEN 0 THEN [name IN names WHERE toLower(name) = $query]
       WHEN 1 THEN [alias IN aliases WHERE toLower(alias) = $query]
       WHEN 2 THEN [candidate IN candidates WHERE toLower(candidate) STARTS WITH $query]
       ELSE [candidate IN candidates WHERE toLower(candidate) CONTAINS $query]
     END AS matches
RETURN n, rank, head(matches) AS matched
ORDER BY rank, n.name, n.id
LIMIT $limit`;

const NEIGHBOR_FILTER = `($direction = 'both'
       OR ($direction = 'out' AND startNode(r) = c)
       OR ($direction = 'in' AND endNode(r) = c))
  AND (size($relationshipTypes) = 0 OR type(r) IN $relationshipTypes)`;

/** One round trip for both the page and the total; collect() keeps the order of the preceding WITH. */
export const NEIGHBOR_PAGE = `
MATCH (c:Entity {id: $id})-[r]-(m:Entity) USING INDEX c:Entity(id)
WHERE m <> c
  AND ${NEIGHBOR_FILTER}
WITH DISTINCT m
ORDER BY m.name, m.id
WITH collect(m) AS neighbors
RETURN size(neighbors) AS total, neighbors[$offset..($offset + $limit)] AS page`;

export const NEIGHBOR_RELATIONSHIPS = `
MATCH (c:Entity {id: $id})-[r]-(m:Entity) USING INDEX c:Entity(id)
WHERE m.id IN $neighborIds
  AND ${NEIGHBOR_FILTER}
RETURN r, startNode(r).id AS source, endNode(r).id AS target
ORDER BY type(r), r.id`;

export const MAX_NEIGHBORHOOD_DEPTH = 3;

/**
 * One hop of a breadth-first walk: the distinct entities next to any entity of the frontier, with
 * the name they are ordered by. A variable-length pattern (`[*1..3]`) would enumerate every walk
 * around a hub, thousands of times more rows than entities; hop by hop, each entity is read once
 * per frontier it borders, and the caller keeps the ones not reached before. The direction picks
 * the arrow, so there is one statement per direction.
 */
function nextHopText(direction: "out" | "in" | "both"): string {
  const pattern = direction === "out" ? "(c)-[r]->(m:Entity)" : direction === "in" ? "(c)<-[r]-(m:Entity)" : "(c)-[r]-(m:Entity)";
  return `
UNWIND $frontier AS frontierId
MATCH (c:Entity {id: frontierId}) USING INDEX c:Entity(id)
MATCH ${pattern}
WHERE size($relationshipTypes) = 0 OR type(r) IN $relationshipTypes
RETURN DISTINCT m.id AS id, m.name AS name`;
}

/** `NEXT_HOP[direction]`: the neighbourhoods deeper than one hop, walked breadth-first. */
export const NEXT_HOP: Readonly<Record<"out" | "in" | "both", string>> = {
  out: nextHopText("out"),
  in: nextHopText("in"),
  both: nextHopText("both"),
};

/** Relationships with both ends among the given ids, as stored; the caller keeps those crossed on the way out. */
export const RELATIONSHIPS_AMONG = `
MATCH (a:Entity)-[r]->(b:Entity) USING INDEX a:Entity(id)
WHERE a.id IN $ids AND b.id IN $ids
  AND (size($relationshipTypes) = 0 OR type(r) IN $relationshipTypes)
RETURN r, a.id AS source, b.id AS target`;

/** Every relationship of several entities in one round trip; the caller pages each entity's list. */
export const RELATIONSHIPS_OF_MANY = `
UNWIND $ids AS owner
MATCH (c:Entity {id: owner})-[r]-(m:Entity) USING INDEX c:Entity(id)
WHERE ($direction = 'both'
       OR ($direction = 'out' AND startNode(r) = c)
       OR ($direction = 'in' AND endNode(r) = c))
  AND (size($relationshipTypes) = 0 OR type(r) IN $relationshipTypes)
RETURN owner, r, startNode(r).id AS source, endNode(r).id AS target`;

/**
 * Entities per type from Neo4j's count store, a row per type of the model (zero included): no node
 * is read. Top-level UNION ALL rather than a CALL subquery, whose syntax changed within Neo4j 5.
 */
export const COUNT_ENTITIES_BY_TYPE = ENTITY_TYPE_NAMES.map(
  (type) => `MATCH (n:${modelName(type)}) WITH count(n) AS count RETURN '${type}' AS label, count`,
).join("\nUNION ALL\n");

export const ENTITY_PAGE = `
MATCH (n:Entity)
WHERE size($types) = 0 OR any(label IN labels(n) WHERE label IN $types)
RETURN n
ORDER BY n.name, n.id
SKIP $offset
LIMIT $limit`;

export const MAX_SHORTEST_PATH_HOPS = 10;

function shortestPathText(maxHops: number, relTypes?: readonly string[]): string {
  const types = relTypes ? `:${relTypes.map(modelName).join("|")}` : "";
  return `
MATCH (a:Entity {id: $fromId}), (b:Entity {id: $toId}),
      p = shortestPath((a)-[${types}*..${maxHops}]-(b))
RETURN p`;
}

/** Index k holds the statement for a bound of k hops; index 0 is unused. */
export const SHORTEST_PATH_BY_MAX_HOPS: readonly string[] = Array.from({ length: MAX_SHORTEST_PATH_HOPS + 1 }, (_, hops) =>
  hops === 0 ? "" : shortestPathText(hops),
);

/** The statement for a bound of `maxHops`, over the given relationship types (the model's names) or all. */
export function shortestPathStatement(maxHops: number, relTypes?: readonly string[]): string {
  const statement = SHORTEST_PATH_BY_MAX_HOPS[maxHops];
  if (!Number.isInteger(maxHops) || !statement) throw new RangeError(`maxHops must be a whole number from 1 to ${MAX_SHORTEST_PATH_HOPS}`);
  return relTypes ? shortestPathText(maxHops, relTypes) : statement;
}

/** Stand-ins for an open end of a date range, so no statement has to call date() on null. */
export const EARLIEST_DATE = "0001-01-01";
export const LATEST_DATE = "9999-12-31";

/**
 * `$timeProperties` is a list of {type, from, to} taken from the model (to = from for types that
 * have no end date); `$from` and `$to` are always dates. `date()` accepts both stored dates and
 * `YYYY-MM-DD` strings, so hand-written scripts that store plain strings still compare correctly.
 */
export const VALID_DURING_ENTITIES = `
UNWIND $timeProperties AS spec
MATCH (n:Entity)
WHERE spec.type IN labels(n) AND n[spec.from] IS NOT NULL
WITH n, date(n[spec.from]) AS startsOn, date(coalesce(n[spec.to], n[spec.from])) AS endsOn
WHERE endsOn >= date($from) AND startsOn <= date($to)
RETURN n, startsOn
ORDER BY startsOn, n.name, n.id`;

/** A relationship with only one end of validity is open towards the other. */
export const VALID_DURING_RELATIONSHIPS = `
MATCH (a:Entity)-[r]->(b:Entity)
WHERE (r.validFrom IS NOT NULL OR r.validTo IS NOT NULL)
  AND date(coalesce(r.validFrom, '${EARLIEST_DATE}')) <= date($to)
  AND date(coalesce(r.validTo, '${LATEST_DATE}')) >= date($from)
RETURN r, a.id AS source, b.id AS target
ORDER BY date(coalesce(r.validFrom, r.validTo)), r.id`;

export const COUNT_ENTITIES = `
MATCH (n:Entity)
RETURN count(n) AS count`;

export const COUNT_RELATIONSHIPS_BY_TYPE = `
MATCH ()-[r]->()
RETURN type(r) AS type,
       count(r) AS count,
       count(CASE WHEN r.sources IS NULL OR size(r.sources) = 0 THEN 1 END) AS withoutSource`;

/**
 * Relationships per type and the labels of their two ends, for the schema summary's connections;
 * the entity type among each end's labels is picked in code, as for every node read.
 */
export const COUNT_CONNECTIONS = `
MATCH (a)-[r]->(b)
RETURN type(r) AS type, labels(a) AS sourceLabels, labels(b) AS targetLabels, count(r) AS count`;

/** Relationships in user results carry only element ids of their ends; this turns them into entity ids. */
export const ENTITY_IDS_BY_ELEMENT_ID = `
UNWIND $elementIds AS wanted
MATCH (n)
WHERE elementId(n) = wanted
RETURN wanted AS elementId, n.id AS id`;

/**
 * One statement per relationship type, joined by UNION ALL, each looking its relationships up in
 * that type's index on `id`: an id alone names no type, and an untyped pattern would read every
 * relationship in the graph. `body` continues after `MATCH (a)-[r:TYPE]->(b)` and must RETURN.
 */
function perRelationshipType(body: string): string {
  return RELATIONSHIP_TYPE_NAMES.map((type) => `MATCH (a)-[r:${modelName(type)}]->(b) USING INDEX r:${modelName(type)}(id)\n${body}`).join("\nUNION ALL\n");
}

/**
 * Upserts are keyed on the relationship id, but MERGE matches on type and endpoints too; a record
 * that moves an existing id to another type or other endpoints would otherwise leave a duplicate.
 * `$rowsById` maps each id in the batch to {type, from, to}.
 */
export const DELETE_MOVED_RELATIONSHIPS = perRelationshipType(`WHERE r.id IN $ids
WITH a, r, b, $rowsById[r.id] AS row
WHERE type(r) <> row.type OR a.id <> row.from OR b.id <> row.to
DELETE r
RETURN count(*) AS moved`);

/**
 * Date properties travel as `YYYY-MM-DD` strings in `row.dates` and are stored as Cypher dates;
 * a record that leaves a date out keeps the stored one, as `+=` does for the other properties.
 */
function dateAssignments(variable: string, properties: readonly PropertySpec[]): string[] {
  return properties
    .filter((p) => p.kind === "date")
    .map((p) => {
      const name = modelName(p.name);
      return `${variable}.${name} = CASE WHEN row.dates.${name} IS NULL THEN ${variable}.${name} ELSE date(row.dates.${name}) END`;
    });
}

function upsertEntitiesText(type: EntityTypeName): string {
  const assignments = ["n:Entity", "n += row.properties", ...dateAssignments("n", entityProperties(type))];
  return `
UNWIND $rows AS row
MERGE (n:${modelName(type)} {id: row.id})
SET ${assignments.join(",\n    ")}
SET n.${NEO4J_SEARCH_KEY} = ${searchKeyOf("n")}
RETURN count(n) AS written`;
}

function upsertRelationshipsText(type: RelationshipTypeName): string {
  const assignments = ["r += row.properties", ...dateAssignments("r", relationshipProperties(type))];
  return `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) USING INDEX a:Entity(id)
MATCH (b:Entity {id: row.to}) USING INDEX b:Entity(id)
MERGE (a)-[r:${modelName(type)} {id: row.id}]->(b)
SET ${assignments.join(",\n    ")}
RETURN count(r) AS written`;
}

export const UPSERT_ENTITIES: Readonly<Record<EntityTypeName, string>> = Object.fromEntries(
  ENTITY_TYPE_NAMES.map((type) => [type, upsertEntitiesText(type)]),
) as Record<EntityTypeName, string>;

export const UPSERT_RELATIONSHIPS: Readonly<Record<RelationshipTypeName, string>> = Object.fromEntries(
  RELATIONSHIP_TYPE_NAMES.map((type) => [type, upsertRelationshipsText(type)]),
) as Record<RelationshipTypeName, string>;

/** Scripts (the shipped knowledge files) write only the type label; lookups by id need `Entity` too. */
export const ADD_MISSING_ENTITY_LABELS = `
MATCH (n)
WHERE NOT n:Entity AND any(label IN labels(n) WHERE label IN $entityTypes)
SET n:Entity`;

/** Relationships without a source, before and after a script in its transaction (see runScript). */
export const UNSOURCED_RELATIONSHIPS = `
MATCH ()-[r]->() WHERE r.sources IS NULL OR size(r.sources) = 0
RETURN DISTINCT type(r) AS type, r.id AS id LIMIT 10000`;

/** Relationships citing a source id that is not a Source entity. */
export const RELATIONSHIPS_CITING_NO_SOURCE = `
MATCH ()-[r]->() UNWIND r.sources AS cited
WITH r, cited WHERE NOT EXISTS { MATCH (s:Source {id: cited}) }
RETURN DISTINCT type(r) AS type, r.id AS id, cited LIMIT 10000`;

/** A row per relationship type with how many it deleted; the caller adds them up. */
export const DELETE_RELATIONSHIP = perRelationshipType(`WHERE r.id = $id
DELETE r
RETURN count(*) AS deleted`);

/** Which of these relationship ids exist (see applyChange). */
export const RELATIONSHIPS_WITH_IDS = perRelationshipType(`WHERE r.id IN $ids
RETURN r.id AS id`);

export const DELETE_RELATIONSHIPS_WITH_IDS = perRelationshipType(`WHERE r.id IN $ids
DELETE r
RETURN count(*) AS deleted`);

/** How many relationships each of these entities has; an id without an entity has no row. */
export const RELATIONSHIP_COUNTS_OF = `
MATCH (n:Entity) WHERE n.id IN $ids
RETURN n.id AS id, COUNT { (n)--() } AS relationships`;

/** DETACH only as a guard: applyChange has refused any entity that still had relationships. */
export const DELETE_ENTITIES = `
MATCH (n:Entity) WHERE n.id IN $ids
DETACH DELETE n
RETURN count(*) AS deleted`;

export const EXPORT_ENTITIES = `
MATCH (n:Entity)
RETURN n
ORDER BY n.id`;

export const EXPORT_RELATIONSHIPS = `
MATCH (a:Entity)-[r]->(b:Entity)
RETURN r, a.id AS from, b.id AS to
ORDER BY r.id`;

export const SCHEMA_STATEMENTS: readonly string[] = neo4jSchemaStatements();

export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/** Every statement above, named for test output. */
export function allStatements(): NamedStatement[] {
  return [
    { name: "GET_ENTITIES", text: GET_ENTITIES },
    { name: "ENTITY_TYPES_OF", text: ENTITY_TYPES_OF },
    { name: "SEARCH_ENTITIES", text: SEARCH_ENTITIES },
    { name: "NAME_ROWS", text: NAME_ROWS },
    { name: "NEIGHBOR_PAGE", text: NEIGHBOR_PAGE },
    { name: "NEIGHBOR_RELATIONSHIPS", text: NEIGHBOR_RELATIONSHIPS },
    ...Object.entries(NEXT_HOP).map(([direction, text]) => ({ name: `NEXT_HOP.${direction}`, text })),
    { name: "RELATIONSHIPS_AMONG", text: RELATIONSHIPS_AMONG },
    { name: "RELATIONSHIPS_OF_MANY", text: RELATIONSHIPS_OF_MANY },
    { name: "ENTITY_PAGE", text: ENTITY_PAGE },
    ...SHORTEST_PATH_BY_MAX_HOPS.flatMap((text, hops) => (hops === 0 ? [] : [{ name: `SHORTEST_PATH_BY_MAX_HOPS[${hops}]`, text }])),
    { name: "VALID_DURING_ENTITIES", text: VALID_DURING_ENTITIES },
    { name: "VALID_DURING_RELATIONSHIPS", text: VALID_DURING_RELATIONSHIPS },
    { name: "COUNT_ENTITIES", text: COUNT_ENTITIES },
    { name: "COUNT_ENTITIES_BY_TYPE", text: COUNT_ENTITIES_BY_TYPE },
    { name: "COUNT_RELATIONSHIPS_BY_TYPE", text: COUNT_RELATIONSHIPS_BY_TYPE },
    { name: "COUNT_CONNECTIONS", text: COUNT_CONNECTIONS },
    { name: "ENTITY_IDS_BY_ELEMENT_ID", text: ENTITY_IDS_BY_ELEMENT_ID },
    { name: "DELETE_MOVED_RELATIONSHIPS", text: DELETE_MOVED_RELATIONSHIPS },
    ...Object.entries(UPSERT_ENTITIES).map(([type, text]) => ({ name: `UPSERT_ENTITIES.${type}`, text })),
    ...Object.entries(UPSERT_RELATIONSHIPS).map(([type, text]) => ({ name: `UPSERT_RELATIONSHIPS.${type}`, text })),
    { name: "ADD_MISSING_ENTITY_LABELS", text: ADD_MISSING_ENTITY_LABELS },
    { name: "UNSOURCED_RELATIONSHIPS", text: UNSOURCED_RELATIONSHIPS },
    { name: "RELATIONSHIPS_CITING_NO_SOURCE", text: RELATIONSHIPS_CITING_NO_SOURCE },
    { name: "DELETE_RELATIONSHIP", text: DELETE_RELATIONSHIP },
    { name: "RELATIONSHIPS_WITH_IDS", text: RELATIONSHIPS_WITH_IDS },
    { name: "DELETE_RELATIONSHIPS_WITH_IDS", text: DELETE_RELATIONSHIPS_WITH_IDS },
    { name: "RELATIONSHIP_COUNTS_OF", text: RELATIONSHIP_COUNTS_OF },
    { name: "DELETE_ENTITIES", text: DELETE_ENTITIES },
    { name: "EXPORT_ENTITIES", text: EXPORT_ENTITIES },
    { name: "EXPORT_RELATIONSHIPS", text: EXPORT_RELATIONSHIPS },
    ...SCHEMA_STATEMENTS.map((text, index) => ({ name: `SCHEMA_STATEMENTS[${index}]`, text })),
  ];
}
