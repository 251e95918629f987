import { RELATIONSHIP_TYPE_NAMES } from "@kgx/domain";
import type { ConnectionCount } from "./port.ts";

/**
 * The per-pair counts of the schema summary, in one order whichever backend counted them. The
 * adapters count with their own statement; Neo4j may answer one (type, from, to) in several rows
 * (a node can carry labels besides its type), so rows of the same triple are added up here.
 */
export function orderedConnections(rows: Iterable<ConnectionCount>): ConnectionCount[] {
  const byKey = new Map<string, ConnectionCount>();
  for (const row of rows) {
    if (row.count <= 0) continue;
    const key = `${row.relationshipType}\u0000${row.from}\u0000${row.to}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, count: seen.count + row.count } : row);
  }
  const modelOrder = new Map<string, number>(RELATIONSHIP_TYPE_NAMES.map((name, index) => [name, index]));
  const rank = (type: string) => modelOrder.get(type) ?? Number.MAX_SAFE_INTEGER;
  return [...byKey.values()].sort(
    (a, b) =>
      rank(a.relationshipType) - rank(b.relationshipType) ||
      a.relationshipType.localeCompare(b.relationshipType) ||
      a.from.localeCompare(b.from) ||
      a.to.localeCompare(b.to),
  );
}
