/**
 * Public API of @kgx/graph-store: the GraphStore port, its result shapes and errors, and the
 * config that picks an adapter. The adapters themselves are the sibling subpath exports
 * `@kgx/graph-store/embedded` and `@kgx/graph-store/neo4j`; `@kgx/graph-store/embedded-host`
 * runs the embedded one in a process of its own.
 */
export type * from "./port.ts";
export * from "./errors.ts";
export * from "./config.ts";
export { openGraphStore, type OpenGraphStoreOptions, type HostedStoreSettings } from "./open.ts";
export { checkReadOnlyCypher, splitCypherStatements } from "./cypher-text.ts";
