import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import { isGraphStoreError, type GraphStore } from "@kgx/graph-store";
import { createCypherRateLimiter, createRequestContext, type ApiSettings, type GraphqlContext } from "@kgx/graphql-api";
import { clientAddress, clientIdOf, TRUST_LOOPBACK, type TrustedProxies } from "@kgx/client-address";

/**
 * The HTTP side of the API on Node's own http server: `/graphql` handed to Apollo through
 * `executeHTTPGraphQLRequest`, `/health` and `/ready` for orchestrators, and the request body limit.
 * Apollo does the GraphQL-over-HTTP protocol (GET and POST, CSRF prevention, status codes); this
 * file only moves bytes between Node and Apollo.
 */

export interface HttpHandlerOptions {
  readonly apollo: ApolloServer<GraphqlContext>;
  readonly store: GraphStore;
  readonly settings: ApiSettings;
  /** Largest request body accepted, in bytes; a larger one is refused before it is parsed. */
  readonly maxBodyBytes: number;
  /** Peers whose X-Forwarded-For names the client (default: loopback, where the web app runs). */
  readonly trustedProxies?: TrustedProxies;
  /** Reports a failure of the handler itself (not of a GraphQL operation). */
  readonly log: (line: string) => void;
}

export interface HttpHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** From now on `/ready` answers 503 and responses close their connection, so clients move on. */
  beginShutdown(): void;
}

/** How long `/ready` waits for the store before calling it unavailable. */
const READY_TIMEOUT_MS = 2000;
/** A body this many times over the limit is not even read to the end: the connection is cut. */
const DISCARD_FACTOR = 8;

class BodyTooLargeError extends Error {}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped error body, so clients that only read `errors` still see why. */
function sendRequestError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] }, headers);
}

/**
 * Reads the body up to `max` bytes. Over the limit it keeps draining (so the client can finish
 * sending and read the 413) but stores nothing, and gives up on the connection at DISCARD_FACTOR × max.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > max;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > max * DISCARD_FACTOR) {
          req.destroy();
          reject(new BodyTooLargeError());
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

function isJsonContentType(contentType: string | undefined): boolean {
  const essence = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return essence === "application/json" || essence.endsWith("+json");
}

export function createHttpHandler(options: HttpHandlerOptions): HttpHandler {
  const { apollo, store, settings, maxBodyBytes, log } = options;
  const trustedProxies = options.trustedProxies ?? TRUST_LOOPBACK;
  // One limiter for the handler's whole life: every request of every client draws on it.
  const cypherRateLimiter = createCypherRateLimiter(settings);
  let stopping = false;

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "POST") {
      sendRequestError(res, 405, "Use GET or POST for /graphql.", { allow: "GET, POST" });
      return;
    }
    let body: unknown;
    if (method === "POST") {
      let raw: Buffer;
      try {
        raw = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          if (!req.socket.destroyed) sendRequestError(res, 413, `The request body is larger than ${maxBodyBytes} bytes.`, { connection: "close" });
          return;
        }
        throw error;
      }
      const text = raw.toString("utf8");
      if (isJsonContentType(req.headers["content-type"]) && text.trim() !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          sendRequestError(res, 400, "The request body is not valid JSON.");
          return;
        }
      } else {
        body = text;
      }
    }
    const authorization = req.headers.authorization;
    const client = {
      id: clientIdOf(clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies)),
      cypherRateLimiter,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers: headerMapOf(req), search: url.search, body },
      context: async () => createRequestContext(store, settings, authorization, client),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (stopping) res.setHeader("connection", "close");
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  async function ready(res: ServerResponse): Promise<void> {
    if (stopping) {
      sendJson(res, 503, { status: "unavailable", reason: "The server is shutting down." });
      return;
    }
    try {
      await store.runReadQuery("RETURN 1 AS ok", {}, { timeoutMs: READY_TIMEOUT_MS, rowLimit: 1 });
      sendJson(res, 200, { status: "ready", backend: store.backend });
    } catch (error) {
      // Store errors are written to be shown; anything else might carry internals, so it is only logged.
      const reason = isGraphStoreError(error) ? error.message : "The store did not answer.";
      if (!isGraphStoreError(error)) log(`ready: unexpected error from the store: ${(error as Error).message}`);
      sendJson(res, 503, { status: "unavailable", backend: store.backend, reason });
    }
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    // During shutdown each response closes its connection, so keep-alive clients reconnect elsewhere.
    if (stopping) res.setHeader("connection", "close");
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    const work = async () => {
      if (url.pathname === "/graphql") return graphql(req, res, url);
      if (url.pathname === "/health" || url.pathname === "/ready") {
        if (method !== "GET" && method !== "HEAD") return sendRequestError(res, 405, `Use GET for ${url.pathname}.`, { allow: "GET, HEAD" });
        if (url.pathname === "/health") return sendJson(res, 200, { status: "ok" });
        return ready(res);
      }
      sendJson(res, 404, { error: `Nothing at ${url.pathname}. The API is at /graphql; /health and /ready report status.` });
    };
    work().catch((error: unknown) => {
      log(`http: ${req.method} ${url.pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      else res.destroy();
    });
  }) as HttpHandler;
  handler.beginShutdown = () => {
    stopping = true;
  };
  return handler;
}
