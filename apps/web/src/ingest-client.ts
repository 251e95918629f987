import type { GraphqlClient } from "./api-client.ts";

/**
 * The ingest operations of the GraphQL API, as the review page calls them: analyse an article
 * (writes nothing, needs no token), commit what a person confirmed, and remove a committed article
 * again. Both writes carry the write token as `Authorization: Bearer …`.
 */

export interface ArticleFields {
  readonly text: string;
  readonly title: string;
  readonly publisher?: string | null;
  readonly url?: string | null;
  /** `YYYY-MM-DD`. */
  readonly publishedAt?: string | null;
  /** `en` or `ja`; absent to have the API detect it. */
  readonly language?: string | null;
}

export interface AnalysedEntity {
  readonly id: string;
  readonly name: string;
  readonly nameJa: string | null;
  readonly type: string;
}

export interface AnalysedSentence {
  readonly index: number;
  readonly paragraph: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface AnalysedMention {
  readonly entity: AnalysedEntity;
  readonly text: string;
  readonly sentence: number;
  readonly start: number;
  readonly end: number;
}

export interface AnalysedCandidate {
  readonly text: string;
  readonly proposedType: string;
  readonly occurrences: number;
  readonly positions: readonly { readonly sentence: number; readonly start: number; readonly end: number }[];
}

export interface AnalysedFigure {
  readonly text: string;
  readonly value: number;
  readonly unit: string;
  readonly sentence: number;
  readonly start: number;
  readonly end: number;
}

export interface AnalysedSuggestion {
  readonly type: string;
  readonly from: Pick<AnalysedEntity, "id" | "name" | "type">;
  readonly to: Pick<AnalysedEntity, "id" | "name" | "type">;
  readonly sentence: number;
  readonly score: number;
}

export interface ArticleAnalysis {
  readonly language: string;
  /** The plain text that was analysed (HTML stripped); every offset refers to it. */
  readonly text: string;
  readonly sentences: readonly AnalysedSentence[];
  readonly mentions: readonly AnalysedMention[];
  readonly candidates: readonly AnalysedCandidate[];
  readonly figures: readonly AnalysedFigure[];
  readonly suggestions: readonly AnalysedSuggestion[];
}

export interface NewEntityInput {
  readonly ref: string;
  readonly type: string;
  readonly name: string;
  readonly nameJa?: string | null;
  readonly aliases?: readonly string[] | null;
}

export interface ConfirmedRelationshipInput {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly sentence: number;
  readonly claim: string;
}

export interface AliasMergeInput {
  readonly entity: string;
  readonly alias: string;
}

export interface ArticleCommitInput {
  readonly article: ArticleFields;
  readonly newEntities: readonly NewEntityInput[];
  readonly relationships: readonly ConfirmedRelationshipInput[];
  readonly merges: readonly AliasMergeInput[];
}

export interface AddedAlias {
  readonly entityId: string;
  readonly alias: string;
}

export interface ArticleCommitResult {
  readonly source: { readonly id: string };
  readonly entitiesCreated: number;
  readonly relationshipsCreated: number;
  readonly relationshipsExtended: number;
  readonly mentionsWritten: number;
  readonly newEntities: readonly { readonly ref: string; readonly entity: Pick<AnalysedEntity, "id" | "name" | "type"> }[];
  readonly aliasesAdded: readonly AddedAlias[];
}

export interface ArticleRemoval {
  readonly sourceId: string;
  readonly relationshipsRemoved: number;
  readonly relationshipsKeptWithOtherEvidence: number;
  readonly entitiesRemoved: readonly Pick<AnalysedEntity, "id" | "name" | "type">[];
  readonly mentionsRemoved: number;
  readonly aliasesRemoved: readonly AddedAlias[];
}

/** The `Authorization` header for the write token; none for an empty token (the API then refuses the write by itself). */
export function writeTokenHeaders(token: string): Record<string, string> {
  const trimmed = token.trim();
  return trimmed === "" ? {} : { authorization: `Bearer ${trimmed}` };
}

const ANALYSIS_FIELDS = `
  language text
  sentences { index paragraph text start end }
  mentions { entity { id name nameJa type } text sentence start end }
  candidates { text proposedType occurrences positions { sentence start end } }
  figures { text value unit sentence start end }
  suggestions { type from { id name type } to { id name type } sentence score }`;

export async function analyzeArticle(client: GraphqlClient, article: ArticleFields): Promise<ArticleAnalysis> {
  const data = await client.request<{ analyzeArticle: ArticleAnalysis }>(`query AnalyzeArticle($input: ArticleInput!) { analyzeArticle(input: $input) {${ANALYSIS_FIELDS} } }`, {
    input: article,
  });
  return data.analyzeArticle;
}

export async function commitArticle(client: GraphqlClient, input: ArticleCommitInput, token: string): Promise<ArticleCommitResult> {
  const data = await client.request<{ commitArticle: ArticleCommitResult }>(
    `mutation CommitArticle($input: ArticleCommitInput!) {
      commitArticle(input: $input) {
        source { id } entitiesCreated relationshipsCreated relationshipsExtended mentionsWritten
        newEntities { ref entity { id name type } }
        aliasesAdded { entityId alias }
      }
    }`,
    { input },
    { headers: writeTokenHeaders(token) },
  );
  return data.commitArticle;
}

export async function removeArticle(client: GraphqlClient, sourceId: string, token: string): Promise<ArticleRemoval> {
  const data = await client.request<{ removeArticle: ArticleRemoval }>(
    `mutation RemoveArticle($sourceId: ID!) {
      removeArticle(sourceId: $sourceId) { sourceId relationshipsRemoved relationshipsKeptWithOtherEvidence entitiesRemoved { id name type } mentionsRemoved aliasesRemoved { entityId alias } }
    }`,
    { sourceId },
    { headers: writeTokenHeaders(token) },
  );
  return data.removeArticle;
}

