import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies, TRUST_LOOPBACK, TRUST_NO_PROXY } from "@kgx/client-address";
import { ApiEnvError, readApiEnv } from "../src/env.ts";
import { codes, openSeededStore, startTestApi, type GraphqlAnswer, type TestApi, type TestStore } from "./support/test-api.ts";

const CYPHER = `{ cypher(statement: "MATCH (o:Organization) RETURN count(o) AS organizations") { rows } }`;
const SEARCH = `{ search(query: "nvidia") { id } }`;

let seeded: TestStore;

beforeAll(async () => {
  seeded = await openSeededStore();
});

afterAll(async () => {
  await seeded?.close();
});

/** A fresh server (so a fresh allowance) for each test; stopped whatever the test does. */
async function withApi(options: Parameters<typeof startTestApi>[1], run: (api: TestApi) => Promise<void>): Promise<void> {
  const api = await startTestApi(seeded.store, options);
  try {
    await run(api);
  } finally {
    await api.stop();
  }
}

async function cypherCalls(api: TestApi, times: number, headers?: Record<string, string>): Promise<GraphqlAnswer[]> {
  const answers: GraphqlAnswer[] = [];
  for (let i = 0; i < times; i++) answers.push(await api.post(CYPHER, undefined, headers));
  return answers;
}

function expectServed(answer: GraphqlAnswer): void {
  expect(answer.body.errors, answer.text).toBeUndefined();
  expect((answer.body.data?.["cypher"] as { rows: unknown[][] }).rows[0]?.[0]).toEqual(expect.any(Number));
}

function expectRateLimited(answer: GraphqlAnswer, limit: number): void {
  expect(codes(answer), answer.text).toEqual(["RATE_LIMITED"]);
  const error = answer.body.errors?.[0];
  const retryAfter = error?.extensions?.["retryAfterSeconds"];
  expect(retryAfter).toEqual(expect.any(Number));
  // One call comes back every 60/limit seconds.
  expect(retryAfter as number).toBeGreaterThanOrEqual(1);
  expect(retryAfter as number).toBeLessThanOrEqual(Math.ceil(60 / limit));
  expect(error?.message).toContain(`${limit} per minute`);
  expect(error?.message).toContain(`Try again in ${retryAfter as number} second`);
  expect(error?.path).toEqual(["cypher"]);
}

