import { createHash, timingSafeEqual } from "node:crypto";
import type { GraphStore } from "@kgx/graph-store";
import type { NotebookDirectory } from "@kgx/notebook/directory";
import { RequestLoaders } from "./loaders.ts";

/** How the API behaves, as the app configures it from its environment. */
export interface ApiSettings {
  /** The token mutations need (`Authorization: Bearer …`); without one the API is read-only. */
  readonly writeToken?: string | undefined;
  /** Time limit of a user's Cypher statement, set from outside the text. */
  readonly cypherTimeoutMs: number;
  /** Most rows a Cypher statement may return (the `limit` argument may ask for fewer). */
  readonly cypherRowLimit: number;
  /** Where notebooks are saved; without one the notebook fields answer STORE_UNAVAILABLE. */
  readonly notebooks?: NotebookDirectory | undefined;
}

export interface GraphqlContext {
  readonly store: GraphStore;
  readonly loaders: RequestLoaders;
  readonly settings: ApiSettings;
  /** Why this request may not write, or undefined when it may. */
  readonly writeRefusal: string | undefined;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Compares digests in constant time, so response timing does not reveal how much of a token was right. */
function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function writeRefusal(settings: ApiSettings, authorization: string | undefined): string | undefined {
  if (!settings.writeToken) return "This API is read-only: the server was started without KGX_WRITE_TOKEN.";
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return "Changing the graph needs the write token: send it as `Authorization: Bearer <token>`.";
  if (!tokenMatches(match[1] as string, settings.writeToken)) return "The write token is not valid.";
  return undefined;
}

/** A fresh context for one request: its own loaders, and whether its Authorization header allows writes. */
export function createRequestContext(store: GraphStore, settings: ApiSettings, authorization?: string): GraphqlContext {
  return { store, settings, loaders: new RequestLoaders(store), writeRefusal: writeRefusal(settings, authorization) };
}
