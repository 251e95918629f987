/** Writes to the graph: the inputs and the Mutation type (ingest and notebooks extend it in their own SDL). */
export const MUTATION_SDL = `

"An entity to create or update. Properties left out keep their stored values; null clears one."
input EntityInput {
  "Stable id: a lowercase slug (a-z, 0-9, . _ : -), e.g. \\"acme-chips\\"."
  id: ID!
  "Entity type, e.g. Organization."
  type: EntityType!
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
  "Relationship type, e.g. MAKES."
  type: RelationshipType!
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
