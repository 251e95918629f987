import type { GraphNode, GraphRelationship, GraphStore } from "@kgx/graph-store";
import {
  checkArticleInput,
  commitArticle,
  isArticleWriteError,
  isIngestError,
  removeArticle,
  StoreAnalyzers,
  type ArticleAnalysis,
  type ArticleCommitInput,
  type ArticleInput,
  type ArticleRemovalPlan,
  type EntityMention,
  type RelationshipSuggestion,
} from "@kgx/ingest";
import { GraphQLError } from "graphql";
import type { GraphqlContext } from "./context.ts";
import { ALL_RELATIONSHIPS } from "./loaders.ts";
import { requireWriteAccess } from "./mutations.ts";

/**
 * Resolvers of article ingest (ingest-sdl.ts). The planning lives in @kgx/ingest, shared with the
 * CLI; here are the token check, the analyzer kept per store, and the errors as GraphQL codes.
 */

/**
 * One analyzer per store for the life of the server: building it reads every entity (see
 * loadKnownEntities). Writes through this API drop it (forgetArticleAnalyzer), so a commit's new
 * entities are recognised by the next analysis; it is also rebuilt every few minutes for writes
 * made elsewhere.
 */
const analyzers = new WeakMap<GraphStore, StoreAnalyzers>();

function analyzersOf(store: GraphStore): StoreAnalyzers {
  let found = analyzers.get(store);
  if (!found) {
    found = new StoreAnalyzers(store);
    analyzers.set(store, found);
  }
  return found;
}

/** Called by every mutation that may change entity names. */
export function forgetArticleAnalyzer(store: GraphStore): void {
  analyzers.get(store)?.forget();
}

/** The analysis's own codes as the API's: a bad text is bad input, a text over the limit says so. */
const ANALYSIS_CODES: Readonly<Record<string, string>> = {
  INGEST_EMPTY_TEXT: "BAD_USER_INPUT",
  INGEST_BINARY_TEXT: "BAD_USER_INPUT",
  INGEST_TEXT_TOO_LONG: "ARTICLE_TOO_LARGE",
  INGEST_TOKENIZER_UNAVAILABLE: "STORE_UNAVAILABLE",
};

const WRITE_CODES: Readonly<Record<string, string>> = {
  INVALID_INPUT: "BAD_USER_INPUT",
  ARTICLE_TOO_LARGE: "ARTICLE_TOO_LARGE",
  ARTICLE_EXISTS: "ARTICLE_EXISTS",
  NOT_FOUND: "NOT_FOUND",
};

/** Ingest's errors as GraphQL errors with a public code and the field; anything else is left to the formatter. */
async function withIngestErrors<T>(fieldPrefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isArticleWriteError(error)) {
      throw new GraphQLError(error.message, {
        extensions: {
          code: WRITE_CODES[error.code] ?? "BAD_USER_INPUT",
          ...(error.field ? { field: error.field } : {}),
          ...(error.problems.length > 0 ? { problems: error.problems } : {}),
          ...(error.sourceId ? { sourceId: error.sourceId } : {}),
        },
      });
    }
    if (isIngestError(error)) {
      const field = error.field ? `${fieldPrefix}.${error.field}` : fieldPrefix;
      throw new GraphQLError(`${field}: ${error.message}`, { extensions: { code: ANALYSIS_CODES[error.code] ?? "BAD_USER_INPUT", field, reason: error.code } });
    }
    throw error;
  }
}

async function entitiesById(ids: readonly string[], ctx: GraphqlContext): Promise<Map<string, GraphNode>> {
  return new Map((await ctx.loaders.entitiesByIds([...new Set(ids)])).map((n) => [n.id, n]));
}

async function relationshipsById(plan: readonly { id: string; from: string }[], ctx: GraphqlContext): Promise<GraphRelationship[]> {
  const froms = [...new Set(plan.map((r) => r.from))];
  if (froms.length === 0) return [];
  const pages = await ctx.store.relationshipsOfMany(froms, { direction: "out", limit: ALL_RELATIONSHIPS });
  const byId = new Map<string, GraphRelationship>();
  for (const page of pages.values()) for (const r of page.relationships) byId.set(r.id, r);
  return plan.flatMap((r) => {
    const found = byId.get(r.id);
    return found ? [found] : [];
  });
}