describe("cypher rate limit over HTTP", () => {
  it("refuses the 6th cypher call of a minute at 5 per minute, before it reaches the store, even in production", async () => {
    await withApi({ cypherRatePerMinute: 5, nodeEnv: "production" }, async (api) => {
      (await cypherCalls(api, 5)).forEach(expectServed);
      expect(api.counting.calls.get("runReadQuery")).toBe(5);
      api.counting.reset();
      const sixth = await api.post(CYPHER);
      expect(sixth.status).toBe(200);
      expectRateLimited(sixth, 5);
      // `cypher` is nullable, so the refusal nulls that field alone.
      expect(sixth.body.data).toEqual({ cypher: null });
      expect(api.counting.total()).toBe(0);
      expect(api.logged).toEqual([]);
    });
  });

  it("counts each cypher field of a document: three aliases cost three calls", async () => {
    await withApi({ cypherRatePerMinute: 5 }, async (api) => {
      const three = `{ a: cypher(statement: "RETURN 1 AS x") { rows } b: cypher(statement: "RETURN 2 AS x") { rows } c: cypher(statement: "RETURN 3 AS x") { rows } }`;
      const first = await api.post(three);
      expect(first.body.errors, first.text).toBeUndefined();
      api.counting.reset();
      const second = await api.post(three);
      expect(codes(second)).toEqual(["RATE_LIMITED"]);
      // Two calls were left: two statements reach the store, the third is refused before it.
      expect(api.counting.calls.get("runReadQuery")).toBe(2);
    });
  });

  it("serves another client behind the trusted proxy, and ignores addresses the client wrote to the left", async () => {
    await withApi({ cypherRatePerMinute: 2 }, async (api) => {
      (await cypherCalls(api, 2)).forEach(expectServed);
      expectRateLimited(await api.post(CYPHER), 2);
      // The test talks from 127.0.0.1, a trusted proxy by default, so X-Forwarded-For names the client.
      const other = { "x-forwarded-for": "203.0.113.7" };
      (await cypherCalls(api, 2, other)).forEach(expectServed);
      expectRateLimited(await api.post(CYPHER, undefined, other), 2);
      // The proxy appends the address it saw; a made-up address in front of it is not a new client.
      api.counting.reset();
      expectRateLimited(await api.post(CYPHER, undefined, { "x-forwarded-for": "198.51.100.1, 203.0.113.7" }), 2);
      expect(api.counting.total()).toBe(0);
    });
  });

  it("ignores X-Forwarded-For when no proxy is trusted, so a forged one buys no fresh allowance", async () => {
    await withApi({ cypherRatePerMinute: 2, trustedProxies: TRUST_NO_PROXY }, async (api) => {
      (await cypherCalls(api, 2)).forEach(expectServed);
      api.counting.reset();
      for (const forged of ["203.0.113.8", "198.51.100.2", "10.1.2.3, 203.0.113.9"]) {
        expectRateLimited(await api.post(CYPHER, undefined, { "x-forwarded-for": forged }), 2);
      }
      expect(api.counting.total()).toBe(0);
    });
  });

  it("never limits search, and refuses only the cypher field of a document that has both", async () => {
    await withApi({ cypherRatePerMinute: 1 }, async (api) => {
      expectServed(await api.post(CYPHER));
      for (let i = 0; i < 5; i++) {
        const answer = await api.post(SEARCH);
        expect(answer.body.errors, answer.text).toBeUndefined();
        expect((answer.body.data?.["search"] as { id: string }[])[0]?.id).toBe("nvidia");
      }
      api.counting.reset();
      const mixed = await api.post(`{ search(query: "nvidia") { id } cypher(statement: "RETURN 1 AS x") { rows } }`);
      expect(codes(mixed)).toEqual(["RATE_LIMITED"]);
      // The search in the same document is still answered.
      expect((mixed.body.data?.["search"] as { id: string }[])[0]?.id).toBe("nvidia");
      expect(mixed.body.data?.["cypher"]).toBeNull();
      expect(api.counting.calls.get("search")).toBe(1);
      expect(api.counting.calls.get("runReadQuery")).toBeUndefined();
    });
  });

  it("limits nothing when the rate is 0", async () => {
    await withApi({ cypherRatePerMinute: 0 }, async (api) => {
      (await cypherCalls(api, 12)).forEach(expectServed);
    });
  });
});

describe("the client of a request", () => {
  it("is the socket's peer when the peer is not a trusted proxy", () => {
    expect(clientAddress("198.51.100.4", "203.0.113.1", TRUST_LOOPBACK)).toBe("198.51.100.4");
    expect(clientAddress("127.0.0.1", "203.0.113.1", TRUST_NO_PROXY)).toBe("127.0.0.1");
  });

  it("is the right-most untrusted X-Forwarded-For address behind trusted proxies, however the loopback peer is written", () => {
    expect(clientAddress("::ffff:127.0.0.1", "203.0.113.1", TRUST_LOOPBACK)).toBe("203.0.113.1");
    expect(clientAddress("::1", "198.51.100.9, 203.0.113.1, 127.0.0.1", TRUST_LOOPBACK)).toBe("203.0.113.1");
    expect(clientAddress("127.0.0.1", ["198.51.100.9", "203.0.113.1:4711"], TRUST_LOOPBACK)).toBe("203.0.113.1");
    const trusted = parseTrustedProxies("10.0.0.2, 10.0.0.3");
    expect(clientAddress("10.0.0.2", "203.0.113.5, 10.0.0.3", trusted)).toBe("203.0.113.5");
    expect(clientAddress("127.0.0.1", "203.0.113.5", trusted)).toBe("127.0.0.1");
  });

  it("stops at the hop that passed on text that is not an address", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.1, not-an-address", TRUST_LOOPBACK)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "garbage, 127.0.0.2", TRUST_LOOPBACK)).toBe("127.0.0.2");
  });

  it("writes one IPv6 address one way, and counts IPv6 clients per /64", async () => {
    expect(clientAddress("127.0.0.1", "2001:DB8::1", TRUST_LOOPBACK)).toBe(clientAddress("127.0.0.1", "[2001:db8:0:0::1]:443", TRUST_LOOPBACK));
    await withApi({ cypherRatePerMinute: 1 }, async (api) => {
      expectServed(await api.post(CYPHER, undefined, { "x-forwarded-for": "2001:db8:1:2::1" }));
      expectRateLimited(await api.post(CYPHER, undefined, { "x-forwarded-for": "2001:db8:1:2:ffff::9" }), 1);
      expectServed(await api.post(CYPHER, undefined, { "x-forwarded-for": "2001:db8:1:3::1" }));
    });
  });
});

