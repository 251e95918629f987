import type { GraphStore } from "@kgx/graph-store";
import { DEFAULT_QUERY_LIMITS } from "@kgx/graphql-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_BODY_BYTES } from "../src/index.ts";
import { answerOf, codes, openSeededStore, startTestApi, type TestApi, type TestStore } from "./support/test-api.ts";

/**
 * What one request may ask for. Every refusal must come before any resolver runs, which the
 * store's call counter shows: a refused request costs the store nothing.
 */
describe("request limits", () => {
  let seeded: TestStore;
  let api: TestApi;

  beforeAll(async () => {
    seeded = await openSeededStore();
    api = await startTestApi(seeded.store);
  });

  afterAll(async () => {
    await api?.stop();
    await seeded?.close();
  });

  async function refusedBeforeResolvers(query: string, variables?: Record<string, unknown>) {
    api.counting.reset();
    const answer = await api.post(query, variables);
    expect(api.counting.total()).toBe(0);
    expect(answer.body.data).toBeUndefined();
    return answer;
  }

  /** A query `depth` fields deep: entity { relationships { nodes { from { relationships { … } } } } }. */
  function nested(depth: number): string {
    const chain = Array.from({ length: depth - 2 }, (_, i) => ["relationships(first: 2)", "nodes", "from"][i % 3] as string);
    const leaf = chain.at(-1)?.startsWith("relationships") ? "totalCount" : "id";
    return `{ entity(id: "nvidia") { ${chain.reduceRight((inner, field) => `${field} { ${inner} }`, leaf)} } }`;
  }

  it("refuses a query nested deeper than the limit, and lets one at the limit through", async () => {
    const max = DEFAULT_QUERY_LIMITS.maxDepth;
    const atLimit = await api.post(nested(max));
    expect(atLimit.body.errors, atLimit.text).toBeUndefined();
    const tooDeep = await refusedBeforeResolvers(nested(max + 1));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors?.[0]?.extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "depth", max });
  });

  it("refuses too many aliases", async () => {
    const max = DEFAULT_QUERY_LIMITS.maxAliases;
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: entity(id: "nvidia") { id }`).join(" ")} }`;
    expect((await api.post(aliases(max))).body.errors).toBeUndefined();
    const answer = await refusedBeforeResolvers(aliases(max + 1));
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ limit: "aliases", max, actual: max + 1 });
  });

  it("refuses too many directives", async () => {
    const max = DEFAULT_QUERY_LIMITS.maxDirectives;
    const query = `{ entity(id: "nvidia") { ${Array.from({ length: max + 1 }, () => "id @include(if: true)").join(" ")} } }`;
    const answer = await refusedBeforeResolvers(query);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ limit: "directives", max });
  });

  it("refuses a query whose cost is over the limit, counting sizes given in variables", async () => {
    const query = "query($n: Int!, $m: Int!) { entities(first: $n) { nodes { id relationships(first: $m) { nodes { claim sources { title } } } } } }";
    const cheap = await api.post(query, { n: 10, m: 10 });
    expect(cheap.body.errors).toBeUndefined();
    const answer = await refusedBeforeResolvers(query, { n: 500, m: 500 });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "cost", max: DEFAULT_QUERY_LIMITS.maxCost });
  });

  it("refuses a document with too many tokens while parsing it", async () => {
    const answer = await refusedBeforeResolvers(`{ ${"__typename ".repeat(DEFAULT_QUERY_LIMITS.maxTokens)} }`);
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(answer.body.errors?.[0]?.message).toContain(`more that ${DEFAULT_QUERY_LIMITS.maxTokens} tokens`);
  });

  it("refuses fragments that multiply each other into too many selections", async () => {
    const spread = (name: string) => Array.from({ length: 12 }, () => `...${name}`).join(" ");
    const query = `{ ...F4 }
      fragment F0 on Query { __typename }
      fragment F1 on Query { ${spread("F0")} }
      fragment F2 on Query { ${spread("F1")} }
      fragment F3 on Query { ${spread("F2")} }
      fragment F4 on Query { ${spread("F3")} }`;
    const answer = await refusedBeforeResolvers(query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/recursively requests .* selections/i);
  });

  describe("request body size", () => {
    const query = `{ entity(id: "nvidia") { id } }`;
    // JSON allows trailing whitespace, so a body can be padded to an exact size without changing it.
    const bodyOf = (bytes: number) => {
      const json = JSON.stringify({ query });
      return json + " ".repeat(bytes - Buffer.byteLength(json));
    };
    const send = (body: string) => fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body }).then(answerOf);

    it("accepts a body of exactly the limit", async () => {
      const answer = await send(bodyOf(DEFAULT_MAX_BODY_BYTES));
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ entity: { id: "nvidia" } });
    });

    it("refuses a body one byte over the limit with 413, before anything runs", async () => {
      api.counting.reset();
      const answer = await send(bodyOf(DEFAULT_MAX_BODY_BYTES + 1));
      expect(answer.status).toBe(413);
      expect(codes(answer)).toEqual(["BAD_REQUEST"]);
      expect(answer.body.errors?.[0]?.message).toContain(String(DEFAULT_MAX_BODY_BYTES));
      expect(api.counting.total()).toBe(0);
    });
  });

  describe("CSRF prevention", () => {
    it("refuses a simple cross-site POST (text/plain) and a GET without a preflight header", async () => {
      api.counting.reset();
      const form = await fetch(api.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ graphSchema { entityTypes { name } } }" }) }).then(answerOf);
      expect(form.status).toBe(400);
      expect(form.body.errors?.[0]?.message).toContain("Cross-Site Request Forgery");
      const get = await fetch(`${api.url}?query=${encodeURIComponent("{ entity(id: \"nvidia\") { id } }")}`).then(answerOf);
      expect(get.status).toBe(400);
      expect(get.body.errors?.[0]?.message).toContain("Cross-Site Request Forgery");
      expect(api.counting.total()).toBe(0);
    });

    it("answers a GET that carries a preflight header, and refuses a mutation over GET", async () => {
      const url = (query: string) => `${api.url}?query=${encodeURIComponent(query)}`;
      const get = await fetch(url(`{ entity(id: "nvidia") { id } }`), { headers: { "apollo-require-preflight": "true" } }).then(answerOf);
      expect(get.body).toEqual({ data: { entity: { id: "nvidia" } } });
      const mutation = await fetch(url(`mutation { deleteRelationship(id: "x") }`), { headers: { "apollo-require-preflight": "true" } }).then(answerOf);
      expect(mutation.status).toBe(405);
    });
  });
});

