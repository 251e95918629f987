import {
  ENTITY_BASE_PROPERTIES,
  ENTITY_TYPES,
  RELATIONSHIP_BASE_PROPERTIES,
  RELATIONSHIP_TYPES,
  type EntityTypeSpec,
  type PropertyKind,
  type PropertySpec,
} from "@kgx/domain";

/**
 * The GraphQL schema as SDL. The hand-written part (queries, mutations, connections, subgraphs)
 * sits below; the entity types, their typed properties and the relationship properties are
 * generated from the domain model, so a new type or property in `@kgx/domain` shows up here
 * without anyone editing this file (a test checks that every one of them does).
 *
 * Every type and field carries a description: people explore this API in a GraphQL IDE, and the
 * descriptions are its documentation.
 */

export const PROPERTY_SCALARS: Readonly<Record<PropertyKind, string>> = {
  string: "String",
  "string[]": "[String!]",
  int: "Int",
  float: "Float",
  date: "Date",
  boolean: "Boolean",
};

/** Entity properties every entity type exposes as fields of its own, declared on the `Entity` interface. */
const ENTITY_BASE_FIELD_NAMES = new Set(ENTITY_BASE_PROPERTIES.map((p) => p.name));
/** Relationship properties with fields of their own on `Relationship` (sources become resolved Source entities). */
const RELATIONSHIP_BASE_FIELD_NAMES = new Set(RELATIONSHIP_BASE_PROPERTIES.map((p) => p.name));
/** Base relationship properties written by hand below; the others (locators, date precisions) are generated. */
const HAND_WRITTEN_RELATIONSHIP_FIELDS = new Set(["id", "sources", "claim", "validFrom", "validTo"]);

/** Base relationship properties the SDL derives from the model, like the typed ones, but on every relationship. */
export function relationshipGeneratedBaseProperties(): PropertySpec[] {
  return RELATIONSHIP_BASE_PROPERTIES.filter((p) => !HAND_WRITTEN_RELATIONSHIP_FIELDS.has(p.name));
}

