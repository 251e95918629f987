import { ENTITY_COMMON_FIELDS } from "./sdl-model.ts";

/**
 * The hand-written object types of the graph's SDL: scalars, search hits, the Entity interface,
 * evidence, pages, subgraphs, Cypher results, the timeline and the schema summary.
 *
 * Every type and field carries a description: people explore this API in a GraphQL IDE, and the
 * descriptions are its documentation.
 */
export const GRAPH_TYPES_SDL = `
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
  "Entity type, e.g. Person or Chip. A String rather than EntityType: a Cypher result on Neo4j may hold nodes whose labels the model does not know, and shows them as they are."
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
  "Relationship type, e.g. LEADS. A String rather than RelationshipType, for the same reason as SubgraphNode.type."
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
  name: EntityType!
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
  "Entity type the relationship starts from. A String rather than EntityType: a store written before the model changed may hold pairs the model no longer has, and they are listed, not hidden."
  from: String!
  "Entity type the relationship points to (a String, as for from)."
  to: String!
  "How many relationships of this type go from an entity of the from type to one of the to type; 0 when the graph holds none."
  count: Int!
}

"A relationship type of the model, with how many relationships of it the graph holds."
type RelationshipTypeInfo {
  "Type name, as used in Cypher, e.g. LEADS."
  name: RelationshipType!
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
`;