describe("error masking and production mode", () => {
  let seeded: TestStore;

  beforeAll(async () => {
    seeded = await openSeededStore();
  });

  afterAll(async () => {
    await seeded?.close();
  });

  it("masks an unexpected error: the client gets INTERNAL_SERVER_ERROR, the log gets the detail", async () => {
    // A fault the real store cannot be made to produce on demand: a plain Error with internals in it.
    const faulty = new Proxy(seeded.store, {
      get(target, property, receiver) {
        if (property === "search") return async () => Promise.reject(new Error("kuzu internal: /srv/secret/graph.kuzu page 17 checksum"));
        return Reflect.get(target, property, receiver) as unknown;
      },
    }) as GraphStore;
    const api = await startTestApi(faulty, { nodeEnv: "development" });
    try {
      const answer = await api.post(`{ search(query: "nvidia") { id } }`);
      expect(codes(answer)).toEqual(["INTERNAL_SERVER_ERROR"]);
      expect(answer.body.errors?.[0]?.message).toBe("Internal server error");
      expect(answer.text).not.toContain("secret");
      expect(answer.text).not.toContain("stacktrace");
      expect(api.logged.join("\n")).toContain("/srv/secret/graph.kuzu");
    } finally {
      await api.stop();
    }
  });

  it("hides field suggestions in production, shows them in development, and never sends stack traces unless debugging", async () => {
    const production = await startTestApi(seeded.store, { nodeEnv: "production" });
    const development = await startTestApi(seeded.store, { nodeEnv: "development" });
    try {
      const typo = `{ entity(id: "nvidia") { nam } }`;
      const hidden = await production.post(typo);
      expect(codes(hidden)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      expect(hidden.body.errors?.[0]?.message).toBe('Cannot query field "nam" on type "Entity".');
      const shown = await development.post(typo);
      expect(shown.body.errors?.[0]?.message).toContain('Did you mean "name"');
      for (const query of [typo, `{ neighborhood(id: "nvidia", depth: 9) { totalNeighbors } }`, `{ cypher(statement: "MATCH (n RETURN n") { rows } }`, `{ entity(id: 1.5) { id } }`]) {
        const answer = await production.post(query);
        expect(answer.body.errors?.length).toBeGreaterThan(0);
        expect(answer.text).not.toContain("stacktrace");
        expect(answer.text).not.toMatch(/Did you mean/);
      }
      expect((await development.post(`{ neighborhood(id: "nvidia", depth: 9) { totalNeighbors } }`)).text).not.toContain("stacktrace");
      const debugging = await startTestApi(seeded.store, { nodeEnv: "development", includeStacktraces: true });
      try {
        expect((await debugging.post(`{ neighborhood(id: "nvidia", depth: 9) { totalNeighbors } }`)).text).toContain("stacktrace");
      } finally {
        await debugging.stop();
      }
    } finally {
      await production.stop();
      await development.stop();
    }
  });

  it("turns introspection off when configured to", async () => {
    const closed = await startTestApi(seeded.store, { introspection: false });
    try {
      const answer = await closed.post("{ __schema { queryType { name } } }");
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await closed.stop();
    }
  });
});
