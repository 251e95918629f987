import { createHash } from "node:crypto";
import type { GraphStore } from "../../src/port.ts";

export interface StoreFingerprint {
  readonly entities: number;
  readonly relationships: number;
  /** Changes with any write, even to one property of one relationship. */
  readonly checksum: string;
  /** Every record as canonical JSON (keys sorted), sorted: what the checksum is taken of. */
  readonly lines: readonly string[];
}

/** Counts and a checksum of everything stored, for tests that prove "nothing changed". */
export async function storeFingerprint(store: GraphStore): Promise<StoreFingerprint> {
  const { entities, relationships } = await store.exportAll();
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  const lines = [...entities, ...relationships].map((r) => JSON.stringify(canonical(r))).sort();
  return { entities: entities.length, relationships: relationships.length, checksum: createHash("sha256").update(lines.join("\n")).digest("hex"), lines };
}
