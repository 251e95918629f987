/** The public API of @kgx/ingest: turning an article into evidence-backed relationships. */
export type * from "./article.ts";
