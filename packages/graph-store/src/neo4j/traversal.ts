import { int, type Node, type Path } from "neo4j-driver";
import { GraphStoreError } from "../errors.ts";
import { compareRelationships, compareText, crossedWhileExpanding, relationshipKey } from "../options.ts";
import type { GraphPath, GraphRelationship, Neighborhood } from "../port.ts";
import type { NeighborhoodRequest, ShortestPathRequest } from "../store-requests.ts";
import { fetchEntities, relationshipOfRow, toCount } from "./reads.ts";
import { NEIGHBOR_PAGE, NEIGHBOR_RELATIONSHIPS, NEXT_HOP, RELATIONSHIPS_AMONG, shortestPathStatement } from "./statements.ts";
import type { Neo4jStoreContext } from "./store-context.ts";
import { toGraphNode, toGraphPath } from "./values.ts";

function notFound(id: string, field: string): GraphStoreError {
  return new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`, { location: { field } });
}

export function neighborhood(ctx: Neo4jStoreContext, request: NeighborhoodRequest): Promise<Neighborhood> {
  const { id, depth, direction, relationshipTypes, limit, offset } = request;
  if (depth > 1) return reach(ctx, request);
  return ctx.read(async (tx) => {
    const [center] = await fetchEntities(tx, [id]);
    if (!center) throw notFound(id, "id");
    const pageResult = await tx.run(NEIGHBOR_PAGE, { id, direction, relationshipTypes, offset: int(offset), limit: int(limit) });
    const pageRecord = pageResult.records[0];
    const totalNeighbors = pageRecord ? toCount(pageRecord.get("total")) : 0;
    const nodes = pageRecord ? (pageRecord.get("page") as Node[]).map(toGraphNode) : [];
    let relationships: GraphRelationship[] = [];
    if (nodes.length > 0) {
      const relResult = await tx.run(NEIGHBOR_RELATIONSHIPS, { id, neighborIds: nodes.map((n) => n.id), direction, relationshipTypes });
      relationships = relResult.records.map(relationshipOfRow);
    }
    return { center, nodes, relationships, totalNeighbors, truncated: offset + nodes.length < totalNeighbors };
  });
}

/** A neighbourhood more than one hop deep: neighbours by shortest distance, then the relationships crossed among them. */
function reach(ctx: Neo4jStoreContext, request: NeighborhoodRequest): Promise<Neighborhood> {
  const { id, depth, direction, relationshipTypes, limit, offset } = request;
  return ctx.read(async (tx) => {
    const [center] = await fetchEntities(tx, [id]);
    if (!center) throw notFound(id, "id");
    // Breadth first: an entity's distance is the hop at which it was first reached.
    const distance = new Map<string, number>([[id, 0]]);
    const reached: { id: string; name: string; distance: number }[] = [];
    let frontier = [id];
    for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
      const result = await tx.run(NEXT_HOP[direction], { frontier, relationshipTypes });
      const next: string[] = [];
      for (const record of result.records) {
        const neighborId = String(record.get("id"));
        if (distance.has(neighborId)) continue;
        distance.set(neighborId, hop);
        reached.push({ id: neighborId, name: String(record.get("name") ?? ""), distance: hop });
        next.push(neighborId);
      }
      frontier = next;
    }
    reached.sort((a, b) => a.distance - b.distance || compareText(a.name, b.name) || compareText(a.id, b.id));
    const page = reached.slice(offset, offset + limit);
    const byId = new Map(
      (
        await fetchEntities(
          tx,
          page.map((entry) => entry.id),
        )
      ).map((node) => [node.id, node]),
    );
    const nodes = page.flatMap((entry) => byId.get(entry.id) ?? []);
    // The relationships drawn are those among the centre and this page, as on the embedded store.
    const shown = new Map<string, number>([[id, 0], ...page.map((entry): [string, number] => [entry.id, entry.distance])]);
    const among = await tx.run(RELATIONSHIPS_AMONG, { ids: [...shown.keys()], relationshipTypes });
    const relationships = new Map<string, GraphRelationship>();
    for (const row of among.records) {
      const rel = relationshipOfRow(row);
      if (crossedWhileExpanding(rel, shown, direction, depth)) relationships.set(relationshipKey(rel), rel);
    }
    return {
      center,
      nodes,
      relationships: [...relationships.values()].sort(compareRelationships),
      totalNeighbors: reached.length,
      truncated: offset + nodes.length < reached.length,
    };
  });
}

export function shortestPath(ctx: Neo4jStoreContext, request: ShortestPathRequest): Promise<GraphPath | null> {
  const { fromId, toId, maxHops, relationshipTypes } = request;
  return ctx.read(async (tx) => {
    const found = new Map((await fetchEntities(tx, [fromId, toId])).map((node) => [node.id, node]));
    const from = found.get(fromId);
    if (!from) throw notFound(fromId, "from");
    if (!found.has(toId)) throw notFound(toId, "to");
    // Neo4j's shortestPath refuses identical ends; the path from an entity to itself is the entity alone.
    if (fromId === toId) return { kind: "path", nodes: [from], relationships: [] };
    if (relationshipTypes?.length === 0) return null;
    const result = await tx.run(shortestPathStatement(maxHops, relationshipTypes), { fromId, toId });
    const record = result.records[0];
    return record ? toGraphPath(record.get("p") as Path) : null;
  });
}
