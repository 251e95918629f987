import { getIntrospectionQuery, getOperationAST, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { createAliasLimitRule, createDepthLimitRule, createDirectiveLimitRule, DEFAULT_QUERY_LIMITS, estimateCost } from "./limits.ts";
import { createSchema } from "./server.ts";

const schema = createSchema();

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("no operation");
  return estimateCost(schema, document, operation, variables);
}

function limitErrors(query: string): string[] {
  return validate(schema, parse(query), [createDepthLimitRule(4), createAliasLimitRule(2), createDirectiveLimitRule(2)]).map(
    (e) => `${String(e.extensions["limit"])}:${String(e.extensions["actual"])}`,
  );
}

describe("cost estimate", () => {
  it("counts each field once per item it can be resolved for, using first/limit", () => {
    expect(cost('{ entity(id: "x") { id name } }')).toBe(3);
    expect(cost('{ search(query: "x", first: 20) { id name } }')).toBe(1 + 20 * 2);
    expect(cost('{ search(query: "x") { id } }')).toBe(1 + 10);
    // The connection's page is `first` items; edges and nodes are that page, not another list.
    expect(cost("{ entities(first: 100) { edges { node { id } } } }")).toBe(1 + 100 + 100 + 100);
  });

  it("reads sizes from variables and from variable defaults", () => {
    const query = "query($n: Int = 30) { entities(first: $n) { nodes { id } } }";
    expect(cost(query)).toBe(1 + 30 + 30);
    expect(cost(query, { n: 200 })).toBe(1 + 200 + 200);
  });

  it("multiplies nested pages", () => {
    const nested = "{ entities(first: 100) { nodes { relationships(first: 50) { nodes { claim } } } } }";
    expect(cost(nested)).toBe(1 + 100 + 100 + 100 * 50 + 100 * 50);
    expect(cost(nested)).toBeLessThan(DEFAULT_QUERY_LIMITS.maxCost);
    expect(cost("{ entities(first: 500) { nodes { relationships(first: 500) { nodes { claim } } } } }")).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it("follows fragments and leaves introspection out", () => {
    expect(cost('{ ...F } fragment F on Query { entity(id: "x") { id } }')).toBe(2);
    expect(cost(getIntrospectionQuery())).toBe(0);
  });
});

describe("depth, alias and directive limits", () => {
  it("refuses a query nested deeper than the limit, through fragments too", () => {
    expect(limitErrors('{ entity(id: "x") { relationships { nodes { id } } } }')).toEqual([]);
    expect(limitErrors('{ entity(id: "x") { relationships { nodes { from { name relationships { totalCount } } } } } }')).toEqual(["depth:6"]);
    expect(limitErrors('{ entity(id: "x") { ...A } } fragment A on Entity { relationships { nodes { from { sources { id } } } } }')).toEqual(["depth:6"]);
  });

  it("does not count an IDE's introspection query toward depth", () => {
    expect(validate(schema, parse(getIntrospectionQuery()), [createDepthLimitRule(DEFAULT_QUERY_LIMITS.maxDepth)])).toEqual([]);
  });

  it("refuses with the code and the limit, its maximum and the amount found", () => {
    const [error, ...others] = validate(schema, parse('{ a: entity(id: "a") { id } b: entity(id: "b") { id } c: entity(id: "c") { id } }'), [
      createAliasLimitRule(2),
    ]);
    expect(others).toEqual([]);
    expect(error?.message).toBe("The query uses 3 aliases; at most 2 are allowed.");
    expect(error?.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED", limit: "aliases", max: 2, actual: 3 });
    const [deep] = validate(schema, parse('{ entity(id: "x") { relationships { nodes { from { id } } } } }'), [createDepthLimitRule(3)]);
    expect(deep?.message).toBe("The query is nested 5 levels deep; at most 3 are allowed.");
    expect(deep?.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED", limit: "depth", max: 3, actual: 5 });
  });

  it("counts per operation, a fragment once for each place it is spread", () => {
    const twoOperations = 'query A { a: entity(id: "a") { id } b: entity(id: "b") { id } } query B { c: entity(id: "c") { id } d: entity(id: "d") { id } }';
    expect(limitErrors(twoOperations)).toEqual([]);
    const spreadTwice = '{ x: entity(id: "x") { ...F } y: entity(id: "y") { ...F } } fragment F on Entity { id @include(if: true) n: name }';
    expect(limitErrors(spreadTwice)).toEqual(["aliases:4"]);
    expect(limitErrors('{ entity(id: "x") { ...F ...F } } fragment F on Entity { id @include(if: true) @skip(if: false) }')).toEqual(["directives:4"]);
    expect(limitErrors("{ t: __typename u: __typename v: __typename }")).toEqual(["aliases:3"]);
  });

  it("counts aliases and directives across the operation", () => {
    expect(limitErrors('{ a: entity(id: "a") { id } b: entity(id: "b") { id } }')).toEqual([]);
    expect(limitErrors('{ a: entity(id: "a") { id } b: entity(id: "b") { id } c: entity(id: "c") { id } }')).toEqual(["aliases:3"]);
    expect(limitErrors('{ entity(id: "a") { id @include(if: true) name @include(if: true) description @skip(if: false) } }')).toEqual(["directives:3"]);
  });
});