function removalOf(plan: ArticleRemovalPlan) {
  const relationship = (r: ArticleRemovalPlan["relationshipsRemoved"][number]) => ({ id: r.id, type: r.type, fromId: r.from, toId: r.to, claim: r.claim });
  return {
    sourceId: plan.sourceId,
    title: plan.title,
    relationshipsRemoved: plan.relationshipsRemoved.length,
    relationshipsKeptWithOtherEvidence: plan.relationshipsKept.length,
    mentionsRemoved: plan.mentionsRemoved,
    entitiesRemoved: plan.entitiesRemoved,
    removedRelationships: plan.relationshipsRemoved.map(relationship),
    keptRelationships: plan.relationshipsKept.map(relationship),
    aliasesRemoved: plan.aliasesRemoved,
  };
}

export const ingestQueryResolvers = {
  analyzeArticle: (_root: unknown, args: { input: ArticleInput }, ctx: GraphqlContext): Promise<ArticleAnalysis> =>
    withIngestErrors("input", async () => {
      checkArticleInput(args.input, "input");
      return analyzersOf(ctx.store).analyze(args.input);
    }),
};

export const ingestMutationResolvers = {
  commitArticle: async (_root: unknown, args: { input: ArticleCommitInput }, ctx: GraphqlContext) => {
    requireWriteAccess(ctx);
    const store = analyzersOf(ctx.store);
    const result = await withIngestErrors("input.article", () => commitArticle(ctx.store, args.input, (article, extra) => store.analyzeWith(article, extra)));
    forgetArticleAnalyzer(ctx.store);
    const touched = [
      result.sourceId,
      ...result.newEntities.map((e) => e.id),
      ...result.relationships.flatMap((r) => [r.from, r.to]),
      ...result.aliasesAdded.map((a) => a.entityId),
    ];
    for (const id of touched) ctx.loaders.forget(id);
    const nodes = await entitiesById([result.sourceId, ...result.newEntities.map((e) => e.id)], ctx);
    const source = nodes.get(result.sourceId);
    if (!source) throw new Error(`Source "${result.sourceId}" was written but cannot be read back.`);
    return {
      source,
      entitiesCreated: result.entitiesCreated,
      relationshipsCreated: result.relationshipsCreated,
      relationshipsExtended: result.relationshipsExtended,
      mentionsWritten: result.mentionsWritten,
      newEntities: result.newEntities.flatMap((e) => {
        const entity = nodes.get(e.id);
        return entity ? [{ ref: e.ref, entity }] : [];
      }),
      relationships: await relationshipsById(result.relationships, ctx),
      aliasesAdded: result.aliasesAdded,
    };
  },
  removeArticle: async (_root: unknown, args: { sourceId: string }, ctx: GraphqlContext) => {
    requireWriteAccess(ctx);
    const plan = await withIngestErrors("sourceId", () => removeArticle(ctx.store, args.sourceId));
    forgetArticleAnalyzer(ctx.store);
    for (const id of [
      plan.sourceId,
      ...plan.entitiesRemoved.map((e) => e.id),
      ...plan.relationshipsKept.flatMap((r) => [r.from, r.to]),
      ...plan.aliasesRemoved.map((a) => a.entityId),
    ])
      ctx.loaders.forget(id);
    return removalOf(plan);
  },
};

/** Mentions and suggestions name entities by id; these turn the ids into entities, leaving out any removed since the analyzer was built. */
export const ingestTypeResolvers = {
  ArticleAnalysis: {
    mentions: async (analysis: ArticleAnalysis, _args: unknown, ctx: GraphqlContext) => {
      const nodes = await entitiesById(
        analysis.mentions.map((m) => m.entityId),
        ctx,
      );
      return analysis.mentions.flatMap((m: EntityMention) => {
        const entity = nodes.get(m.entityId);
        return entity ? [{ ...m, entity }] : [];
      });
    },
    suggestions: async (analysis: ArticleAnalysis, _args: unknown, ctx: GraphqlContext) => {
      const nodes = await entitiesById(
        analysis.suggestions.flatMap((s) => [s.from, s.to]),
        ctx,
      );
      return analysis.suggestions.flatMap((s: RelationshipSuggestion) => {
        const from = nodes.get(s.from);
        const to = nodes.get(s.to);
        return from && to ? [{ ...s, from, to }] : [];
      });
    },
  },
};
