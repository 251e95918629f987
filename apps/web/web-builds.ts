/**
 * The web app's two builds. `npm start` serves the production build; the browser tests serve the
 * test build: the same app plus the graph probe (`window.kgxGraph`) their checks read, in a folder
 * of its own, so neither build ever overwrites the other and the probe never reaches production.
 * KGX_WEB_BUILD names the build for `next build` and for the server that serves it: next.config.ts
 * reads it (the folder is a setting of the config, so the server must see the same value).
 */

export const WEB_BUILD_VARIABLE = "KGX_WEB_BUILD";

export type WebBuildKind = "production" | "test";

export interface WebBuild {
  /** Next's distDir, relative to apps/web. */
  readonly distDir: string;
  /** Whether GraphCanvas installs window.kgxGraph. */
  readonly graphProbe: boolean;
}

export const WEB_BUILDS: Readonly<Record<WebBuildKind, WebBuild>> = {
  production: { distDir: ".next", graphProbe: false },
  test: { distDir: ".next-e2e", graphProbe: true },
};

/** The build KGX_WEB_BUILD names; production when it is unset. */
export function webBuildKind(env: Readonly<Record<string, string | undefined>>): WebBuildKind {
  const raw = env[WEB_BUILD_VARIABLE]?.trim();
  if (!raw || raw === "production") return "production";
  if (raw === "test") return "test";
  throw new Error(`${WEB_BUILD_VARIABLE} must be "production" (the default) or "test", got "${raw}"`);
}
