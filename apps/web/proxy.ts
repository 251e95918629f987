import { NextResponse, type NextRequest } from "next/server";
import { csrfRefused, mayBeCrossSite } from "./src/csrf.ts";
import { contentSecurityPolicy, newNonce } from "./src/security-headers.ts";

/**
 * Gives every page a Content-Security-Policy with a nonce of its own. The policy goes on the
 * request too: Next reads the nonce from the request's Content-Security-Policy header and puts it on
 * the scripts it renders (https://nextjs.org/docs/app/guides/content-security-policy); `x-nonce`
 * hands it to the layout for the styles it renders. Responses that are not pages (the GraphQL
 * forwarder's JSON) carry the policy too, where it does no harm.
 */
export function proxy(request: NextRequest): NextResponse | Response {
  const { pathname } = request.nextUrl;
  // A cross-site form posts with Accept: text/html, which next.config.ts would send to the GraphiQL
  // page rather than the forwarder; every such POST is refused here, wherever it would have gone.
  if (request.method === "POST" && pathname === "/graphql" && mayBeCrossSite(request.headers)) return csrfRefused();
  const nonce = newNonce();
  // GraphiQL: /graphiql itself, or /graphql asked for by a browser (next.config.ts rewrites it after this runs).
  const graphiql = pathname === "/graphiql" || (pathname === "/graphql" && (request.headers.get("accept") ?? "").includes("text/html"));
  const policy = contentSecurityPolicy(nonce, { graphiql });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Everything but the build's static files and the icon, which are the same bytes for every request.
  matcher: [{ source: "/((?!_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
