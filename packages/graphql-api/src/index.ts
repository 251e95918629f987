/**
 * Public API of @kgx/graphql-api: everything exported here is public. The GraphQL schema of kgx
 * (SDL derived from the domain model, resolvers with per-request batching), its limits and error
 * mapping, and an Apollo Server configured with them. No HTTP here: apps/api serves it.
 */
export { createGraphqlServer, createSchema, contextFor, type GraphqlServerOptions } from "./server.ts";
export {
  createRequestContext,
  createCypherRateLimiter,
  DEFAULT_CYPHER_RATE_PER_MINUTE,
  writeTokenDigest,
  type ApiSettings,
  type GraphqlContext,
  type RequestClient,
} from "./context.ts";
export { buildTypeDefs } from "./sdl.ts";
export { API_ERROR_CODES, type ApiErrorCode } from "./errors.ts";
export { DEFAULT_QUERY_LIMITS, estimateCost, type QueryLimits } from "./limits.ts";
export { RateLimiter, DEFAULT_MAX_RATE_LIMITED_CLIENTS, type RateLimiterOptions, type RateDecision } from "./rate-limit.ts";
export { LIST_LIMITS, CYPHER_DEFAULT_ROW_LIMIT, type ArgumentBounds } from "./arguments.ts";
export { RequestLoaders } from "./loaders.ts";
