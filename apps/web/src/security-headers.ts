/**
 * The web app's security headers: a Content-Security-Policy with a fresh nonce per HTML response
 * (set by proxy.ts, which Next reads to put the nonce on its own scripts), and the fixed headers
 * every response carries (set in next.config.ts).
 *
 * Why each allowance is what it is:
 * - Scripts: only those carrying the response's nonce, and what they load ('strict-dynamic').
 *   Next's bootstrap and RSC payload scripts get the nonce from Next; its chunks and Monaco's
 *   modules are loaded by those scripts. No 'unsafe-eval' and no 'unsafe-inline' for scripts.
 * - Style elements (<style>): only with the nonce. CodeMirror is given the nonce (EditorView.cspNonce);
 *   Cytoscape's one container rule and the entity-type colours are rendered by the layout with it.
 * - Style attributes: none. Styles reach elements through the CSSOM instead (React's `style` prop
 *   on the client, Cytoscape, CodeMirror), which CSP does not govern, and the server renders no
 *   style attribute (swatches take their colour from a class).
 * - The GraphiQL page is the one exception for styles: Monaco (inside GraphiQL) draws every editor
 *   line as HTML with style attributes, hundreds of them, and creates <style> elements for its
 *   themes and decorations, with no way to give either a nonce. That page alone allows inline
 *   styles ('unsafe-inline' for style elements and attributes; the nonce is left out of its style
 *   directives because a nonce makes browsers ignore 'unsafe-inline'). Its scripts stay nonce-only.
 * - Fonts: GraphiQL's stylesheet embeds its fonts as data: URLs, so its page allows data: fonts;
 *   the other pages use the system's fonts and the bundled stylesheet's ('self').
 * - Images: Monaco draws its squiggles with data: SVGs; the graph's PNG export is a blob: URL.
 * - Workers: Monaco's language workers are bundled files from this origin ('self').
 */

export interface PolicyOptions {
  /** The GraphiQL page: Monaco injects styles that cannot carry a nonce, and its fonts are data: URLs. */
  readonly graphiql: boolean;
}

/** 128 random bits, base64: unguessable, and new for every response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, options: PolicyOptions): string {
  const styleElements = options.graphiql ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}'`;
  const styleAttributes = options.graphiql ? "'unsafe-inline'" : "'none'";
  const fonts = options.graphiql ? "'self' data:" : "'self'";
  const directives: readonly (readonly [string, string])[] = [
    ["default-src", "'self'"],
    ["script-src", `'self' 'nonce-${nonce}' 'strict-dynamic'`],
    ["style-src", styleElements],
    ["style-src-elem", styleElements],
    ["style-src-attr", styleAttributes],
    ["img-src", "'self' data: blob:"],
    ["font-src", fonts],
    ["connect-src", "'self'"],
    ["worker-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join("; ");
}

/** Headers for every response, pages, data and static files alike. */
export const FIXED_SECURITY_HEADERS: readonly { readonly key: string; readonly value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // frame-ancestors 'none' says the same to browsers that read CSP; this is for those that do not.
  { key: "X-Frame-Options", value: "DENY" },
  // The explorer uses none of these; clipboard-write stays allowed for "Copy link".
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];
