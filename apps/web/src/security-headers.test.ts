import { describe, expect, it } from "vitest";
import { FIXED_SECURITY_HEADERS, contentSecurityPolicy, newNonce } from "./security-headers.ts";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe("the Content-Security-Policy", () => {
  it("lets scripts run only with the page's nonce, and never inline or evaluated code", () => {
    for (const graphiql of [false, true]) {
      const policy = directives(contentSecurityPolicy("abc123==", { graphiql }));
      expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
      expect(policy.get("object-src")).toEqual(["'none'"]);
      expect(policy.get("base-uri")).toEqual(["'self'"]);
      expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
      expect(policy.get("connect-src")).toEqual(["'self'"]);
      expect(policy.get("default-src")).toEqual(["'self'"]);
    }
  });

  it("allows inline styles and data: fonts only on the GraphiQL page, and style elements elsewhere only with the nonce", () => {
    const strict = directives(contentSecurityPolicy("n1", { graphiql: false }));
    expect(strict.get("style-src-elem")).toEqual(["'self'", "'nonce-n1'"]);
    expect(strict.get("style-src-attr")).toEqual(["'none'"]);
    expect(strict.get("font-src")).toEqual(["'self'"]);
    expect([...strict.values()].flat()).not.toContain("'unsafe-inline'");
    const graphiql = directives(contentSecurityPolicy("n1", { graphiql: true }));
    expect(graphiql.get("style-src-elem")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(graphiql.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(graphiql.get("font-src")).toEqual(["'self'", "data:"]);
  });

  it("makes a different nonce of 128 bits each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("sends nosniff, a referrer policy, no framing and a permissions policy on every response", () => {
    const names = FIXED_SECURITY_HEADERS.map((h) => h.key.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(["x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"]));
    expect(FIXED_SECURITY_HEADERS.find((h) => h.key === "X-Content-Type-Options")?.value).toBe("nosniff");
  });
});
