/**
 * The public API of @kgx/ingest: turning an article into evidence-backed relationships, and
 * undoing it. Everything exported here is public; the web page, GraphQL and the CLI use nothing else.
 */
export type * from "./article.ts";
export { createArticleAnalyzer, analyzeArticle, MAX_ARTICLE_CHARS, type ArticleAnalyzerOptions } from "./analyzer.ts";
export { IngestError, isIngestError, INGEST_ERROR_CODES, type IngestErrorCode } from "./errors.ts";
export { articlePlainText, detectArticleFormat, type ArticleFormat } from "./plain-text.ts";
export { articleLanguage, detectLanguage, type ArticleLanguage } from "./language.ts";
export { splitSentences } from "./sentences.ts";
export { foldName } from "./text-folding.ts";
export { parseJapaneseNumber } from "./figures.ts";
export { SUGGESTIONS_PER_SENTENCE } from "./relationship-suggestions.ts";
export { checkArticleInput } from "./article-input.ts";
export { ARTICLE_WRITE_ERROR_CODES, ArticleWriteError, isArticleWriteError, type ArticleWriteErrorCode, type IngestProblem } from "./write-errors.ts";
export { newEntityIdBase, relationshipIdOf, slugOf, sourceIdBase } from "./entity-ids.ts";
export {
  commitArticle,
  planArticleCommit,
  type AnalyzeArticle,
  type ArticleCommitPlan,
  type ArticleCommitResult,
  type PlannedEntity,
  type PlannedRelationship,
} from "./commit-plan.ts";
export { findStoredArticle } from "./stored-article.ts";
export { paragraphLocator } from "./article-evidence.ts";
export type { PlannedAlias } from "./alias-merges.ts";
export {
  planArticleRemoval,
  removeArticle,
  withoutSource,
  type ArticleRemovalPlan,
  type RemovedEntitySummary,
  type RemovedRelationshipSummary,
} from "./removal-plan.ts";
export { loadKnownEntities, StoreAnalyzers } from "./store-analyzer.ts";
