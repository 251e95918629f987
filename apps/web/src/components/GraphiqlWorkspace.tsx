"use client";

import { GraphiQL } from "graphiql";
import "graphiql/setup-workers/webpack";
import "graphiql/style.css";
import { GRAPHQL_EXAMPLES } from "../graphql-examples.ts";

/** GraphiQL posts to the same-origin `/graphql`, which the web server forwards to the API. */
async function fetcher(params: unknown): Promise<unknown> {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(params),
  });
  return response.json();
}

/**
 * GraphiQL with its docs explorer and history, opening on the example operations. Everything it
 * needs (the Monaco editor, its workers, its fonts) is bundled with the app: nothing comes from a CDN.
 */
export default function GraphiqlWorkspace() {
  return <GraphiQL fetcher={fetcher} defaultTabs={GRAPHQL_EXAMPLES.map((query) => ({ query }))} />;
}