function describe(text: string, indent = ""): string {
  const clean = text.replace(/"""/g, '\\"""');
  return `${indent}"""\n${indent}${clean}\n${indent}"""`;
}

function propertyDescription(p: PropertySpec): string {
  return p.unit ? `${p.description} Unit: ${p.unit}.` : p.description;
}

/** Fields every entity has, in the interface and again in every concrete type (GraphQL wants both). */
const ENTITY_COMMON_FIELDS = `
  "Stable identifier: a lowercase slug such as \`jensen-huang\`, unique across all entity types and stable across restarts, exports and backends."
  id: ID!
  "Which kind of entity this is."
  type: EntityType!
  "Name in English."
  name: String!
  "Name in Japanese, as the source articles write it."
  nameJa: String
  "Other names and spellings, in any language (empty when there are none)."
  aliases: [String!]!
  "One line saying what this is."
  description: String
  "Every stored property of this entity as one JSON object (name, nameJa, aliases, description and the typed properties), for generic clients."
  properties: JSON!
  """
  This entity's relationships, both directions by default, as a page: ordered by relationship type, then id.
  \`totalCount\` counts all of them that pass the filters.
  """
  relationships(
    "Relationships leaving this entity (OUT), arriving at it (IN), or both."
    direction: Direction = BOTH
    "Only relationships of these types, e.g. [\\"LEADS\\", \\"MAKES\\"]; all types when absent."
    types: [String!]
    "How many to return, 1 to 500."
    first: Int = 20
    "Return the relationships after this cursor (a \`cursor\` or \`pageInfo.endCursor\` from an earlier page)."
    after: String
  ): RelationshipConnection!
  "Statements this entity made (SAID) and statements about it (ABOUT), oldest first."
  statements: [Statement!]!
  "The articles behind what the graph says about this entity: those that mention it and those cited by any of its relationships."
  sources: [Source!]!`;

/** Extra fields a concrete entity type has beyond its properties, for following the graph from it. */
const TYPE_SPECIFIC_FIELDS: Readonly<Record<string, string>> = {
  Statement: `
  "Who made the statement (people or organizations linked by SAID)."
  saidBy: [Entity!]!
  "What the statement is about (entities linked by ABOUT)."
  about: [Entity!]!
  "The outlets the statement was given to or broadcast by (REPORTED_BY)."
  reportedBy: [Organization!]!
  "The articles that report the statement (REPORTED_IN)."
  reportedIn: [Source!]!`,
};

function entityTypeSdl(spec: EntityTypeSpec): string {
  const typed = spec.properties
    .filter((p) => !ENTITY_BASE_FIELD_NAMES.has(p.name))
    .map((p) => `${describe(propertyDescription(p), "  ")}\n  ${p.name}: ${PROPERTY_SCALARS[p.kind]}`)
    .join("\n");
  return `${describe(spec.description)}
type ${spec.name} implements Entity {${ENTITY_COMMON_FIELDS}
${typed}${TYPE_SPECIFIC_FIELDS[spec.name] ?? ""}
}`;
}

/** The relationship properties beyond the base ones, merged across types; each says which types carry it. */
export function relationshipTypedProperties(): { spec: PropertySpec; types: string[] }[] {
  const byName = new Map<string, { spec: PropertySpec; types: string[] }>();
  for (const t of RELATIONSHIP_TYPES) {
    for (const p of t.properties) {
      if (RELATIONSHIP_BASE_FIELD_NAMES.has(p.name)) continue;
      const entry = byName.get(p.name) ?? { spec: p, types: [] };
      entry.types.push(t.name);
      byName.set(p.name, entry);
    }
  }
  return [...byName.values()];
}

function relationshipSdl(): string {
  const base = relationshipGeneratedBaseProperties()
    .map((spec) => `${describe(propertyDescription(spec), "  ")}\n  ${spec.name}: ${PROPERTY_SCALARS[spec.kind]}`)
    .join("\n");
  const typed = relationshipTypedProperties()
    .map(({ spec, types }) => `${describe(`${propertyDescription(spec)} (On ${types.join(", ")}.)`, "  ")}\n  ${spec.name}: ${PROPERTY_SCALARS[spec.kind]}`)
    .join("\n");
  return `"""
A relationship between two entities, as stated by its sources: who or what it connects, in which
direction, when it held (where known), and the evidence for it.
"""
type Relationship {
  "Stable identifier of the relationship, e.g. \`jensen-huang-leads-nvidia\`."
  id: ID!
  "What kind of relationship this is."
  type: RelationshipType!
  "The entity the relationship starts from."
  from: Entity!
  "The entity the relationship points to."
  to: Entity!
  "Id of the entity the relationship starts from (no lookup needed)."
  fromId: ID!
  "Id of the entity the relationship points to (no lookup needed)."
  toId: ID!
  "What the sources say about this relationship, in kgx's own words."
  claim: String
  "First day the relationship held, where known."
  validFrom: Date
  "Last day the relationship held, where known."
  validTo: Date
  "The Source entities (articles) that support this relationship."
  sources: [Source!]!
  "The evidence: the claim and the articles it rests on (title, publisher, URL, publication date), each with where in it the evidence stands."
  evidence: Evidence!
  "Every stored property of this relationship as one JSON object (sources as ids, claim, validFrom, validTo and the typed properties)."
  properties: JSON!
${base}
${typed}
}`;
}

function enumSdl(name: string, description: string, values: readonly { name: string; description: string }[]): string {
  return `${describe(description)}
enum ${name} {
${values.map((v) => `${describe(v.description, "  ")}\n  ${v.name}`).join("\n")}
}`;
}

const HAND_WRITTEN_SDL = `
"""
A calendar day as \`YYYY-MM-DD\`, e.g. \`2025-07-22\`. The knowledge records days, never times of day.
"""
scalar Date

"Any JSON value: an object, a list, a string, a number, a boolean or null."
scalar JSON

"How a search hit matched its query, best first."
enum SearchRank {
  "The whole name or Japanese name."
  EXACT
  "A whole alias."
  ALIAS
  "The start of a name or alias."
  PREFIX
  "Anywhere in a name or alias."
  CONTAINS
  "Not the text typed but near it: a typo or two away, or the same once hiragana/katakana, full-/half-width forms and middle dots are folded. What to offer as \\"did you mean\\"."
  SIMILAR
}

"One search hit: the entity, how it matched, and the name or alias that did."
type SearchMatch {
  "The entity found."
  entity: Entity!
  "How it matched."
  rank: SearchRank!
  "The stored name or alias that matched (for SIMILAR, the nearest one)."
  matched: String!
}

"Which way to follow relationships from an entity."
enum Direction {
  "Relationships that start at the entity."
  OUT
  "Relationships that end at the entity."
  IN
  "Both."
  BOTH
}

"""
Something the knowledge graph knows about: a person, organization, chip, technology, policy, event,
place, source article or statement. Each entity type is a GraphQL type of its own with its typed
properties; query them with inline fragments, e.g. \`... on Policy { effectiveFrom }\`.
"""
interface Entity {${ENTITY_COMMON_FIELDS}
}

"The evidence for a relationship: the claim and the articles behind it."
type Evidence {
  "What the sources say about this relationship, in kgx's own words."
  claim: String
  "The articles that support the relationship."
  sources: [Source!]!
  "The same articles, in the same order, each with where in it the evidence stands."
  citations: [Citation!]!
}

"One article behind a relationship, and where in it the evidence stands."
type Citation {
  "The article (its title, publisher, url or citationNote, publishedAt and publishedAtPrecision)."
  source: Source!
  "Paragraph numbers of the article, such as ¶3 or ¶2–3 (counted as docs/knowledge-model.md says); null when not recorded."
  locator: String
  "The sentence of the article the relationship rests on, as the article has it; null when none is kept (the shipped knowledge keeps none, an ingested article keeps the sentence a person confirmed)."
  quote: String
  "What this article says about the relationship, in the analyst's words; null when the relationship's claim speaks for it."
  claim: String
}

"Where a page of a list ends, for fetching the next one."
type PageInfo {
  "Whether there are more items after this page."
  hasNextPage: Boolean!
  "Whether there are items before this page."
  hasPreviousPage: Boolean!
  "Cursor of the first item on this page; null when the page is empty."
  startCursor: String
  "Cursor of the last item on this page; pass it as \`after\` for the next page. Null when the page is empty."
  endCursor: String
}

"A page of entities."
type EntityConnection {
  "How many entities pass the filter in all, across every page."
  totalCount: Int!
  "The entities on this page, each with its cursor."
  edges: [EntityEdge!]!
  "The entities on this page, without cursors."
  nodes: [Entity!]!
  "Where this page ends."
  pageInfo: PageInfo!
}

"One entity in a page, with its cursor."
type EntityEdge {
  "Opaque position of this entity in the list; pass it as \`after\` to continue from here."
  cursor: String!
  "The entity."
  node: Entity!
}

"A page of one entity's relationships."
type RelationshipConnection {
  "How many relationships of the entity pass the filters in all, across every page."
  totalCount: Int!
  "The relationships on this page, each with its cursor, direction and the entity at the other end."
  edges: [RelationshipEdge!]!
  "The relationships on this page, without cursors."
  nodes: [Relationship!]!
  "Where this page ends."
  pageInfo: PageInfo!
}

"One relationship in a page, seen from the entity whose page it is."
type RelationshipEdge {
  "Opaque position of this relationship in the list; pass it as \`after\` to continue from here."
  cursor: String!
  "The relationship."
  node: Relationship!
  "OUT when the relationship starts at the entity whose page this is, IN when it ends there."
  direction: Direction!
  "The entity at the other end of the relationship."
  other: Entity!
}

"An entity in a subgraph, light enough to draw thousands of: id, name, type and properties."
type SubgraphNode {
  "The entity's id."
  id: ID!
  "Name in English (the id when the entity has no name)."
  name: String!
  "Name in Japanese; null when the entity has none."
  nameJa: String
  "Entity type, e.g. Person or Chip."
  type: String!
  "Every stored property of the entity as one JSON object."
  properties: JSON!
  "The full entity, to follow it further."
  entity: Entity
}

"A relationship in a subgraph, with the articles behind it."
type SubgraphEdge {
  "The relationship's id."
  id: ID!
  "Relationship type, e.g. LEADS."
  type: String!
  "Id of the entity the relationship starts from."
  source: ID!
  "Id of the entity the relationship points to."
  target: ID!
  "Every stored property of the relationship as one JSON object (sources as ids, claim, validFrom, validTo, typed properties)."
  properties: JSON!
  "What the sources say about this relationship, in kgx's own words."
  claim: String
  "The articles that support the relationship (title, url, publishedAt, …)."
  sources: [Source!]!
  "The same articles, in the same order, each with where in it the evidence stands."
  citations: [Citation!]!
}

"""
A piece of the graph to draw: entities and the relationships among them. For a neighbourhood the
centre comes first in \`nodes\`, then its neighbours nearest first; for a path, \`nodes\` and \`edges\`
are in path order.
"""
type Subgraph {
  "The entities: for a neighbourhood the centre and at most \`limit\` neighbours; for a path every entity on it."
  nodes: [SubgraphNode!]!
  "The relationships among \`nodes\`."
  edges: [SubgraphEdge!]!
  "True when there are more neighbours than \`nodes\` shows (raise \`limit\` to see more)."
  truncated: Boolean!
  "How many distinct neighbours pass the filters in all (the centre not counted); for a path, the number of hops."
  totalNeighbors: Int!
}

"The nodes and relationships found anywhere in a Cypher result, for drawing it as a graph."
type CypherGraph {
  "Every node in the rows, plus the end nodes of relationships whose ends were not returned."
  nodes: [SubgraphNode!]!
  "Every relationship in the rows, including those inside paths."
  edges: [SubgraphEdge!]!
  "With \`graph(connect: true)\`: the relationships among these nodes that the rows did not hold, as Neo4j Browser draws them (up to 300 nodes); else empty."
  connecting: [SubgraphEdge!]!
}

"The answer to a read-only Cypher statement."
type CypherResult {
  "Column names, in order."
  columns: [String!]!
  "The rows, each a list of JSON values in column order. Nodes come as {kind: \\"node\\", id, type, properties}, relationships as {kind: \\"relationship\\", id, type, source, target, properties}, paths as {kind: \\"path\\", nodes, relationships}."
  rows: [[JSON]!]!
  "The nodes and relationships in the rows, for drawing."
  graph("Also fetch the relationships among the returned nodes that the statement did not return." connect: Boolean = false): CypherGraph!
  "True when the statement returned more rows than \`limit\` and the rest were left out."
  truncated: Boolean!
  "How long the store took, in milliseconds."
  elapsedMs: Float!
  "Which backend answered: embedded (Kùzu) or neo4j."
  backend: String!
}

"An entity placed in time: an event, a policy, a statement or an article."
type TimelineEntry {
  "When it happened, took effect, was said or was published."
  date: Date!
  "When it ended, for things that span a period."
  endDate: Date
  "The entity."
  entity: Entity!
}

"A property as the domain model declares it."
type PropertyInfo {
  "Property name, as used in Cypher and in \`properties\`."
  name: String!
  "Value kind: string, string[], int, float, date or boolean."
  kind: String!
  "What the property means."
  description: String!
  "Unit of a figure, e.g. %, when it has one."
  unit: String
}

"An entity type of the model, with how many entities of it the graph holds."
type EntityTypeInfo {
  "Type name, as used in Cypher labels, e.g. Person."
  name: String!
  "What the type stands for."
  description: String!
  "How many entities of this type the graph holds."
  count: Int!
  "Names of the properties an entity of this type may have."
  properties: [String!]!
  "The properties with their kinds, descriptions and units."
  propertyInfo: [PropertyInfo!]!
}

"Which entity types a relationship type may connect, and how many of its relationships the graph holds between them."
type EndpointPair {
  "Entity type the relationship starts from."
  from: String!
  "Entity type the relationship points to."
  to: String!
  "How many relationships of this type go from an entity of the from type to one of the to type; 0 when the graph holds none."
  count: Int!
}

"A relationship type of the model, with how many relationships of it the graph holds."
type RelationshipTypeInfo {
  "Type name, as used in Cypher, e.g. LEADS."
  name: String!
  "What the relationship means."
  description: String!
  "How many relationships of this type the graph holds."
  count: Int!
  "Names of the properties a relationship of this type may have."
  properties: [String!]!
  "The properties with their kinds, descriptions and units."
  propertyInfo: [PropertyInfo!]!
  "The pairs of entity types this relationship may connect."
  endpoints: [EndpointPair!]!
}

"The shape of the graph: every entity and relationship type with counts and property names."
type GraphSchema {
  "Entity types, in the model's order."
  entityTypes: [EntityTypeInfo!]!
  "Relationship types, in the model's order."
  relationshipTypes: [RelationshipTypeInfo!]!
}

"Read the knowledge graph."
type Query {
  """
  Entities whose name, Japanese name or alias matches, case-insensitively and partially, best
  first: the whole name, then a whole alias, then the start of a name or alias, then anywhere in one.
  """
  search(
    "What to look for, in English or Japanese, e.g. \\"nvidia\\", \\"エヌビディア\\" or \\"ascend\\"."
    query: String!
    "Only entities of these types, e.g. [\\"Person\\", \\"Organization\\"]."
    types: [String!]
    "How many hits, 1 to 100."
    first: Int = 10
  ): [Entity!]!

  """
  Like \`search\`, with how each hit matched. When no name contains the query, every hit is
  SIMILAR: the names nearest to it, for "did you mean". \`similar: false\` leaves those out.
  """
  searchMatches(
    "What to look for, in English or Japanese, e.g. \\"lutnik\\", \\"じぇんせん\\"."
    query: String!
    "Only entities of these types."
    types: [String!]
    "How many hits, 1 to 100."
    first: Int = 10
    "Fill the places left after the direct matches with SIMILAR names."
    similar: Boolean = true
  ): [SearchMatch!]!

  "One entity by id, or null when there is none."
  entity("The entity's id, e.g. \\"nvidia\\"." id: ID!): Entity

  "All entities, or those of one type, by name, a page at a time."
  entities(
    "Only entities of this type, e.g. \\"Chip\\"."
    type: String
    "How many to return, 1 to 500."
    first: Int = 50
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
    "How many hops out, 1 to 3."
    depth: Int = 1
    "Only follow relationships of these types, e.g. [\\"MAKES\\", \\"COMPETES_WITH\\"]."
    types: [String!]
    "At most this many neighbours, 1 to 1000."
    limit: Int = 100
    "Which way to follow relationships."
    direction: Direction = BOTH
  ): Subgraph!

  "The shortest chain of relationships (in either direction) between two entities, or null when none is at most \`maxHops\` long."
  shortestPath(
    "Id of the entity to start from."
    from: ID!
    "Id of the entity to reach."
    to: ID!
    "Longest path to consider, 1 to 10 relationships."
    maxHops: Int = 6
    "Only follow relationships of these types, e.g. [\\"LEADS\\", \\"MAKES\\"]; every type when absent."
    types: [String!]
    "Never follow relationships of these types. [\\"MENTIONS\\", \\"REPORTED_IN\\", \\"CITES\\"] leaves out paths through an article (two entities named in one article), as the explorer's path finder does by default."
    excludeTypes: [String!]
  ): Subgraph

  "Up to \`k\` different paths between two entities, shortest first; paths of one length in the order of the ids along them. No entity appears twice in a path. An empty list when none is at most \`maxHops\` long."
  shortestPaths(
    "Id of the entity to start from."
    from: ID!
    "Id of the entity to reach."
    to: ID!
    "How many paths at most, 1 to 10."
    k: Int = 3
    "Longest path to consider, 1 to 10 relationships."
    maxHops: Int = 6
    "Only follow relationships of these types; every type when absent."
    types: [String!]
    "Never follow relationships of these types, e.g. [\\"MENTIONS\\", \\"REPORTED_IN\\", \\"CITES\\"]."
    excludeTypes: [String!]
    "Never pass through (or end at) entities of these types, e.g. the types the explorer hides."
    excludeEntityTypes: [String!]
  ): [Subgraph!]!

  "Events, policies and statements (or the types you name) that fall in the range, in date order."
  timeline(
    "First day of the range; open when absent."
    from: Date
    "Last day of the range; open when absent."
    to: Date
    "Which dated types to include: Event, Policy, Statement, Source. Default: Event, Policy, Statement."
    types: [String!]
  ): [TimelineEntry!]!

  "Every entity and relationship type with counts and property names, for autocompletion and legends."
  graphSchema: GraphSchema!

  """
  Runs one read-only Cypher statement (Kùzu dialect on the embedded store, Neo4j's on Neo4j).
  Anything that could write, change the schema, touch files or steer the engine is refused with
  CYPHER_WRITE_REFUSED; the statement is stopped at the server's time limit (QUERY_TIMEOUT).
  Each client may run KGX_CYPHER_RATE_LIMIT statements a minute (30 by default); past that the
  field is null with RATE_LIMITED and \`retryAfterSeconds\`. Nullable, so a refused statement does
  not take the other fields of the same document with it.
  """
  cypher(
    "One Cypher statement, e.g. \\"MATCH (p:Person)-[:LEADS]->(o) RETURN p.name, o.name\\"."
    statement: String!
    "Values for the statement's $parameters, as a JSON object."
    params: JSON
    "At most this many rows (at least 1; the server's row limit, KGX_CYPHER_ROW_LIMIT, caps it); more rows set \`truncated\`."
    limit: Int = 1000
  ): CypherResult
}

"An entity to create or update. Properties left out keep their stored values; null clears one."
input EntityInput {
  "Stable id: a lowercase slug (a-z, 0-9, . _ : -), e.g. \\"acme-chips\\"."
  id: ID!
  "Entity type, e.g. \\"Organization\\"."
  type: String!
  "Name in English."
  name: String!
  "Name in Japanese."
  nameJa: String
  "Other names and spellings."
  aliases: [String!]
  "One line saying what this is."
  description: String
  "The type's own properties as a JSON object, e.g. {\\"kind\\": \\"company\\", \\"country\\": \\"US\\"}; see graphSchema for each type's properties."
  properties: JSON
}

"A relationship to create or update. Every relationship needs at least one source."
input RelationshipInput {
  "Stable id; defaults to \\"<from>-<type>-<to>\\", e.g. \\"nvidia-makes-h20\\"."
  id: ID
  "Relationship type, e.g. \\"MAKES\\"."
  type: String!
  "Id of the entity the relationship starts from."
  from: ID!
  "Id of the entity the relationship points to."
  to: ID!
  "Ids of the Source entities (articles) that support it; at least one."
  sources: [ID!]!
  "Where in each source the evidence stands, one per source in the same order, e.g. ¶3 then ¶2–3; a list of another length is refused."
  locators: [String!]
  "What the sources say, in your own words."
  claim: String
  "First day the relationship held."
  validFrom: Date
  "How much of validFrom is known: day, week, month or year (a week is written as its Monday, a month as its first day)."
  validFromPrecision: String
  "Last day the relationship held."
  validTo: Date
  "How much of validTo is known: day, week, month or year."
  validToPrecision: String
  "The type's own properties as a JSON object, e.g. {\\"role\\": \\"CEO\\"}."
  properties: JSON
}

"""
Change the knowledge graph. Every mutation of the graph needs the write token in an \`Authorization: Bearer …\`
header; a server started without KGX_WRITE_TOKEN is read-only and refuses them all (UNAUTHENTICATED).
The notebook mutations save the user's own documents, not the graph, and need no token.
"""
type Mutation {
  "Creates an entity, or updates the one with this id. Inputs are checked against the domain model; problems are BAD_USER_INPUT naming the field."
  upsertEntity("The entity." input: EntityInput!): Entity!
  "Creates a relationship, or updates the one with this id. Both ends must exist and the type must allow them; a source is required."
  upsertRelationship("The relationship." input: RelationshipInput!): Relationship!
  "Removes one relationship by id. Returns false when there was none."
  deleteRelationship("The relationship's id." id: ID!): Boolean!
}
`;

/** The complete SDL of the kgx GraphQL API. */
export function buildTypeDefs(): string {
  return [
    HAND_WRITTEN_SDL.trim(),
    enumSdl(
      "EntityType",
      "The entity types of the domain model.",
      ENTITY_TYPES.map((t) => ({ name: t.name, description: t.description })),
    ),
    enumSdl(
      "RelationshipType",
      "The relationship types of the domain model.",
      RELATIONSHIP_TYPES.map((t) => ({ name: t.name, description: t.description })),
    ),
    relationshipSdl(),
    ...ENTITY_TYPES.map(entityTypeSdl),
  ].join("\n\n");
}
