import { MAX_ARTICLE_CHARS } from "@kgx/ingest";

/**
 * The SDL of article ingest: analysing an article against the graph (writes nothing), committing
 * what a person confirmed (one transaction), and undoing a committed article. Merged into the
 * schema beside the graph's SDL; the entity fields resolve to the `Entity` interface, so
 * `... on Person { … }` works on a mention as anywhere else.
 */
export const INGEST_SDL = `
"An article as a person gives it: plain text, Markdown, or HTML (tags are stripped before analysis)."
input ArticleInput {
  "The article's text, at most ${MAX_ARTICLE_CHARS.toLocaleString("en-US")} characters. Paragraphs are separated by blank lines; they are the ¶N of locators."
  text: String!
  "Headline of the article."
  title: String!
  "Who published it, e.g. \\"Reuters\\"."
  publisher: String
  "Where it can be read."
  url: String
  "Publication date."
  publishedAt: Date
  "en or ja; detected from the text when absent."
  language: String
}

"One sentence of the analysed text."
type ArticleSentence {
  "0-based, in reading order: what ConfirmedRelationshipInput.sentence refers to."
  index: Int!
  "1-based paragraph number, the ¶N of the locator a confirmed relationship gets."
  paragraph: Int!
  "The sentence as it stands in the text."
  text: String!
  "Character offset of the sentence in ArticleAnalysis.text."
  start: Int!
  "Character offset just after the sentence."
  end: Int!
}

"A name of an entity already in the graph, found in the text."
type ArticleMention {
  "The entity named."
  entity: Entity!
  "The text as it stands in the article."
  text: String!
  "Index of the sentence it stands in."
  sentence: Int!
  "Character offset in ArticleAnalysis.text."
  start: Int!
  "Character offset just after the mention."
  end: Int!
}

"Where a candidate occurs."
type CandidatePosition {
  "Index of the sentence."
  sentence: Int!
  "Character offset in ArticleAnalysis.text."
  start: Int!
  "Character offset just after it."
  end: Int!
}

"A proper noun that matches no entity in the graph: a candidate for a new one."
type EntityCandidate {
  "The name as it first stands in the article."
  text: String!
  "The entity type it most likely is."
  proposedType: EntityType!
  "How many times it occurs."
  occurrences: Int!
  "Each occurrence."
  positions: [CandidatePosition!]!
}

"A figure with its unit, normalised to a number."
type ArticleFigure {
  "The figure as it stands in the article, e.g. \\"$4.5 billion\\" or \\"45億ドル\\"."
  text: String!
  "The number, e.g. 4500000000."
  value: Float!
  "Normalised unit: USD, CNY, JPY, %, units, …"
  unit: String!
  "Index of the sentence."
  sentence: Int!
  "Character offset in ArticleAnalysis.text."
  start: Int!
  "Character offset just after it."
  end: Int!
}

"A relationship the model allows between two entities named in one sentence. A suggestion only: nothing is written until a person confirms it."
type RelationshipSuggestion {
  "The relationship type."
  type: RelationshipType!
  "The entity it would start from."
  from: Entity!
  "The entity it would point to."
  to: Entity!
  "Index of the sentence both are named in: the evidence a confirmation would carry."
  sentence: Int!
  "Higher is more likely; suggestions come best first."
  score: Float!
}

"What the analysis found in an article. Offsets refer to \`text\`."
type ArticleAnalysis {
  "en or ja."
  language: String!
  "The plain text that was analysed (HTML tags stripped, entities decoded)."
  text: String!
  "The sentences, in reading order."
  sentences: [ArticleSentence!]!
  "Names of known entities, in reading order."
  mentions: [ArticleMention!]!
  "Proper nouns that match no entity: candidates for new ones."
  candidates: [EntityCandidate!]!
  "Figures with units."
  figures: [ArticleFigure!]!
  "Relationships the model allows between entities named in one sentence, best first."
  suggestions: [RelationshipSuggestion!]!
}

"A new entity a person accepted from the candidates."
input NewEntityInput {
  "How ConfirmedRelationshipInput.from/to name this entity, e.g. \\"new-1\\"; unique within the commit and not an existing entity's id."
  ref: String!
  "Entity type, e.g. Organization."
  type: EntityType!
  "Name in English (or as the article writes it)."
  name: String!
  "Name in Japanese."
  nameJa: String
  "Other names and spellings."
  aliases: [String!]
}

"A relationship a person confirmed, with its evidence sentence."
input ConfirmedRelationshipInput {
  "Relationship type, e.g. MAKES; the model must allow it between the two entities' types."
  type: RelationshipType!
  "Id of an existing entity, or the ref of a new one."
  from: String!
  "Id of an existing entity, or the ref of a new one."
  to: String!
  "Index of the evidence sentence in the analysis of the same text."
  sentence: Int!
  "What the sentence says, in the analyst's words; not empty."
  claim: String!
}

"A candidate merged into an existing entity: the name becomes one of its aliases, and the article mentions it."
input AliasMergeInput {
  "Id of the existing entity."
  entity: ID!
  "The name as the article writes it."
  alias: String!
}

"An alias a commit added to an existing entity, or a removal took back."
type AddedAlias {
  "Id of the entity."
  entityId: ID!
  "The alias."
  alias: String!
}

"What to commit: the article, the new entities and the confirmed relationships."
input ArticleCommitInput {
  "The article, exactly as analysed (the server analyses it again to find the mentions)."
  article: ArticleInput!
  "Candidates accepted as new entities."
  newEntities: [NewEntityInput!]
  "Confirmed relationships."
  relationships: [ConfirmedRelationshipInput!]
  "Candidates merged into existing entities: written in the same transaction, and taken back when the article is removed."
  merges: [AliasMergeInput!]
}

"A new entity as written, with the ref the commit named it by."
type CommittedEntity {
  "The ref given in NewEntityInput."
  ref: String!
  "The entity written, with the id it was given."
  entity: Entity!
}

"What a commit wrote, in one transaction."
type ArticleCommitResult {
  "The Source entity of the article."
  source: Source!
  "How many new entities were written."
  entitiesCreated: Int!
  "How many confirmed relationships were new."
  relationshipsCreated: Int!
  "How many confirmed relationships already existed and gained the article as further evidence."
  relationshipsExtended: Int!
  "How many MENTIONS the source got (one per entity named in the text)."
  mentionsWritten: Int!
  "The new entities, each with its ref."
  newEntities: [CommittedEntity!]!
  "The relationships written or extended, in the order confirmed."
  relationships: [Relationship!]!
  "Aliases added to existing entities by merges (a name the entity already had is not added again)."
  aliasesAdded: [AddedAlias!]!
}

"An entity as it was before it was removed."
type RemovedEntity {
  "Its id."
  id: ID!
  "Its name."
  name: String!
  "Its type."
  type: EntityType!
}

"A relationship a removal took away, or took the article away from."
type RemovedRelationship {
  "Its id."
  id: ID!
  "Its type."
  type: RelationshipType!
  "Id of the entity it starts from."
  fromId: ID!
  "Id of the entity it points to."
  toId: ID!
  "Its claim."
  claim: String
}

"What removing an article took away, in one transaction."
type ArticleRemoval {
  "The Source entity removed."
  sourceId: ID!
  "Its title."
  title: String
  "How many relationships were removed because the article was their only evidence (MENTIONS not counted)."
  relationshipsRemoved: Int!
  "How many relationships lost the article but stay, resting on other sources."
  relationshipsKeptWithOtherEvidence: Int!
  "How many MENTIONS of the article were removed."
  mentionsRemoved: Int!
  "Entities removed because nothing was left connected to them: only ones the article named or that ended a removed relationship."
  entitiesRemoved: [RemovedEntity!]!
  "The relationships removed (MENTIONS not listed)."
  removedRelationships: [RemovedRelationship!]!
  "The relationships that lost the article as evidence and stay."
  keptRelationships: [RemovedRelationship!]!
  "Aliases the article's merges had added to entities that stay, now taken back."
  aliasesRemoved: [AddedAlias!]!
}

extend type Query {
  "Analyses an article against the entities in the graph: sentences, mentions of known entities, candidates for new ones, figures and suggested relationships. Writes nothing and needs no token."
  analyzeArticle("The article." input: ArticleInput!): ArticleAnalysis!
}

extend type Mutation {
  """
  Writes an article in one transaction: its Source entity, the new entities, MENTIONS from the source to every entity the
  text names, and each confirmed relationship with the article, its paragraph (¶N), its sentence and the claim as evidence.
  A confirmed relationship that exists already gains the article as further evidence. Needs the write token; input problems
  are BAD_USER_INPUT naming the field (e.g. input.relationships[1].to), and nothing is written. The same article (same URL,
  or same title and date) committed again is refused with ARTICLE_EXISTS, naming the stored source in extensions.sourceId.
  """
  commitArticle("What to commit." input: ArticleCommitInput!): ArticleCommitResult!
  """
  Removes a committed article in one transaction: its Source, its MENTIONS, the relationships it is the only evidence of,
  the article's entries on relationships that have other sources, and then the entities it named or that ended a removed
  relationship and are left with no relationship at all. Needs the write token.
  """
  removeArticle("Id of the Source entity, e.g. the one commitArticle returned." sourceId: ID!): ArticleRemoval!
}
`;
