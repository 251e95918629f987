import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiEnvError, readApiEnv } from "../src/env.ts";

const TOKEN = "env-test-write-token-0123456789";
const DIGEST = createHash("sha256").update(TOKEN).digest("hex");

describe("the write token in the API's environment", () => {
  it("keeps only the token's digest, never the token", () => {
    const env = readApiEnv({ KGX_WRITE_TOKEN: TOKEN });
    expect(env.writeTokenSha256).toBe(DIGEST);
    expect(JSON.stringify(env)).not.toContain(TOKEN);
  });

  it("takes the digest itself in KGX_WRITE_TOKEN_SHA256", () => {
    expect(readApiEnv({ KGX_WRITE_TOKEN_SHA256: DIGEST.toUpperCase() }).writeTokenSha256).toBe(DIGEST);
  });

  it("refuses a digest that is not 64 hex digits, and both variables at once", () => {
    expect(() => readApiEnv({ KGX_WRITE_TOKEN_SHA256: "abc" })).toThrow(ApiEnvError);
    expect(() => readApiEnv({ KGX_WRITE_TOKEN_SHA256: DIGEST, KGX_WRITE_TOKEN: TOKEN })).toThrow(/not both/);
  });

  it("is read-only without either", () => {
    expect(readApiEnv({}).writeTokenSha256).toBeUndefined();
  });
});
