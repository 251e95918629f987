import type { EntityTypeName, RelationshipTypeName } from "@kgx/domain";

/**
 * The shapes the ingest pipeline passes between its steps: an article as a person gives it, what
 * the analysis finds in it, and what a person confirms. The GraphQL API, the CLI and the web page
 * all speak these.
 */

/** An article as given: plain text, Markdown, or HTML (tags are stripped before analysis). */
export interface ArticleInput {
  readonly text: string;
  readonly title: string;
  readonly publisher?: string | null;
  readonly url?: string | null;
  /** `YYYY-MM-DD`. */
  readonly publishedAt?: string | null;
  /** `en` or `ja`; detected from the text when absent. */
  readonly language?: string | null;
  /** How `text` is written; guessed from its markup when absent. */
  readonly format?: "text" | "markdown" | "html" | null;
}

/** An entity the analysis can recognise: one already in the graph, or a new one a person is adding (id = its ref). */
export interface KnownEntity {
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string;
  readonly nameJa?: string | null;
  readonly aliases?: readonly string[] | null;
}

export interface ArticleSentence {
  /** 0-based, in reading order. */
  readonly index: number;
  /**
   * 1-based paragraph number, the ¶N of a locator, counted as docs/knowledge-model.md counts
   * paragraphs: every non-empty line is one (so a locator means the same in shipped and ingested
   * knowledge); in a body whose line breaks were lost, every sentence and run-in headline is one.
   */
  readonly paragraph: number;
  readonly text: string;
  /** Character offsets of the sentence in ArticleAnalysis.text. */
  readonly start: number;
  readonly end: number;
}

export interface EntityMention {
  readonly entityId: string;
  /** The text as it stands in the article. */
  readonly text: string;
  readonly sentence: number;
  /** Character offsets in ArticleAnalysis.text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface EntityCandidate {
  /** The proper noun as it stands in the article (its first occurrence). */
  readonly text: string;
  readonly proposedType: EntityTypeName;
  /** How many times it occurs. */
  readonly occurrences: number;
  readonly positions: readonly { readonly sentence: number; readonly start: number; readonly end: number }[];
}

export interface ArticleFigure {
  readonly text: string;
  readonly value: number;
  /** Normalised unit: `USD`, `CNY`, `JPY`, `%`, `units`, … */
  readonly unit: string;
  readonly sentence: number;
  readonly start: number;
  readonly end: number;
}

export interface RelationshipSuggestion {
  readonly type: RelationshipTypeName;
  readonly from: string;
  readonly to: string;
  readonly sentence: number;
  /** Higher is more likely; suggestions are sorted by it, best first. */
  readonly score: number;
}

export interface ArticleAnalysis {
  readonly language: "en" | "ja";
  /** The plain text that was analysed (HTML tags stripped, entities decoded); all offsets refer to it. */
  readonly text: string;
  readonly sentences: readonly ArticleSentence[];
  readonly mentions: readonly EntityMention[];
  readonly candidates: readonly EntityCandidate[];
  readonly figures: readonly ArticleFigure[];
  readonly suggestions: readonly RelationshipSuggestion[];
}

/** Analyses articles against one set of known entities; building it loads the tokenizer once. */
export interface ArticleAnalyzer {
  analyze(input: ArticleInput): ArticleAnalysis;
}

/** A new entity a person accepted from the candidates; `ref` is how confirmed relationships name it. */
export interface NewEntityInput {
  readonly ref: string;
  readonly type: string;
  readonly name: string;
  readonly nameJa?: string | null;
  readonly aliases?: readonly string[] | null;
}

/** A relationship a person confirmed; `from`/`to` are entity ids or a new entity's ref. */
export interface ConfirmedRelationshipInput {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  /** Index of the evidence sentence in the analysis of the same text. */
  readonly sentence: number;
  /** What the sentence says, in the analyst's words. */
  readonly claim: string;
}

/** A candidate merged into an existing entity: its text becomes one of the entity's aliases. */
export interface AliasMergeInput {
  /** Id of the existing entity. */
  readonly entity: string;
  /** The name as the article writes it. */
  readonly alias: string;
}

export interface ArticleCommitInput {
  readonly article: ArticleInput;
  readonly newEntities?: readonly NewEntityInput[] | null;
  readonly relationships?: readonly ConfirmedRelationshipInput[] | null;
  /** Candidates merged into existing entities, written in the same transaction and undone with the article. */
  readonly merges?: readonly AliasMergeInput[] | null;
}
