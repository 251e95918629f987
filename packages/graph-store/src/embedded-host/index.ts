/** The embedded store in a process of its own: the client the API uses, and its defaults. */
export {
  openHostedEmbeddedGraphStore,
  quarantineKey,
  DEFAULT_QUERY_GRACE_MS,
  DEFAULT_STORE_MEMORY_LIMIT_MIB,
  type HostedEmbeddedGraphStore,
  type HostedStoreOptions,
  type HostInfo,
} from "./hosted-store.ts";
