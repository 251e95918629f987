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

describe("the store process in the API's environment", () => {
  const MIB = 1024 * 1024;

  it("gives the store's process only harmless variables: no token, no digest, no Neo4j password", () => {
    const env = readApiEnv({ PATH: "/usr/bin", HOME: "/home/kgx", LANG: "C.UTF-8", KGX_WRITE_TOKEN: TOKEN, NEO4J_PASSWORD: "secret-pw", KGX_DEBUG: "1" });
    expect(env.storeHost.environment).toEqual({ PATH: "/usr/bin", HOME: "/home/kgx", LANG: "C.UTF-8" });
  });

  it("sets the memory ceiling above the buffer pool by default, and takes KGX_STORE_MEMORY_LIMIT in MiB", () => {
    expect(readApiEnv({}).storeHost.memoryLimitBytes).toBe(3072 * MIB);
    expect(readApiEnv({ KGX_KUZU_BUFFER_POOL: "4096" }).storeHost.memoryLimitBytes).toBe(5120 * MIB);
    expect(readApiEnv({ KGX_STORE_MEMORY_LIMIT: "2048" }).storeHost.memoryLimitBytes).toBe(2048 * MIB);
    expect(readApiEnv({ KGX_STORE_QUERY_GRACE_MS: "500" }).storeHost.queryGraceMs).toBe(500);
  });

  it("refuses a ceiling that is not a number of MiB or leaves no room above the buffer pool, naming both variables", () => {
    expect(() => readApiEnv({ KGX_STORE_MEMORY_LIMIT: "3GB" })).toThrow(/KGX_STORE_MEMORY_LIMIT must be a whole number of MiB/);
    expect(() => readApiEnv({ KGX_STORE_MEMORY_LIMIT: "1100", KGX_KUZU_BUFFER_POOL: "1024" })).toThrow(
      /KGX_STORE_MEMORY_LIMIT \(1100 MiB\) must leave room above the buffer pool \(KGX_KUZU_BUFFER_POOL, 1024 MiB\)/,
    );
  });
});

describe("the explorer's address for the landing page", () => {
  it("takes KGX_EXPLORER_URL, and refuses one that is not an http(s) address", () => {
    expect(readApiEnv({ KGX_EXPLORER_URL: "http://localhost:3100" }).explorerUrl).toBe("http://localhost:3100");
    expect(readApiEnv({}).explorerUrl).toBe("http://localhost:3000");
    expect(() => readApiEnv({ KGX_EXPLORER_URL: "javascript:alert(1)" })).toThrow(/KGX_EXPLORER_URL must be an http\(s\) address/);
  });

  it("derives it from KGX_WEB_PORT when it is not given, as npm start places the explorer", () => {
    expect(readApiEnv({ KGX_WEB_PORT: "4410" }).explorerUrl).toBe("http://localhost:4410");
    expect(readApiEnv({ KGX_WEB_PORT: "4410", KGX_EXPLORER_URL: "https://kgx.example.org" }).explorerUrl).toBe("https://kgx.example.org");
    expect(() => readApiEnv({ KGX_WEB_PORT: "web" })).toThrow(/KGX_WEB_PORT must be a whole number from 1 to 65535, got "web"/);
  });
});
