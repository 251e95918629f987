import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { GraphStore } from "@kgx/graph-store";
import { createGraphqlServer, type ApiSettings, type QueryLimits } from "@kgx/graphql-api";
import type { TrustedProxies } from "@kgx/client-address";
import { createHttpHandler } from "./http-handler.ts";

export interface ApiServerOptions {
  readonly store: GraphStore;
  readonly settings: ApiSettings;
  readonly nodeEnv: string;
  readonly introspection: boolean;
  /** Stack traces in error responses (KGX_DEBUG); off by default. */
  readonly includeStacktraces?: boolean;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** Largest request body, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
  readonly limits?: Partial<QueryLimits>;
  /** Peers whose X-Forwarded-For names the client, for per-client limits (default: loopback). */
  readonly trustedProxies?: TrustedProxies;
  readonly log?: (line: string) => void;
  /** The explorer's address, for the landing page's link to GraphiQL (KGX_EXPLORER_URL). */
  readonly explorerUrl?: string;
}

export interface RunningApi {
  readonly url: string;
  readonly port: number;
  readonly httpServer: http.Server;
  /**
   * Stops accepting connections, lets requests in flight finish (up to `graceMs`, then cuts the
   * rest), and stops Apollo. The store is the caller's to close.
   */
  stop(graceMs?: number): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Requests Node's parser refuses before any handler runs (a request line or headers over its
 * 16 KB limit, bytes that are not HTTP) get a GraphQL-shaped JSON error like every other refusal,
 * instead of Node's default of a bare status line with no body.
 */
function answerMalformedRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "HPE_REQUEST_TIMEOUT" || error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message =
    status === 431
      ? "The request line or headers are larger than the server accepts (16 KB); send a long query in a POST body."
      : status === 408
        ? "The request took too long to arrive."
        : "The request is not valid HTTP.";
  const body = JSON.stringify({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Apollo on Node's http server, listening; resolves once the port is bound. */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApi> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Filled in once the port is bound; the landing page reads it on each visit.
  const landing: { apiUrl?: string; explorerUrl?: string } = options.explorerUrl ? { explorerUrl: options.explorerUrl } : {};
  const apollo = createGraphqlServer({
    landingLinks: () => landing,
    nodeEnv: options.nodeEnv,
    includeStacktraces: options.includeStacktraces ?? false,
    introspection: options.introspection,
    ...(options.limits ? { limits: options.limits } : {}),
    logUnexpected: (error) => log(`graphql: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  await apollo.start();
  const handler = createHttpHandler({
    apollo,
    store: options.store,
    settings: options.settings,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    log,
  });
  const httpServer = http.createServer(handler);
  httpServer.on("clientError", answerMalformedRequest);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "localhost";

  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 30_000): Promise<void> => {
    stopped ??= (async () => {
      handler.beginShutdown();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Keep-alive connections with no request in flight would hold close() open; in-flight ones
      // finish and then close because their responses say `connection: close`.
      httpServer.closeIdleConnections();
      const grace = setTimeout(() => {
        log(`stop: requests still running after ${graceMs} ms; closing their connections`);
        httpServer.closeAllConnections();
      }, graceMs);
      grace.unref();
      await closed;
      clearTimeout(grace);
      await apollo.stop();
    })();
    return stopped;
  };

  const url = `http://${host}:${port}/graphql`;
  landing.apiUrl = url;
  return { url, port, httpServer, stop };
}
