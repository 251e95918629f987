import type { GraphqlClient } from "./api-client.ts";
import { graphql, type ResultOf, type VariablesOf } from "./graphql.ts";

/**
 * The ingest operations of the GraphQL API, as the review page calls them: analyse an article
 * (writes nothing, needs no token), commit what a person confirmed, and remove a committed article
 * again. Both writes carry the write token as `Authorization: Bearer …`. The input and result types
 * are the schema's (ArticleInput, ArticleAnalysis, ArticleCommitInput, …), read off the documents.
 */

const ANALYZE_ARTICLE = graphql(`
  query AnalyzeArticle($input: ArticleInput!) {
    analyzeArticle(input: $input) {
      language
      text
      sentences {
        index
        paragraph
        text
        start
        end
      }
      mentions {
        entity {
          id
          name
          nameJa
          type
        }
        text
        sentence
        start
        end
      }
      candidates {
        text
        proposedType
        occurrences
        positions {
          sentence
          start
          end
        }
      }
      figures {
        text
        value
        unit
        sentence
        start
        end
      }
      suggestions {
        type
        from {
          id
          name
          type
        }
        to {
          id
          name
          type
        }
        sentence
        score
      }
    }
  }
`);

const COMMIT_ARTICLE = graphql(`
  mutation CommitArticle($input: ArticleCommitInput!) {
    commitArticle(input: $input) {
      source {
        id
      }
      entitiesCreated
      relationshipsCreated
      relationshipsExtended
      mentionsWritten
      newEntities {
        ref
        entity {
          id
          name
          type
        }
      }
      aliasesAdded {
        entityId
        alias
      }
    }
  }
`);

const REMOVE_ARTICLE = graphql(`
  mutation RemoveArticle($sourceId: ID!) {
    removeArticle(sourceId: $sourceId) {
      sourceId
      relationshipsRemoved
      relationshipsKeptWithOtherEvidence
      mentionsRemoved
      entitiesRemoved {
        id
        name
        type
      }
      aliasesRemoved {
        entityId
        alias
      }
    }
  }
`);

/** An article as the form holds it (ArticleInput): text, title, and the optional publisher, url, `YYYY-MM-DD` date and `en`/`ja`. */
export type ArticleFields = VariablesOf<typeof ANALYZE_ARTICLE>["input"];

/** What the analysis found; every offset refers to its `text` (the plain text analysed, HTML stripped). */
export type ArticleAnalysis = ResultOf<typeof ANALYZE_ARTICLE>["analyzeArticle"];
export type AnalysedEntity = ArticleAnalysis["mentions"][number]["entity"];
export type AnalysedCandidate = ArticleAnalysis["candidates"][number];

export type ArticleCommitInput = VariablesOf<typeof COMMIT_ARTICLE>["input"];
export type NewEntityInput = NonNullable<ArticleCommitInput["newEntities"]>[number];
export type ConfirmedRelationshipInput = NonNullable<ArticleCommitInput["relationships"]>[number];
export type ArticleCommitResult = ResultOf<typeof COMMIT_ARTICLE>["commitArticle"];
export type ArticleRemoval = ResultOf<typeof REMOVE_ARTICLE>["removeArticle"];

/** The `Authorization` header for the write token; none for an empty token (the API then refuses the write by itself). */
export function writeTokenHeaders(token: string): Record<string, string> {
  const trimmed = token.trim();
  return trimmed === "" ? {} : { authorization: `Bearer ${trimmed}` };
}

export async function analyzeArticle(client: GraphqlClient, article: ArticleFields): Promise<ArticleAnalysis> {
  return (await client.request(ANALYZE_ARTICLE, { input: article })).analyzeArticle;
}

export async function commitArticle(client: GraphqlClient, input: ArticleCommitInput, token: string): Promise<ArticleCommitResult> {
  return (await client.request(COMMIT_ARTICLE, { input }, { headers: writeTokenHeaders(token) })).commitArticle;
}

export async function removeArticle(client: GraphqlClient, sourceId: string, token: string): Promise<ArticleRemoval> {
  return (await client.request(REMOVE_ARTICLE, { sourceId }, { headers: writeTokenHeaders(token) })).removeArticle;
}
