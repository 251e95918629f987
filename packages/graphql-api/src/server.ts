import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphStore } from "@kgx/graph-store";
import type { GraphQLSchema } from "graphql";
import { createRequestContext, type ApiSettings, type GraphqlContext } from "./context.ts";
import { createErrorFormatter } from "./errors.ts";
import { plainLandingPagePlugin, type LandingLinks } from "./landing-page.ts";
import { DEFAULT_QUERY_LIMITS, costLimitPlugin, createAliasLimitRule, createDepthLimitRule, createDirectiveLimitRule, type QueryLimits } from "./limits.ts";
import { notebookMutationResolvers, notebookQueryResolvers, notebookTypeResolvers } from "./notebook-resolvers.ts";
import { NOTEBOOK_SDL } from "./notebook-sdl.ts";
import { INGEST_SDL } from "./ingest-sdl.ts";
import { ingestMutationResolvers, ingestQueryResolvers, ingestTypeResolvers } from "./ingest-resolvers.ts";
import { buildResolvers } from "./resolvers.ts";
import { dateLiteralRule } from "./scalars.ts";
import { buildTypeDefs } from "./sdl.ts";

/** The executable schema: the graph's SDL, the notebooks' and article ingest's, with their resolvers. */
export function createSchema(): GraphQLSchema {
  return makeExecutableSchema<GraphqlContext>({
    typeDefs: [buildTypeDefs(), NOTEBOOK_SDL, INGEST_SDL],
    resolvers: [
      buildResolvers(),
      { Query: notebookQueryResolvers, Mutation: notebookMutationResolvers, ...notebookTypeResolvers },
      { Query: ingestQueryResolvers, Mutation: ingestMutationResolvers, ...ingestTypeResolvers },
    ],
  });
}

export interface GraphqlServerOptions {
  /** `production` hides field suggestions and schema details in client errors. */
  readonly nodeEnv: string;
  /**
   * Stack traces in error responses, for debugging only: off unless asked for, whatever NODE_ENV
   * says, because a person reading an error should see what to fix, not where the code broke.
   */
  readonly includeStacktraces?: boolean;
  /** On by default: this is an explorer, and an IDE needs introspection. */
  readonly introspection?: boolean;
  readonly limits?: Partial<QueryLimits>;
  /** Where unexpected errors are reported (the client sees only "Internal server error"). */
  readonly logUnexpected?: (error: unknown) => void;
  /** The addresses the landing page (a browser's GET of /graphql) shows, read on each visit. */
  readonly landingLinks?: () => LandingLinks;
}

/**
 * Apollo Server configured for kgx: the schema, the limits, CSRF prevention, error masking. The
 * caller starts it and feeds it requests (apps/api over HTTP, tests with `executeOperation`).
 */
export function createGraphqlServer(options: GraphqlServerOptions): ApolloServer<GraphqlContext> {
  const limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  const production = options.nodeEnv === "production";
  return new ApolloServer<GraphqlContext>({
    schema: createSchema(),
    nodeEnv: options.nodeEnv,
    introspection: options.introspection ?? true,
    // Requests without a JSON content type must carry a header a browser form cannot set, so a
    // page on another site cannot make a visitor's browser run operations here.
    // https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf
    csrfPrevention: true,
    parseOptions: { maxTokens: limits.maxTokens },
    maxRecursiveSelections: limits.maxRecursiveSelections,
    validationRules: [
      dateLiteralRule,
      createDepthLimitRule(limits.maxDepth),
      createAliasLimitRule(limits.maxAliases),
      createDirectiveLimitRule(limits.maxDirectives),
    ],
    validationOptions: { hideSuggestions: production },
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: options.includeStacktraces ?? false,
    formatError: createErrorFormatter({ production, logUnexpected: options.logUnexpected ?? (() => undefined) }),
    // Apollo installs its cache-control plugin unless told not to; it wraps every field's resolution
    // (thousands per subgraph) to compute HTTP cache hints this API never sends.
    plugins: [costLimitPlugin(limits.maxCost), ApolloServerPluginCacheControlDisabled(), plainLandingPagePlugin(options.landingLinks)],
    // The app stops the server itself, after the HTTP server has drained.
    stopOnTerminationSignals: false,
    persistedQueries: false,
  });
}

export { createRequestContext, type ApiSettings, type GraphqlContext };

/** Convenience for callers without HTTP: a context for `server.executeOperation`. */
export function contextFor(store: GraphStore, settings: ApiSettings, authorization?: string): { contextValue: GraphqlContext } {
  return { contextValue: createRequestContext(store, settings, authorization) };
}
