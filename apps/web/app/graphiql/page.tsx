import type { Metadata } from "next";
import { GraphqlPage } from "../../src/components/GraphqlPage.tsx";

export const metadata: Metadata = { title: "kgx GraphQL — GraphiQL" };

/** Served at `/graphql` for browsers (see next.config.ts); `/graphql` itself stays the API's forwarder. */
export default function GraphiqlPage() {
  return <GraphqlPage />;
}
