import type { ApolloServerPlugin } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule, type MaxDepthOptions } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from "graphql";
import type { GraphqlContext } from "./context.ts";

/**
 * Limits on what one request may ask, so that no single request can tie up the server. Each is
 * checked before any resolver runs; a refusal says which limit and by how much.
 *
 * Depth, aliases and directives are graphql-armor's validation rules
 * (https://github.com/Escape-Technologies/graphql-armor), run by graphql-js with the others, so
 * their result is cached with the parsed document; tokens are graphql-js's own parser limit.
 * Armor's cost plugin is not used: it reads a page size only from `first`/`last` written as a
 * literal, while this API's pages are `first` or `limit`, often given as variables or left to the
 * schema's default. So cost is estimated here, once the operation and its variables are known.
 */
export interface QueryLimits {
  /** Deepest nesting of fields in an operation (`__schema` excepted, see createDepthLimitRule). */
  readonly maxDepth: number;
  /** Aliased fields in an operation; aliases multiply work without making the document longer. */
  readonly maxAliases: number;
  /** Directive uses in an operation. */
  readonly maxDirectives: number;
  /** Lexical tokens in one document, enforced by the parser before anything else. */
  readonly maxTokens: number;
  /** Estimated cost: every field counts once per item it can be resolved for (see estimateCost). */
  readonly maxCost: number;
  /** Selections after expanding fragments, against fragments that multiply each other (Apollo's rule). */
  readonly maxRecursiveSelections: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 5000,
  maxCost: 100_000,
  maxRecursiveSelections: 10_000,
};

function limitError(limit: string, max: number, actual: number | undefined, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit, max, actual } });
}

/**
 * graphql-armor refuses with a bare GraphQLError ("Syntax Error: Query depth limit of 12 exceeded,
 * found 13."), without the code and the limit/max/actual extensions that clients read; and by
 * default it throws out of validation instead of reporting. So its rules run with
 * `propagateOnRejection` off, and the rejection handler reports this API's error instead. The count
 * armor found is only in its message, and is read from there.
 */
function reportAsLimitError(
  limit: string,
  max: number,
  describe: (amount: string) => string,
): Pick<MaxDepthOptions, "exposeLimits" | "propagateOnRejection" | "onReject"> {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context, rejection) => {
        const found = /found (\d+)\.?$/.exec(rejection.message)?.[1];
        const actual = found === undefined ? undefined : Number(found);
        const error = limitError(limit, max, actual, describe(actual === undefined ? `more than ${max}` : String(actual)));
        // Armor's validation rules always pass their context; without one there is nowhere to report.
        if (!context) throw error;
        context.reportError(error);
      },
    ],
  };
}

/**
 * Depth of each operation, fragments adding no level of their own. Armor leaves `__schema` out (an
 * IDE's introspection query nests `ofType` about ten levels deep to unwrap `[[String!]!]!`, bounded
 * by the schema); a deep `__type` query counts like any other.
 */
export function createDepthLimitRule(maxDepth: number): ValidationRule {
  return maxDepthRule({
    n: maxDepth,
    flattenFragments: true,
    ignoreIntrospection: true,
    ...reportAsLimitError("depth", maxDepth, (depth) => `The query is nested ${depth} levels deep; at most ${maxDepth} are allowed.`),
  });
}

/** Aliased fields of each operation, counted once for every place a fragment is spread, `__typename` included. */
export function createAliasLimitRule(maxAliases: number): ValidationRule {
  return maxAliasesRule({
    n: maxAliases,
    allowList: [],
    ...reportAsLimitError("aliases", maxAliases, (aliases) => `The query uses ${aliases} aliases; at most ${maxAliases} are allowed.`),
  });
}

/** Directive uses of each operation, counted once for every place a fragment is spread. */
export function createDirectiveLimitRule(maxDirectives: number): ValidationRule {
  return maxDirectivesRule({
    n: maxDirectives,
    ...reportAsLimitError("directives", maxDirectives, (directives) => `The query uses ${directives} directives; at most ${maxDirectives} are allowed.`),
  });
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

/** Arguments that set how many items a field returns. */
const SIZE_ARGUMENTS = ["first", "limit"];
/** How many items a list without a size argument is assumed to hold (sources of a relationship, statements of an entity). */
const ASSUMED_LIST_SIZE = 5;

function argumentNumber(value: ValueNode | undefined, variables: Readonly<Record<string, unknown>>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === "number" ? v : undefined;
  }
  return undefined;
}

interface CostWalk {
  readonly schema: GraphQLSchema;
  readonly fragments: Map<string, FragmentDefinitionNode>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly defaults: Readonly<Record<string, unknown>>;
}

function fieldOf(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

/**
 * Cost of a selection set resolved once per `multiplier` parent items. A field with a size
 * argument multiplies its subtree by that size (the argument's value, its variable, or its default);
 * a list directly under such a field is that page (no second multiplication); any other list is
 * assumed to hold a few items. Introspection is not counted: it is bounded by the schema.
 */
function selectionCost(
  walk: CostWalk,
  set: SelectionSetNode | undefined,
  parent: GraphQLNamedType,
  multiplier: number,
  parentSized: boolean,
  seen: Set<string>,
): number {
  if (!set) return 0;
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      const field = fieldOf(parent, selection.name.value);
      if (!field) continue;
      const sizeArgument = SIZE_ARGUMENTS.find((name) => field.args.some((a) => a.name === name));
      let size = 1;
      if (sizeArgument) {
        const given = selection.arguments?.find((a) => a.name.value === sizeArgument)?.value;
        const fallback = field.args.find((a) => a.name === sizeArgument)?.defaultValue;
        size = argumentNumber(given, { ...walk.defaults, ...walk.variables }) ?? (typeof fallback === "number" ? fallback : ASSUMED_LIST_SIZE);
      } else if (isListType(getNullableType(field.type)) && !parentSized) {
        size = ASSUMED_LIST_SIZE;
      }
      const items = multiplier * Math.max(1, size);
      cost += multiplier + selectionCost(walk, selection.selectionSet, getNamedType(field.type), items, sizeArgument !== undefined, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (walk.schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
      cost += selectionCost(walk, selection.selectionSet, type, multiplier, parentSized, seen);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      const type = walk.schema.getType(fragment.typeCondition.name.value) ?? parent;
      cost += selectionCost(walk, fragment.selectionSet, type, multiplier, parentSized, seen);
      seen.delete(name);
    }
  }
  return cost;
}

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): number {
  const root =
    operation.operation === "mutation"
      ? schema.getMutationType()
      : operation.operation === "subscription"
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const value = definition.defaultValue;
    if (value?.kind === Kind.INT) defaults[definition.variable.name.value] = Number(value.value);
  }
  return selectionCost({ schema, fragments: fragmentsOf(document), variables, defaults }, operation.selectionSet, root, 1, false, new Set());
}

/** Refuses an operation whose estimated cost is above the limit, once its variables are known and before it runs. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = estimateCost(schema, document, operation, request.variables ?? {});
          if (cost > maxCost) {
            throw new GraphQLError(
              `The query could return about ${cost} values; at most ${maxCost} are allowed. Ask for fewer items (first/limit) or fewer nested fields.`,
              { extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "cost", max: maxCost, actual: cost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
