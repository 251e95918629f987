import type { ApolloServerPlugin } from "@apollo/server";

/**
 * What a browser sees when it opens the API's /graphql directly. Apollo's own landing pages load
 * their code from a CDN, which fails offline and on locked-down networks; this page is plain HTML
 * with nothing to fetch, and sends people to the IDE the explorer serves (GraphiQL, bundled).
 */
/** Where this API and the explorer are reachable, as far as the process knows. */
export interface LandingLinks {
  /** This endpoint, e.g. http://localhost:4000/graphql (unknown until the port is bound). */
  readonly apiUrl?: string | undefined;
  /** The explorer's address, e.g. http://localhost:3000 (known when `npm start` runs both). */
  readonly explorerUrl?: string | undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** The page, with the addresses this process was started with rather than the default ports. */
export function landingPageHtml(links: LandingLinks): string {
  const api = escapeHtml(links.apiUrl ?? "http://localhost:4000/graphql");
  const ide = links.explorerUrl ? `${links.explorerUrl.replace(/\/+$/, "")}/graphql` : undefined;
  const where = ide
    ? `<a href="${escapeHtml(ide)}">${escapeHtml(ide)}</a>`
    : "<code>/graphql</code> on the kgx web app (port 3000 under <code>npm start</code> unless <code>KGX_WEB_PORT</code> says otherwise)";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kgx GraphQL API</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1b2733; }
  code, pre { font: 14px/1.45 ui-monospace, monospace; background: #f1f4f7; border-radius: 4px; }
  code { padding: 0 .25rem; } pre { padding: .75rem 1rem; overflow-x: auto; }
</style>
</head>
<body>
<h1>kgx GraphQL API</h1>
<p>This address answers GraphQL requests: <code>POST</code> a JSON body with <code>query</code> and <code>variables</code>.</p>
<pre>curl -s ${api} -H 'content-type: application/json' \\
  -d '{"query":"{ search(query: \\"huawei\\") { id name nameJa } }"}'</pre>
<p>To explore the schema and try queries in a browser, open <strong>GraphiQL in the kgx explorer</strong>: ${where}.</p>
<p>Status: <a href="/health">/health</a> (the process) and <a href="/ready">/ready</a> (the store).</p>
</body>
</html>
`;
}

export function plainLandingPagePlugin(links: () => LandingLinks = () => ({})): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          // A function, so the page shows the port bound after the server started.
          return { html: async () => landingPageHtml(links()) };
        },
      };
    },
  };
}
