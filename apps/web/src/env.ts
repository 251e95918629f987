/**
 * The web server's reading of its environment; nothing else in the app reads process.env.
 *
 * | variable | default | meaning |
 * | KGX_API_URL | http://127.0.0.1:4000/graphql | the GraphQL API that `/graphql` forwards to |
 */
export interface WebEnv {
  readonly apiUrl: URL;
}

export const DEFAULT_API_URL = "http://127.0.0.1:4000/graphql";

export function readWebEnv(env: Readonly<Record<string, string | undefined>> = process.env): WebEnv {
  const raw = env["KGX_API_URL"]?.trim() || DEFAULT_API_URL;
  let apiUrl: URL;
  try {
    apiUrl = new URL(raw);
  } catch {
    throw new Error(`KGX_API_URL must be an http(s) URL such as ${DEFAULT_API_URL}, got "${raw}"`);
  }
  if (apiUrl.protocol !== "http:" && apiUrl.protocol !== "https:") {
    throw new Error(`KGX_API_URL must be an http(s) URL such as ${DEFAULT_API_URL}, got "${raw}"`);
  }
  return { apiUrl };
}
