import path from "node:path";
import type { NextConfig } from "next";

const repoRoot = path.resolve(import.meta.dirname, "../..");

const config: NextConfig = {
  // @kgx/domain exports TypeScript source; Next compiles it like the app's own files.
  transpilePackages: ["@kgx/domain"],
  // npm workspaces hoist dependencies to the repository root; tracing and Turbopack must see it.
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  // Types are checked by `npm test` (turbo typecheck) with the repository's strict settings;
  // checking them again inside every build would only make builds slower.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
