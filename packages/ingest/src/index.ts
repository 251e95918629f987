/** The public API of @kgx/ingest: turning an article into evidence-backed relationships, and undoing it. */
export type * from "./article.ts";
export { MAX_ARTICLE_CHARACTERS, checkArticleInput } from "./article-input.ts";
export { ARTICLE_WRITE_ERROR_CODES, ArticleWriteError, isArticleWriteError, type ArticleWriteErrorCode, type IngestProblem } from "./write-errors.ts";
export { newEntityIdBase, relationshipIdOf, slugOf, sourceIdBase } from "./entity-ids.ts";
export {
  commitArticle,
  findStoredArticle,
  paragraphLocator,
  planArticleCommit,
  type AnalyzeArticle,
  type ArticleCommitPlan,
  type ArticleCommitResult,
  type PlannedEntity,
  type PlannedRelationship,
} from "./commit-plan.ts";
export {
  planArticleRemoval,
  removeArticle,
  withoutSource,
  type ArticleRemovalPlan,
  type RemovedEntitySummary,
  type RemovedRelationshipSummary,
} from "./removal-plan.ts";
export { loadKnownEntities, StoreAnalyzers } from "./store-analyzer.ts";
