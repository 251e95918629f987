import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.d.ts";

/**
 * The web app's GraphQL documents, typed from the schema: `graphql(\`query … { … }\`)` gives a
 * document whose result and variables types gql.tada infers from `graphql-env.d.ts` (generated
 * from packages/graphql-api/schema.graphql). The web typecheck runs `gql.tada check` after tsc,
 * which validates every document against the schema, so asking for a field the schema does not
 * have fails `npm run typecheck` at the document; tsc then refuses a variable of the wrong type.
 * https://gql-tada.0no.co/get-started/writing-graphql
 *
 * Fragments are not masked: a query that spreads one gets its fields in its own result type, which
 * is how the explorer uses them (shared selections, not component-owned data).
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: {
    /** `YYYY-MM-DD`, as the Date scalar serialises it. */
    Date: string;
    /** Any JSON value: what a field typed JSON holds is for its reader to check (see `jsonObject`). */
    JSON: unknown;
  };
}>();

export type { FragmentOf, ResultOf, TadaDocumentNode, VariablesOf } from "gql.tada";

/** A JSON object as the API sends one (`properties`, `params`). */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * A JSON field read as the object the schema's description promises (`properties`: "every stored
 * property … as one JSON object"); anything else reads as an empty object rather than failing.
 */
export function jsonObject(value: unknown): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}
