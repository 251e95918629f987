import { ENTITY_TYPES } from "@kgx/domain";
import { CYPHER_DEFAULT_ROW_LIMIT, LIST_LIMITS, TIMELINE_DEFAULT_TYPES, rangeText } from "./arguments.ts";
import { DEFAULT_CYPHER_RATE_PER_MINUTE } from "./context.ts";

/** Entity types with a date, so they can stand on the timeline. */
const DATED_ENTITY_TYPES = ENTITY_TYPES.filter((t) => t.timeProperties).map((t) => t.name);

/**
 * The graph's read operations: the Query type. Type filters take the model's enums, so an unknown
 * type is refused while the document is validated; defaults and ranges come from LIST_LIMITS,
 * which the resolvers enforce.
 */
export const QUERY_SDL = `
"Read the knowledge graph."
type Query {
  """
  Entities whose name, Japanese name or alias matches, case-insensitively and partially, best
  first: the whole name, then a whole alias, then the start of a name or alias, then anywhere in one.
  """
  search(
    "What to look for, in English or Japanese, e.g. \\"nvidia\\", \\"エヌビディア\\" or \\"ascend\\"."
    query: String!
    "Only entities of these types, e.g. [Person, Organization]."
    types: [EntityType!]
    "How many hits, ${rangeText(LIST_LIMITS.searchFirst)}."
    first: Int = ${LIST_LIMITS.searchFirst.fallback}
  ): [Entity!]!

  """
  Like \`search\`, with how each hit matched. When no name contains the query, every hit is
  SIMILAR: the names nearest to it, for "did you mean". \`similar: false\` leaves those out.
  """
  searchMatches(
    "What to look for, in English or Japanese, e.g. \\"lutnik\\", \\"じぇんせん\\"."
    query: String!
    "Only entities of these types."
    types: [EntityType!]
    "How many hits, ${rangeText(LIST_LIMITS.searchFirst)}."
    first: Int = ${LIST_LIMITS.searchFirst.fallback}
    "Fill the places left after the direct matches with SIMILAR names."
    similar: Boolean = true
  ): [SearchMatch!]!

  "One entity by id, or null when there is none."
  entity("The entity's id, e.g. \\"nvidia\\"." id: ID!): Entity

  "All entities, or those of one type, by name, a page at a time."
  entities(
    "Only entities of this type, e.g. Chip."
    type: EntityType
    "How many to return, ${rangeText(LIST_LIMITS.entitiesFirst)}."
    first: Int = ${LIST_LIMITS.entitiesFirst.fallback}
    "Return the entities after this cursor."
    after: String
  ): EntityConnection!

  """
  An entity and its neighbours up to \`depth\` hops away, with the relationships among them and their
  evidence: the view the explorer draws. At most \`limit\` neighbours are returned, nearest first,
  then by name; \`totalNeighbors\` and \`truncated\` say how many there are in all.
  """
  neighborhood(
    "Id of the entity at the centre."
    id: ID!
    "How many hops out, ${rangeText(LIST_LIMITS.neighborhoodDepth)}."
    depth: Int = ${LIST_LIMITS.neighborhoodDepth.fallback}
    "Only follow relationships of these types, e.g. [MAKES, COMPETES_WITH]."
    types: [RelationshipType!]
    "At most this many neighbours, ${rangeText(LIST_LIMITS.neighborhoodLimit)}."
    limit: Int = ${LIST_LIMITS.neighborhoodLimit.fallback}
    "Which way to follow relationships."
    direction: Direction = BOTH
  ): Subgraph!

  "The shortest chain of relationships (in either direction) between two entities, or null when none is at most \`maxHops\` long."
  shortestPath(
    "Id of the entity to start from."
    from: ID!
    "Id of the entity to reach."
    to: ID!
    "Longest path to consider, ${rangeText(LIST_LIMITS.maxHops)} relationships."
    maxHops: Int = ${LIST_LIMITS.maxHops.fallback}
    "Only follow relationships of these types, e.g. [LEADS, MAKES]; every type when absent."
    types: [RelationshipType!]
    "Never follow relationships of these types. [MENTIONS, REPORTED_IN, CITES] leaves out paths through an article (two entities named in one article), as the explorer's path finder does by default."
    excludeTypes: [RelationshipType!]
  ): Subgraph

  "Up to \`k\` different paths between two entities, shortest first; paths of one length in the order of the ids along them. No entity appears twice in a path. An empty list when none is at most \`maxHops\` long."
  shortestPaths(
    "Id of the entity to start from."
    from: ID!
    "Id of the entity to reach."
    to: ID!
    "How many paths at most, ${rangeText(LIST_LIMITS.pathCount)}."
    k: Int = ${LIST_LIMITS.pathCount.fallback}
    "Longest path to consider, ${rangeText(LIST_LIMITS.maxHops)} relationships."
    maxHops: Int = ${LIST_LIMITS.maxHops.fallback}
    "Only follow relationships of these types; every type when absent."
    types: [RelationshipType!]
    "Never follow relationships of these types, e.g. [MENTIONS, REPORTED_IN, CITES]."
    excludeTypes: [RelationshipType!]
    "Never pass through (or end at) entities of these types, e.g. the types the explorer hides."
    excludeEntityTypes: [EntityType!]
  ): [Subgraph!]!

  "Entities of the types ${TIMELINE_DEFAULT_TYPES.join(", ")} (or the dated types you name) that fall in the range, in date order."
  timeline(
    "First day of the range; open when absent."
    from: Date
    "Last day of the range; open when absent."
    to: Date
    "Which dated types to include: ${DATED_ENTITY_TYPES.join(", ")}; a type without a date is BAD_USER_INPUT. Default: ${TIMELINE_DEFAULT_TYPES.join(", ")}."
    types: [EntityType!]
  ): [TimelineEntry!]!

  "Every entity and relationship type with counts and property names, for autocompletion and legends."
  graphSchema: GraphSchema!

  """
  Runs one read-only Cypher statement (Kùzu dialect on the embedded store, Neo4j's on Neo4j).
  Anything that could write, change the schema, touch files or steer the engine is refused with
  CYPHER_WRITE_REFUSED; the statement is stopped at the server's time limit (QUERY_TIMEOUT).
  Each client may run KGX_CYPHER_RATE_LIMIT statements a minute (${DEFAULT_CYPHER_RATE_PER_MINUTE} by default); past that the
  field is null with RATE_LIMITED and \`retryAfterSeconds\`. Nullable, so a refused statement does
  not take the other fields of the same document with it.
  """
  cypher(
    "One Cypher statement, e.g. \\"MATCH (p:Person)-[:LEADS]->(o) RETURN p.name, o.name\\"."
    statement: String!
    "Values for the statement's $parameters, as a JSON object."
    params: JSON
    "At most this many rows (at least 1; the server's row limit, KGX_CYPHER_ROW_LIMIT, caps it); more rows set \`truncated\`."
    limit: Int = ${CYPHER_DEFAULT_ROW_LIMIT}
  ): CypherResult
}
`;
