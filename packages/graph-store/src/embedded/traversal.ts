import { GraphStoreError } from "../errors.ts";
import { compareByNameThenId, compareRelationships, crossedWhileExpanding, relationshipKey } from "../options.ts";
import type { GraphNode, GraphPath, GraphRelationship, Neighborhood } from "../port.ts";
import type { NeighborhoodRequest, ShortestPathRequest } from "../store-requests.ts";
import type { EntityTypeName } from "@kgx/domain";
import { endpointIndexOf, getEntities } from "./reads.ts";
import * as cypher from "./statements.ts";
import type { KuzuStoreContext } from "./store-context.ts";
import { collectNodes, isKuzuNode, isKuzuPath, isKuzuRel, toGraphNode, toGraphPath, toGraphRelationship, type EndpointIndex } from "./values.ts";

/** The entity's table; NOT_FOUND (naming the argument) when there is no entity with the id. */
async function requireType(ctx: KuzuStoreContext, id: string, field: string): Promise<EntityTypeName> {
  const type = (await ctx.entityTypesOf([id])).get(id);
  if (!type) throw new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`, { location: { field } });
  return type;
}

export async function neighborhood(ctx: KuzuStoreContext, request: NeighborhoodRequest): Promise<Neighborhood> {
  const { id, depth, limit, offset, relationshipTypes, direction } = request;
  const centerType = await requireType(ctx, id, "id");
  if (depth > 1) return reach(ctx, centerType, request);
  return ctx.read(async (session) => {
    const pageRows = await session.all(cypher.neighborPage(centerType, relationshipTypes, direction), { id, offset, limit });
    // A short page is the last one, so it gives the total without counting: most entities have
    // fewer neighbours than a page holds, and their expand costs one query. An empty page after
    // an offset says nothing about the total, so that case counts.
    const lastPage = pageRows.length < limit && (pageRows.length > 0 || offset === 0);
    const totalNeighbors = lastPage
      ? offset + pageRows.length
      : Number((await session.all(cypher.neighborCount(centerType, relationshipTypes, direction), { id }))[0]?.["total"] ?? 0);
    // The page rows carry the centre; only a page without rows needs to look it up.
    let centerRaw = pageRows[0]?.["c"];
    if (!isKuzuNode(centerRaw)) centerRaw = (await session.all(cypher.getEntityOfType(centerType), { id }))[0]?.["n"];
    if (!isKuzuNode(centerRaw)) throw new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`);
    const index: EndpointIndex = new Map();
    const center = toGraphNode(centerRaw, index);
    const nodes = new Map<string, GraphNode>();
    for (const row of pageRows) {
      const m = row["m"];
      if (!isKuzuNode(m)) continue;
      const node = toGraphNode(m, index);
      if (!nodes.has(node.id)) nodes.set(node.id, node);
    }
    const relationships = new Map<string, GraphRelationship>();
    for (const row of pageRows) {
      const rs = row["rs"];
      if (!Array.isArray(rs)) continue;
      for (const r of rs) {
        if (!isKuzuRel(r)) continue;
        const rel = toGraphRelationship(r, index);
        relationships.set(relationshipKey(rel), rel);
      }
    }
    const ordered = [...nodes.values()].sort(compareByNameThenId);
    return {
      center,
      nodes: ordered,
      relationships: [...relationships.values()].sort(compareRelationships),
      totalNeighbors,
      truncated: offset + ordered.length < totalNeighbors,
    };
  });
}

/** A neighbourhood more than one hop deep: neighbours by shortest distance, then the relationships crossed among them. */
function reach(ctx: KuzuStoreContext, centerType: EntityTypeName, request: NeighborhoodRequest): Promise<Neighborhood> {
  const { id, depth, limit, offset, relationshipTypes, direction } = request;
  return ctx.read(async (session) => {
    const centerRaw = (await session.all(cypher.getEntityOfType(centerType), { id }))[0]?.["n"];
    if (!isKuzuNode(centerRaw)) throw new GraphStoreError("NOT_FOUND", `No entity with id "${id}".`);
    const center = toGraphNode(centerRaw);
    const countRows = await session.all(cypher.reachableCount(centerType, relationshipTypes, direction, depth), { id });
    const totalNeighbors = Number(countRows[0]?.["total"] ?? 0);
    const distance = new Map<string, number>([[id, 0]]);
    const nodes: GraphNode[] = [];
    for (const row of await session.all(cypher.reachablePage(centerType, relationshipTypes, direction, depth), { id, offset, limit })) {
      const m = row["m"];
      if (!isKuzuNode(m)) continue;
      const node = toGraphNode(m);
      if (distance.has(node.id)) continue;
      distance.set(node.id, Number(row["distance"]));
      nodes.push(node);
    }
    const relationships = new Map<string, GraphRelationship>();
    for (const row of await session.all(cypher.relationshipsAmong(relationshipTypes), { ids: [...distance.keys()] })) {
      const r = row["r"];
      if (!isKuzuRel(r)) continue;
      const rel = toGraphRelationship(r, endpointIndexOf(r, row));
      if (crossedWhileExpanding(rel, distance, direction, depth)) relationships.set(relationshipKey(rel), rel);
    }
    return {
      center,
      nodes,
      relationships: [...relationships.values()].sort(compareRelationships),
      totalNeighbors,
      truncated: offset + nodes.length < totalNeighbors,
    };
  });
}

export async function shortestPath(ctx: KuzuStoreContext, request: ShortestPathRequest): Promise<GraphPath | null> {
  const { fromId, toId, maxHops, relationshipTypes } = request;
  const fromType = await requireType(ctx, fromId, "from");
  const toType = await requireType(ctx, toId, "to");
  if (fromId === toId) {
    const [node] = await getEntities(ctx, [fromId]);
    return node ? { kind: "path", nodes: [node], relationships: [] } : null;
  }
  if (relationshipTypes?.length === 0) return null;
  const rows = await ctx.read((s) => s.all(cypher.shortestPath(fromType, toType, maxHops, relationshipTypes), { from: fromId, to: toId }));
  const raw = rows[0]?.["p"];
  if (!isKuzuPath(raw)) return null;
  const index: EndpointIndex = new Map();
  collectNodes(raw, index);
  const path = toGraphPath(raw, index);
  // Kùzu may return an undirected shortest path from either end; present it from `fromId`.
  if (path.nodes[0]?.id === fromId) return path;
  return { kind: "path", nodes: [...path.nodes].reverse(), relationships: [...path.relationships].reverse() };
}
