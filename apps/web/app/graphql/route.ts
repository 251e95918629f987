import { PREFLIGHT_HEADERS, csrfRefused, mayBeCrossSite } from "../../src/csrf.ts";
import { readWebEnv } from "../../src/env.ts";

/**
 * Same-origin GraphQL: the browser posts to `/graphql` here and this forwards the body to the API,
 * so the API needs no CORS. The target is read per request, at run time, so one build serves any
 * KGX_API_URL. When the API cannot be reached the answer is a 502 with a GraphQL-shaped error,
 * which the client turns into the "API unreachable" banner.
 */
export const dynamic = "force-dynamic";

const FORWARD_TIMEOUT_MS = 30_000;

/**
 * The browser's address for the API, whose per-client limits would otherwise see only this server.
 * The app's server (server.ts) rewrites `x-forwarded-for` from the socket before Next sees the
 * request: the peer's address, or a trusted proxy's chain with the proxy appended. So what arrives
 * here is safe to pass on as it is; a client cannot name an address of its choosing.
 */
function forwardedFor(request: Request): Record<string, string> {
  const chain = request.headers.get("x-forwarded-for")?.trim();
  return chain ? { "x-forwarded-for": chain } : {};
}

/**
 * The request's own headers the API needs to judge it as the browser sent it, and the write token
 * of a mutation. Passing `authorization` on keeps the CSRF defence whole: the token lives in the
 * page's sessionStorage, not in a cookie, so a page on another site has no token to send, and a
 * request carrying an Authorization header is never a simple one (the browser would ask first).
 */
const FORWARDED_HEADERS = ["content-type", "authorization", ...PREFLIGHT_HEADERS] as const;

function passedOn(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

function unreachable(status: number, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code: "API_UNREACHABLE" } }] }, { status });
}

export async function POST(request: Request): Promise<Response> {
  // proxy.ts refuses these already, whatever page they would reach; checked again where the body leaves.
  if (mayBeCrossSite(request.headers)) return csrfRefused();
  const { apiUrl } = readWebEnv();
  let answer: Response;
  try {
    answer = await fetch(apiUrl, {
      method: "POST",
      // Content-Type as the browser sent it: made up here, it would turn a simple request into one the API trusts.
      headers: { ...passedOn(request), accept: "application/json", ...forwardedFor(request) },
      body: await request.text(),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return unreachable(timedOut ? 504 : 502, timedOut ? "The kgx API did not answer in time." : `The kgx API at ${apiUrl.origin} cannot be reached.`);
  }
  return new Response(answer.body, {
    status: answer.status,
    headers: { "content-type": answer.headers.get("content-type") ?? "application/json", "cache-control": "no-store" },
  });
}
