import { createHash, timingSafeEqual } from "node:crypto";
import type { GraphStore } from "@kgx/graph-store";
import type { NotebookDirectory } from "@kgx/notebook/directory";
import { RequestLoaders } from "./loaders.ts";
import { RateLimiter } from "./rate-limit.ts";

/** How the API behaves, as the app configures it from its environment. */
export interface ApiSettings {
  /** The token mutations need (`Authorization: Bearer …`); without it (or its digest) the API is read-only. */
  readonly writeToken?: string | undefined;
  /**
   * The SHA-256 of the write token, hex: what a server keeps instead of the token itself, so no
   * part of the process holds the secret (KGX_WRITE_TOKEN_SHA256, or the digest of KGX_WRITE_TOKEN).
   */
  readonly writeTokenSha256?: string | undefined;
  /** Time limit of a user's Cypher statement, set from outside the text. */
  readonly cypherTimeoutMs: number;
  /** Most rows a Cypher statement may return (the `limit` argument may ask for fewer). */
  readonly cypherRowLimit: number;
  /** Where notebooks are saved; without one the notebook fields answer STORE_UNAVAILABLE. */
  readonly notebooks?: NotebookDirectory | undefined;
  /**
   * `cypher` fields each client may run per minute (each field in a document counts); undefined or
   * 0 means no limit. The limiter that enforces it belongs to the server, see createCypherRateLimiter.
   */
  readonly cypherRatePerMinute?: number | undefined;
}

/** Who sent a request, as the transport knows it, and the limiter shared by all of one server's requests. */
export interface RequestClient {
  /** The client's address (or whatever the transport identifies clients by). */
  readonly id: string;
  readonly cypherRateLimiter?: RateLimiter | undefined;
}

export interface GraphqlContext {
  readonly store: GraphStore;
  readonly loaders: RequestLoaders;
  readonly settings: ApiSettings;
  /** Why this request may not write, or undefined when it may. */
  readonly writeRefusal: string | undefined;
  readonly client: RequestClient | undefined;
}

/**
 * The limiter for `settings.cypherRatePerMinute`, or undefined when there is no limit. Create it once
 * per server and hand it to every request's context: a limiter made per request would forget each
 * client as soon as its request ended.
 */
/** `cypher` fields a client may run per minute unless the server is told otherwise (KGX_CYPHER_RATE_LIMIT in apps/api). */
export const DEFAULT_CYPHER_RATE_PER_MINUTE = 30;

export function createCypherRateLimiter(settings: ApiSettings): RateLimiter | undefined {
  const limit = settings.cypherRatePerMinute;
  if (limit === undefined || limit === 0) return undefined;
  return new RateLimiter({ limit });
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** The hex SHA-256 of a write token, the form the server keeps it in. */
export function writeTokenDigest(token: string): string {
  return digest(token).toString("hex");
}

/** The digest the settings name, from the digest itself or from the token. */
function expectedDigest(settings: ApiSettings): Buffer | undefined {
  if (settings.writeTokenSha256 && /^[0-9a-f]{64}$/i.test(settings.writeTokenSha256)) return Buffer.from(settings.writeTokenSha256, "hex");
  return settings.writeToken ? digest(settings.writeToken) : undefined;
}

function writeRefusal(settings: ApiSettings, authorization: string | undefined): string | undefined {
  const expected = expectedDigest(settings);
  if (!expected) return "This API is read-only: the server was started without KGX_WRITE_TOKEN.";
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return "Changing the graph needs the write token: send it as `Authorization: Bearer <token>`.";
  // Digests compared in constant time, so response timing does not reveal how much of a token was right.
  if (!timingSafeEqual(digest(match[1] as string), expected)) return "The write token is not valid.";
  return undefined;
}

/**
 * A fresh context for one request: its own loaders, whether its Authorization header allows writes,
 * and who sent it (without a client, as for in-process calls, nothing is rate limited).
 */
export function createRequestContext(store: GraphStore, settings: ApiSettings, authorization?: string, client?: RequestClient): GraphqlContext {
  return { store, settings, loaders: new RequestLoaders(store), writeRefusal: writeRefusal(settings, authorization), client };
}
