/** The embedded adapter: the GraphStore port over Kùzu, the default store that needs no server. */
export { openEmbeddedGraphStore, type EmbeddedStoreOptions } from "./embedded-graph-store.ts";
export { DATABASE_FILE_NAME } from "./kuzu-handle.ts";
