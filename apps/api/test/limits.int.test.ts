import http from "node:http";
import type { GraphStore } from "@kgx/graph-store";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "@kgx/graphql-api";
import { Lexer, Source, TokenKind } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_BODY_BYTES } from "../src/index.ts";
import { describeOnEachBackend } from "./support/backends.ts";
import { answerOf, codes, startTestApi, type GraphqlAnswer, type TestApi, type TestApiOptions, type TestStore } from "./support/test-api.ts";

/**
 * What one request may ask for. Every refusal must come before any resolver runs, which the
 * store's call counter shows: a refused request costs the store nothing.
 */
describeOnEachBackend((backend) => {
  describe(`request limits: at the limit passes, one over is refused before any resolver runs (${backend.name})`, () => {
    let seeded: TestStore;

    beforeAll(async () => {
      seeded = await backend.openSeeded();
    }, 120_000);

    afterAll(async () => {
      await seeded?.close();
    });

    /** One limit, a request exactly at it and one just over it, and how the refusal must look. */
    interface LimitCase {
      readonly limit: string;
      readonly options: TestApiOptions;
      readonly atLimit: LimitRequest;
      readonly oneOver: LimitRequest;
      readonly status: number;
      readonly code: string;
      readonly extensions?: Record<string, unknown>;
      readonly message: string | RegExp;
    }

    type LimitRequest = { readonly query: string; readonly variables?: Record<string, unknown> } | { readonly rawBody: string };

    function send(api: TestApi, request: LimitRequest): Promise<GraphqlAnswer> {
      if ("rawBody" in request) {
        return fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: request.rawBody }).then(answerOf);
      }
      return api.post(request.query, request.variables);
    }

    function casesFor(limits: QueryLimits, maxBodyBytes: number, options: (key: keyof QueryLimits | "maxBodyBytes") => TestApiOptions): LimitCase[] {
      const validation = (limit: string, max: number) => ({
        status: 400,
        code: "GRAPHQL_VALIDATION_FAILED",
        extensions: { limit, max, actual: max + 1 },
      });
      return [
        {
          limit: "depth",
          options: options("maxDepth"),
          atLimit: { query: nestedQuery(limits.maxDepth) },
          oneOver: { query: nestedQuery(limits.maxDepth + 1) },
          ...validation("depth", limits.maxDepth),
          message: `nested ${limits.maxDepth + 1} levels deep`,
        },
        {
          limit: "aliases",
          options: options("maxAliases"),
          atLimit: { query: aliasedQuery(limits.maxAliases) },
          oneOver: { query: aliasedQuery(limits.maxAliases + 1) },
          ...validation("aliases", limits.maxAliases),
          message: `uses ${limits.maxAliases + 1} aliases`,
        },
        {
          limit: "directives",
          options: options("maxDirectives"),
          atLimit: { query: directiveQuery(limits.maxDirectives) },
          oneOver: { query: directiveQuery(limits.maxDirectives + 1) },
          ...validation("directives", limits.maxDirectives),
          message: `uses ${limits.maxDirectives + 1} directives`,
        },
        {
          limit: "cost",
          options: options("maxCost"),
          atLimit: costRequest(limits.maxCost),
          oneOver: costRequest(limits.maxCost + 1),
          ...validation("cost", limits.maxCost),
          message: `about ${limits.maxCost + 1} values`,
        },
        {
          limit: "tokens",
          options: options("maxTokens"),
          atLimit: { query: documentOfTokens(limits.maxTokens) },
          oneOver: { query: documentOfTokens(limits.maxTokens + 1) },
          status: 400,
          code: "GRAPHQL_PARSE_FAILED",
          message: `more that ${limits.maxTokens} tokens`,
        },
        {
          limit: "recursive selections",
          options: options("maxRecursiveSelections"),
          atLimit: { query: queryOfSelections(limits.maxRecursiveSelections) },
          oneOver: { query: queryOfSelections(limits.maxRecursiveSelections + 1) },
          status: 400,
          code: "GRAPHQL_VALIDATION_FAILED",
          message: /recursively requests too many selections/,
        },
        {
          limit: "body size",
          options: options("maxBodyBytes"),
          atLimit: { rawBody: bodyOfBytes(maxBodyBytes) },
          oneOver: { rawBody: bodyOfBytes(maxBodyBytes + 1) },
          status: 413,
          code: "BAD_REQUEST",
          message: `larger than ${maxBodyBytes} bytes`,
        },
      ];
    }

    async function expectLimitHolds(limitCase: LimitCase): Promise<void> {
      const api = await startTestApi(seeded.store, limitCase.options);
      try {
        api.counting.reset();
        const passed = await send(api, limitCase.atLimit);
        expect(passed.status, passed.text).toBe(200);
        expect(passed.body.errors, passed.text).toBeUndefined();
        expect(passed.body.data).toBeTruthy();
        // The request at the limit really ran, so the zero below means "refused before resolvers", not "asked nothing".
        expect(api.counting.total()).toBeGreaterThan(0);

        api.counting.reset();
        const refused = await send(api, limitCase.oneOver);
        expect(refused.status, refused.text).toBe(limitCase.status);
        expect(codes(refused)).toEqual([limitCase.code]);
        expect(refused.body.data).toBeUndefined();
        if (limitCase.extensions) expect(refused.body.errors?.[0]?.extensions).toMatchObject(limitCase.extensions);
        if (typeof limitCase.message === "string") expect(refused.body.errors?.[0]?.message).toContain(limitCase.message);
        else expect(refused.body.errors?.[0]?.message).toMatch(limitCase.message);
        expect(api.counting.total()).toBe(0);
        expect(api.logged).toEqual([]);
      } finally {
        await api.stop();
      }
    }

    const SMALL_LIMITS: QueryLimits = { maxDepth: 4, maxAliases: 3, maxDirectives: 3, maxTokens: 24, maxCost: 20, maxRecursiveSelections: 5 };
    const SMALL_BODY_BYTES = 256;

    describe("small limits, one set at a time", () => {
      // Each server lowers only the limit under test, so the documents of the other rows cannot trip it.
      const small = (key: keyof QueryLimits | "maxBodyBytes"): TestApiOptions =>
        key === "maxBodyBytes" ? { maxBodyBytes: SMALL_BODY_BYTES } : { limits: { [key]: SMALL_LIMITS[key] } };
      it.each(casesFor(SMALL_LIMITS, SMALL_BODY_BYTES, small).map((c) => [c.limit, c] as const))("%s", async (_limit, limitCase) => {
        await expectLimitHolds(limitCase);
      });
    });

    describe("default limits", () => {
      it.each(casesFor(DEFAULT_QUERY_LIMITS, DEFAULT_MAX_BODY_BYTES, () => ({})).map((c) => [c.limit, c] as const))("%s", async (_limit, limitCase) => {
        await expectLimitHolds(limitCase);
      });
    });

    describe("body size without a content-length (chunked)", () => {
      let api: TestApi;

      beforeAll(async () => {
        api = await startTestApi(seeded.store, { maxBodyBytes: SMALL_BODY_BYTES });
      });

      afterAll(async () => {
        await api?.stop();
      });

      it("counts the bytes as they arrive: the limit passes, one byte over is 413 with no store call", async () => {
        api.counting.reset();
        const passed = await postChunked(api.url, bodyOfBytes(SMALL_BODY_BYTES));
        expect(passed.status, passed.text).toBe(200);
        expect(passed.body.data).toEqual({ entity: { id: "nvidia" } });
        expect(api.counting.total()).toBeGreaterThan(0);

        api.counting.reset();
        const refused = await postChunked(api.url, bodyOfBytes(SMALL_BODY_BYTES + 1));
        expect(refused.status).toBe(413);
        expect(codes(refused)).toEqual(["BAD_REQUEST"]);
        expect(api.counting.total()).toBe(0);
      });
    });
  });

  /** A query `depth` fields deep: entity { relationships { nodes { from { relationships { … } } } } }. */
  function nestedQuery(depth: number): string {
    const chain = Array.from({ length: depth - 2 }, (_, i) => ["relationships(first: 2)", "nodes", "from"][i % 3] as string);
    const leaf = chain.at(-1)?.startsWith("relationships") ? "totalCount" : "id";
    return `{ entity(id: "nvidia") { ${chain.reduceRight((inner, field) => `${field} { ${inner} }`, leaf)} } }`;
  }

  function aliasedQuery(aliases: number): string {
    return `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: entity(id: "nvidia") { id }`).join(" ")} }`;
  }

  function directiveQuery(directives: number): string {
    return `{ entity(id: "nvidia") { ${Array.from({ length: directives }, () => "id @include(if: true)").join(" ")} } }`;
  }

  /**
   * A request whose estimated cost is exactly `cost`, sizes given as variables. `entities(first: n)
   * { totalCount }` costs 1 + n; above 500 (the largest page) a second field adds 500 entities' pages
   * of relationships: 1 + 500 + 500 + 500·k.
   */
  function costRequest(cost: number): { query: string; variables: Record<string, unknown> } {
    if (cost <= 501) return { query: "query($n: Int!) { entities(first: $n) { totalCount } }", variables: { n: cost - 1 } };
    const perRelationshipPage = 500;
    const k = Math.floor((cost - 1001 - 2) / perRelationshipPage);
    const rest = cost - (1001 + perRelationshipPage * k) - 1;
    if (k < 1 || k > 500 || rest < 1 || rest > 500) throw new Error(`no cost request built for ${cost}`);
    return {
      query:
        "query($k: Int!, $rest: Int!) { entities(first: 500) { nodes { relationships(first: $k) { totalCount } } } rest: entities(first: $rest) { totalCount } }",
      variables: { k, rest },
    };
  }

  function tokenCount(document: string): number {
    const lexer = new Lexer(new Source(document));
    let count = 0;
    while (lexer.advance().kind !== TokenKind.EOF) count++;
    return count;
  }

  /**
   * A valid document of exactly `tokens` lexical tokens (counted by graphql-js's own lexer), padded
   * with list items rather than repeated fields: graphql-js gives up ("Validation aborted.") on a
   * thousand copies of one field, because comparing them pairwise for conflicts is quadratic.
   */
  function documentOfTokens(tokens: number): string {
    const withTypes = (count: number) => `{ entity(id: "nvidia") { relationships(types: [${" LEADS".repeat(count)} ]) { totalCount } } }`;
    const document = withTypes(tokens - tokenCount(withTypes(0)));
    if (tokenCount(document) !== tokens) throw new Error(`document has ${tokenCount(document)} tokens, not ${tokens}`);
    return document;
  }

  /**
   * A query of exactly `selections` selections as Apollo counts them (fields, inline fragments and
   * spreads, with each spread counting its fragment's selections again). Large counts go through
   * fragments that multiply, as a real attack would, so the document stays under the token limit.
   */
  function queryOfSelections(selections: number): string {
    if (selections <= 100) return `{ entity(id: "nvidia") { ${"id ".repeat(selections - 1)}} }`;
    // H = 98 fields; G = 10 spreads of H = 10 + 980; F = 10 spreads of G = 10 + 9900.
    const fragmentSelections = 10 + 10 * (10 + 10 * 98);
    const extraFields = selections - 2 - fragmentSelections;
    if (extraFields < 1) throw new Error(`no selection query built for ${selections}`);
    return `{ entity(id: "nvidia") { ${"id ".repeat(extraFields)}...F } }
      fragment F on Entity { ${"...G ".repeat(10)}}
      fragment G on Entity { ${"...H ".repeat(10)}}
      fragment H on Entity { ${"id ".repeat(98)}}`;
  }

  /** A JSON body of exactly `bytes` bytes: JSON allows trailing whitespace, so padding changes nothing. */
  function bodyOfBytes(bytes: number): string {
    const json = JSON.stringify({ query: `{ entity(id: "nvidia") { id } }` });
    return json + " ".repeat(bytes - Buffer.byteLength(json));
  }

  /** POSTs a body in two chunks with no content-length, so the server can only count as it reads. */
  function postChunked(url: string, body: string): Promise<GraphqlAnswer> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: GraphqlAnswer["body"];
          try {
            parsed = JSON.parse(text) as GraphqlAnswer["body"];
          } catch {
            parsed = {};
          }
          resolve({ status: response.statusCode ?? 0, headers: new Headers(), text, body: parsed });
        });
        response.on("error", reject);
      });
      request.on("error", reject);
      const half = Math.floor(body.length / 2);
      request.write(body.slice(0, half));
      request.end(body.slice(half));
    });
  }

  describe(`request limits that are not sizes (${backend.name})`, () => {
    let seeded: TestStore;
    let api: TestApi;

    beforeAll(async () => {
      seeded = await backend.openSeeded();
      api = await startTestApi(seeded.store);
    }, 120_000);

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

    it("refuses JSON input nested deeper than 32 levels, as a variable or a literal, before the store is asked; 32 levels pass", async () => {
      // The embedded store takes time cubic in a parameter's nesting, with the event loop blocked:
      // a 1000-level map held the whole server for minutes before this limit.
      const maxJsonDepth = 32;
      const nestedList = (levels: number): unknown => {
        let value: unknown = 7;
        for (let i = 0; i < levels; i++) value = [value];
        return value;
      };
      const literal = (levels: number) => `${"[".repeat(levels)}7${"]".repeat(levels)}`;
      // `params` is one object level, so the value inside it gets one level fewer.
      const byVariable = (levels: number) =>
        api.post('query($p: JSON) { cypher(statement: "RETURN $v AS v", params: $p) { rows } }', { p: { v: nestedList(levels - 1) } });
      const byLiteral = (levels: number) => api.post(`{ cypher(statement: "RETURN $v AS v", params: {v: ${literal(levels - 1)}}) { rows } }`);

      for (const send of [byVariable, byLiteral]) {
        api.counting.reset();
        const passed = await send(maxJsonDepth);
        expect(passed.body.errors, passed.text).toBeUndefined();
        expect(passed.body.data).toEqual({ cypher: { rows: [[nestedList(maxJsonDepth - 1)]] } });
        expect(api.counting.total()).toBeGreaterThan(0);

        api.counting.reset();
        const refused = await send(maxJsonDepth + 1);
        expect(codes(refused)).toEqual(["BAD_USER_INPUT"]);
        expect(refused.body.errors?.[0]?.message).toContain(`at most ${maxJsonDepth} levels deep`);
        expect(api.counting.total()).toBe(0);
      }
      // Far deeper than any recursion could follow: still a coded refusal, not a crash or a stall.
      const abyss = `{"query": "query($p: JSON) { cypher(statement: \\"RETURN 1 AS one\\", params: $p) { rows } }", "variables": {"p": {"v": ${"[".repeat(200_000)}${"]".repeat(200_000)}}}}`;
      api.counting.reset();
      const refused = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: abyss }).then(answerOf);
      expect(codes(refused)).toEqual(["BAD_USER_INPUT"]);
      expect(api.counting.total()).toBe(0);
      expect(api.logged).toEqual([]);
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

    describe("CSRF prevention", () => {
      it("refuses a simple cross-site POST (text/plain) and a GET without a preflight header", async () => {
        api.counting.reset();
        const form = await fetch(api.url, {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify({ query: "{ graphSchema { entityTypes { name } } }" }),
        }).then(answerOf);
        expect(form.status).toBe(400);
        expect(form.body.errors?.[0]?.message).toContain("Cross-Site Request Forgery");
        const get = await fetch(`${api.url}?query=${encodeURIComponent('{ entity(id: "nvidia") { id } }')}`).then(answerOf);
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

  describe(`error masking and production mode (${backend.name})`, () => {
    let seeded: TestStore;

    beforeAll(async () => {
      seeded = await backend.openSeeded();
    }, 120_000);

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
        for (const query of [
          typo,
          `{ neighborhood(id: "nvidia", depth: 9) { totalNeighbors } }`,
          `{ cypher(statement: "MATCH (n RETURN n") { rows } }`,
          `{ entity(id: 1.5) { id } }`,
        ]) {
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
});
