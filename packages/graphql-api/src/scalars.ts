import { isIsoDate } from "@kgx/domain";
import {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  getNamedType,
  type ASTNode,
  type ASTVisitor,
  type ObjectFieldNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from "graphql";

/**
 * The two custom scalars. `Date` is a calendar day, the only time precision the knowledge has;
 * `JSON` carries free-form property maps, Cypher rows and Cypher parameters.
 */

function badDate(value: unknown): GraphQLError {
  // BAD_USER_INPUT rather than a bare coercion error, so a wrong date in a literal reads the same
  // as a wrong date in a variable (see formatError, which keeps this code for literals).
  return new GraphQLError(`Expected a date as YYYY-MM-DD (a real calendar day), got ${JSON.stringify(value)}.`, {
    extensions: { code: "BAD_USER_INPUT" },
  });
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar day as `YYYY-MM-DD`, e.g. `2025-07-22`. The knowledge records days, never times of day.",
  serialize(value) {
    if (typeof value === "string" && isIsoDate(value)) return value;
    throw new GraphQLError(`Date cannot represent ${JSON.stringify(value)}.`);
  },
  parseValue(value) {
    if (typeof value === "string" && isIsoDate(value)) return value;
    throw badDate(value);
  },
  parseLiteral(ast) {
    // A string literal is checked by dateLiteralRule, which can name the argument or input field;
    // the scalar alone cannot see where its literal sits.
    if (ast.kind === Kind.STRING) return ast.value;
    throw badDate(ast.kind);
  },
});

/** The argument and input-field names leading to a literal, e.g. `input.validFrom`. */
function literalPath(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  const names: string[] = [];
  for (const ancestor of ancestors) {
    if (Array.isArray(ancestor) || !("kind" in ancestor)) continue;
    const node = ancestor as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) names.push(node.name.value);
  }
  return names.join(".");
}

/** Refuses a `Date` literal that is not a real calendar day, as BAD_USER_INPUT naming where it is. */
export const dateLiteralRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  StringValue(node, _key, parent, _path, ancestors) {
    const expected = context.getInputType();
    if (!expected || getNamedType(expected).name !== DateScalar.name || isIsoDate(node.value)) return;
    const field = literalPath(parent ? [...ancestors, parent] : ancestors);
    context.reportError(
      new GraphQLError(`${field}: expected a date as YYYY-MM-DD (a real calendar day), got ${JSON.stringify(node.value)}.`, {
        nodes: node,
        extensions: { code: "BAD_USER_INPUT", field },
      }),
    );
  },
});

/**
 * Deepest nesting a JSON input may have. Property maps, Cypher parameters and saved Cypher results
 * are a handful of levels deep; the embedded store's parameter conversion takes time cubic in the
 * nesting of a map (about 0.2 s at 100 levels, minutes at 1000, with the event loop blocked), and
 * deep values overflow recursive checks, so deeper input is refused before anything uses it.
 */
export const MAX_JSON_DEPTH = 32;

function tooDeep(): GraphQLError {
  return new GraphQLError(`A JSON value may be nested at most ${MAX_JSON_DEPTH} levels deep (lists and objects inside each other).`, {
    extensions: { code: "BAD_USER_INPUT", maxDepth: MAX_JSON_DEPTH },
  });
}

/** Throws when a JSON value is nested deeper than MAX_JSON_DEPTH; walks with its own stack, so any depth is safe to check. */
function checkJsonDepth(value: unknown): void {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== "object") continue;
    const depth = next.depth + 1;
    if (depth > MAX_JSON_DEPTH) throw tooDeep();
    for (const child of Array.isArray(next.value) ? next.value : Object.values(next.value)) pending.push({ value: child, depth });
  }
}

/** The same check on a literal, before it is turned into a value (the parser's token limit bounds its size). */
function checkLiteralDepth(ast: ValueNode): void {
  const pending: { node: ValueNode; depth: number }[] = [{ node: ast, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node } = next;
    if (node.kind !== Kind.LIST && node.kind !== Kind.OBJECT) continue;
    const depth = next.depth + 1;
    if (depth > MAX_JSON_DEPTH) throw tooDeep();
    const children = node.kind === Kind.LIST ? node.values : node.fields.map((f) => f.value);
    for (const child of children) pending.push({ node: child, depth });
  }
}

function literalToJson(ast: ValueNode, variables: Readonly<Record<string, unknown>> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      return ast.value;
    case Kind.LIST:
      return ast.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f: ObjectFieldNode) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value] ?? null;
  }
}

export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: "JSON",
  description: `Any JSON value: an object, a list, a string, a number, a boolean or null (as input, nested at most ${MAX_JSON_DEPTH} levels deep).`,
  serialize: (value) => value,
  parseValue(value) {
    checkJsonDepth(value);
    return value;
  },
  parseLiteral(ast, variables) {
    checkLiteralDepth(ast);
    const value = literalToJson(ast, variables);
    // A variable inside the literal brings its own nesting.
    checkJsonDepth(value);
    return value;
  },
});
