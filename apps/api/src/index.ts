/** Public API of @kgx/api: the HTTP server around the GraphQL API, for tests and embedding; `main` is the process entry. */
export { startApiServer, DEFAULT_MAX_BODY_BYTES, type ApiServerOptions, type RunningApi } from "./api-server.ts";
export { createHttpHandler, type HttpHandler, type HttpHandlerOptions } from "./http-handler.ts";
export { clientAddress, parseTrustedProxies, TRUST_LOOPBACK, TRUST_NO_PROXY, type TrustedProxies } from "@kgx/client-address";
export { readApiEnv, ApiEnvError, type ApiEnv } from "./env.ts";
export { main } from "./main.ts";
