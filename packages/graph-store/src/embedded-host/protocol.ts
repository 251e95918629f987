import { GraphStoreError, GRAPH_STORE_ERROR_CODES, type GraphStoreErrorCode, type InputLocation } from "../errors.ts";
import type { StoreAdapter } from "../adapter-port.ts";

/**
 * The messages between the API process and the store host, over Node's IPC channel with the
 * "advanced" (structured clone) serialization, so the Maps some GraphStore methods answer with
 * arrive as Maps and a non-finite number in a parameter reaches the store's own check.
 */

/**
 * The methods the host serves: every method of the embedded adapter but close, which has its own
 * message. Their arguments were checked by the validating front in the calling process.
 */
export type StoreMethod = Exclude<
  { [K in keyof StoreAdapter]: StoreAdapter[K] extends (...args: never[]) => unknown ? K : never }[keyof StoreAdapter],
  "close"
>;

export const STORE_METHODS = [
  "applySchema",
  "getEntities",
  "entityTypesOf",
  "listEntities",
  "relationshipsOf",
  "search",
  "neighborhood",
  "shortestPath",
  "validDuring",
  "connectionCounts",
  "stats",
  "runReadQuery",
  "writeBatch",
  "runScript",
  "deleteRelationship",
  "applyChange",
  "exportAll",
] as const satisfies readonly StoreMethod[];

/** The methods that change the store: never sent twice, since a lost answer may follow a commit. */
export const WRITE_METHODS: ReadonlySet<StoreMethod> = new Set<StoreMethod>(["applySchema", "writeBatch", "runScript", "deleteRelationship", "applyChange"]);

/**
 * Reads whose answer does not depend on having been asked once: sent again, once, to a restarted
 * host. User statements are not among them: one may be what ended the host.
 */
export const RETRYABLE_METHODS: ReadonlySet<StoreMethod> = new Set<StoreMethod>(
  STORE_METHODS.filter((method) => !WRITE_METHODS.has(method) && method !== "runReadQuery"),
);

/** What the host needs to open the store; sent as the first message, never through the environment. */
export interface HostOpenSettings {
  readonly dataDir: string;
  readonly bufferPoolBytes: number | undefined;
  readonly refuseKnownCrashes: boolean;
}

/** Write options as they travel: the callback and the signal stay behind, as progress and cancel messages. */
export interface WireWriteOptions {
  readonly progress: boolean;
  readonly aborted: boolean;
}

export type ToHost =
  | { readonly type: "open"; readonly settings: HostOpenSettings }
  | { readonly type: "call"; readonly id: number; readonly method: StoreMethod; readonly args: readonly unknown[]; readonly write?: WireWriteOptions }
  | { readonly type: "cancel"; readonly id: number }
  | { readonly type: "close" };

export interface WireError {
  /** A GraphStoreError's code, or absent for an unexpected error (which the API masks). */
  readonly code?: GraphStoreErrorCode;
  readonly message: string;
  readonly location?: InputLocation;
  readonly retryAfterSeconds?: number;
}

export type FromHost =
  | { readonly type: "ready"; readonly location: string }
  | { readonly type: "open-failed"; readonly error: WireError }
  | { readonly type: "result"; readonly id: number; readonly value: unknown }
  | { readonly type: "error"; readonly id: number; readonly error: WireError }
  | { readonly type: "progress"; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: "closed" };

export function toWireError(error: unknown): WireError {
  if (error instanceof GraphStoreError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.location ? { location: error.location } : {}),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** A GraphStoreError again, or a plain Error for what was not one in the host either. */
export function fromWireError(wire: WireError): Error {
  if (wire.code !== undefined && (GRAPH_STORE_ERROR_CODES as readonly string[]).includes(wire.code)) {
    return new GraphStoreError(wire.code, wire.message, {
      ...(wire.location ? { location: wire.location } : {}),
      ...(wire.retryAfterSeconds !== undefined ? { retryAfterSeconds: wire.retryAfterSeconds } : {}),
    });
  }
  return new Error(wire.message);
}
