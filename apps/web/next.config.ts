import path from "node:path";
import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS } from "./src/security-headers.ts";
import { WEB_BUILDS, webBuildKind } from "./web-builds.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const build = WEB_BUILDS[webBuildKind(process.env)];

const config: NextConfig = {
  // The production build and the browser tests' build live side by side (web-builds.ts).
  distDir: build.distDir,
  // Inlined into the client code as a literal, so in the production build the probe's branch is
  // dead code and the minifier drops it: no byte of window.kgxGraph ships (a test checks).
  env: { KGX_GRAPH_PROBE: build.graphProbe ? "1" : "" },
  // @kgx/domain and @kgx/notebook export TypeScript source; Next compiles them like the app's own files.
  transpilePackages: ["@kgx/domain", "@kgx/notebook"],
  // npm workspaces hoist dependencies to the repository root; tracing and Turbopack must see it.
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  // Types are checked by `npm test` (turbo typecheck) with the repository's strict settings;
  // checking them again inside every build would only make builds slower.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // One address for the API and its IDE: a browser opening /graphql (it asks for HTML) gets GraphiQL,
  // while GraphQL requests (JSON) reach the forwarder in app/graphql/route.ts. Before the file
  // system, because that route would otherwise answer the page request too.
  async rewrites() {
    return {
      beforeFiles: [{ source: "/graphql", has: [{ type: "header", key: "accept", value: ".*text/html.*" }], destination: "/graphiql" }],
      afterFiles: [],
      fallback: [],
    };
  },
  // On every response, the GraphQL forwarder's JSON and the static files included; the
  // Content-Security-Policy, which needs a nonce per page, is set by proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: [...FIXED_SECURITY_HEADERS] }];
  },
  reactStrictMode: true,
};

export default config;
