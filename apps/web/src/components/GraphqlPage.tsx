"use client";

import dynamic from "next/dynamic";

// Monaco, inside GraphiQL, needs the browser; it is not rendered on the server.
const GraphiqlWorkspace = dynamic(() => import("./GraphiqlWorkspace.tsx"), {
  ssr: false,
  loading: () => <p className="status">Loading GraphiQL…</p>,
});

export function GraphqlPage() {
  return (
    <div className="graphql-page">
      <GraphiqlWorkspace />
    </div>
  );
}
