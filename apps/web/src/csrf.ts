/**
 * Apollo Server's CSRF prevention, applied by the explorer's server to POST /graphql before anything
 * reaches the API or a page
 * (https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf).
 * A page on another site can make a browser send a "simple" request without asking first: no
 * Content-Type (a Blob body, sendBeacon), or text/plain, application/x-www-form-urlencoded,
 * multipart/form-data (a form). Such a request is refused unless it carries one of the headers only
 * a preflighted request can carry. Any other media type (application/json, GraphQL's own
 * application/graphql-response+json…) makes the browser ask first, and the API answers no such
 * preflight for another origin. Mirrors @apollo/server's preventCsrf: a Content-Type that does not
 * parse is not one a browser sends unasked, so it passes here and the API judges it.
 */
const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);
export const PREFLIGHT_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name"] as const;
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** The type/subtype of a Content-Type, lower-cased, or undefined when it does not parse as a media type. */
function essenceOf(contentType: string): string | undefined {
  const essence = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return MEDIA_TYPE.test(essence) ? essence : undefined;
}

export function mayBeCrossSite(headers: Headers): boolean {
  const contentType = headers.get("content-type");
  if (contentType !== null) {
    const essence = essenceOf(contentType);
    if (essence === undefined || !SIMPLE_CONTENT_TYPES.has(essence)) return false;
  }
  return !PREFLIGHT_HEADERS.some((name) => (headers.get(name) ?? "") !== "");
}

export function csrfRefused(): Response {
  const message =
    "This request was refused as a possible cross-site request forgery: send it with `Content-Type: application/json` " +
    "(or another type than text/plain, application/x-www-form-urlencoded and multipart/form-data), or with an `apollo-require-preflight: true` header.";
  return Response.json({ errors: [{ message, extensions: { code: "CSRF_REFUSED" } }] }, { status: 400, headers: { "cache-control": "no-store" } });
}
