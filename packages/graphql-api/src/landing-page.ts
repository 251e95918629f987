import type { ApolloServerPlugin } from "@apollo/server";

/**
 * What a browser sees when it opens the API's /graphql directly. Apollo's own landing pages load
 * their code from a CDN, which fails offline and on locked-down networks; this page is plain HTML
 * with nothing to fetch, and sends people to the IDE the explorer serves (GraphiQL, bundled).
 */
const LANDING_PAGE_HTML = `<!doctype html>
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
<pre>curl -s http://localhost:4000/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ search(query: \\"huawei\\") { id name nameJa } }"}'</pre>
<p>To explore the schema and try queries in a browser, open <strong>GraphiQL in the kgx explorer</strong>:
<code>/graphql</code> on the web app (<a href="http://localhost:3000/graphql">http://localhost:3000/graphql</a> with <code>npm start</code>).</p>
<p>Status: <a href="/health">/health</a> (the process) and <a href="/ready">/ready</a> (the store).</p>
</body>
</html>
`;

export function plainLandingPagePlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: LANDING_PAGE_HTML };
        },
      };
    },
  };
}