describe("KGX_CYPHER_RATE_LIMIT and KGX_TRUSTED_PROXIES", () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      readApiEnv(env);
    } catch (error) {
      if (error instanceof ApiEnvError) return [...error.problems];
      throw error;
    }
    return [];
  };

  it("default to 30 cypher calls per minute per client, behind loopback proxies", () => {
    const env = readApiEnv({});
    expect(env.cypherRatePerMinute).toBe(30);
    expect(env.trustedProxies).toEqual(TRUST_LOOPBACK);
  });

  it("read a rate, 0 for no limit, and the proxies to trust", () => {
    expect(readApiEnv({ KGX_CYPHER_RATE_LIMIT: "120" }).cypherRatePerMinute).toBe(120);
    expect(readApiEnv({ KGX_CYPHER_RATE_LIMIT: "0" }).cypherRatePerMinute).toBe(0);
    expect(readApiEnv({ KGX_TRUSTED_PROXIES: "none" }).trustedProxies).toEqual(TRUST_NO_PROXY);
    const listed = readApiEnv({ KGX_TRUSTED_PROXIES: " 10.0.0.2, ::ffff:10.0.0.3 ,loopback" }).trustedProxies;
    for (const proxy of ["127.0.0.1", "::1", "10.0.0.2", "10.0.0.3", "::ffff:10.0.0.2"]) {
      expect(clientAddress(proxy, "203.0.113.5", listed)).toBe("203.0.113.5");
    }
    expect(clientAddress("10.0.0.4", "203.0.113.5", listed)).toBe("10.0.0.4");
    expect(clientAddress("127.0.0.1", "203.0.113.5", readApiEnv({ KGX_TRUSTED_PROXIES: "10.0.0.2" }).trustedProxies)).toBe("127.0.0.1");
    const ranges = readApiEnv({ KGX_TRUSTED_PROXIES: "10.0.0.0/8, fd00::/8" }).trustedProxies;
    expect(clientAddress("10.200.0.1", "203.0.113.5", ranges)).toBe("203.0.113.5");
    expect(clientAddress("fd12::1", "203.0.113.5", ranges)).toBe("203.0.113.5");
    expect(clientAddress("11.0.0.1", "203.0.113.5", ranges)).toBe("11.0.0.1");
  });

  it("refuse values that are not a rate or a list of addresses and ranges, naming the variable", () => {
    for (const bad of ["-1", "ten", "2.5", "1e3", "1000001"]) {
      expect(problemsOf({ KGX_CYPHER_RATE_LIMIT: bad })).toEqual([`KGX_CYPHER_RATE_LIMIT must be a whole number from 0 to 1000000, got "${bad}"`]);
    }
    for (const bad of ["10.0.0.0/33", "10.1/8", "proxy.internal", "10.0.0.2, nope", ","]) {
      const problems = problemsOf({ KGX_TRUSTED_PROXIES: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^KGX_TRUSTED_PROXIES /);
    }
  });
});
