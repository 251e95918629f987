import { describe, expect, it } from "vitest";
import { webBuildEnvironment } from "../../../tooling/web-build.ts";

describe("the environment of `next build`", () => {
  it("has no API write token and no Neo4j settings, and keeps everything else", () => {
    const env = webBuildEnvironment({
      NODE_ENV: "production",
      PATH: "/usr/bin",
      KGX_API_URL: "http://127.0.0.1:4000/graphql",
      KGX_WRITE_TOKEN: "secret-token-0123456789",
      NEO4J_URI: "bolt://db:7687",
      NEO4J_USERNAME: "neo4j",
      NEO4J_PASSWORD: "secret-password",
    });
    expect(Object.keys(env).sort()).toEqual(["KGX_API_URL", "NEXT_TELEMETRY_DISABLED", "NODE_ENV", "PATH"]);
    expect(JSON.stringify(env)).not.toMatch(/secret-/);
  });

  it("names the test build only when asked for it, whatever the caller's shell says", () => {
    expect(webBuildEnvironment({ NODE_ENV: "production", PATH: "/usr/bin", KGX_WEB_BUILD: "test" }, "production")["KGX_WEB_BUILD"]).toBeUndefined();
    expect(webBuildEnvironment({ NODE_ENV: "production", PATH: "/usr/bin" }, "test")["KGX_WEB_BUILD"]).toBe("test");
  });
});
