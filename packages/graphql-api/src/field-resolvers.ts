import { entityTypeSpec, type EntityTypeName, type PropertySpec } from "@kgx/domain";
import type { Direction, GraphNode, GraphRelationship, JsonValue } from "@kgx/graph-store";
import { LIST_LIMITS, encodeCursor, offsetAfter, pageInfo, relationshipTypeNames, withinBounds } from "./arguments.ts";
import type { GraphqlContext } from "./context.ts";
import { relationshipGeneratedBaseProperties, relationshipTypedProperties } from "./sdl-model.ts";
import { perSourceOf, sourceIdsOf } from "./subgraph.ts";

/**
 * The fields of entities, statements and relationships: what a client reads off a node or an
 * edge once a query has found it. Each field that reaches further goes through the request's
 * loaders, so the same field across a list is answered by one store call.
 */

export type DirectionArg = "OUT" | "IN" | "BOTH";

export const DIRECTIONS: Readonly<Record<DirectionArg, Direction>> = { OUT: "out", IN: "in", BOTH: "both" };

export function text(node: GraphNode | GraphRelationship, key: string): string | null {
  const value = node.properties[key];
  return typeof value === "string" ? value : null;
}

function property(value: GraphNode | GraphRelationship, spec: PropertySpec): JsonValue {
  const stored = value.properties[spec.name];
  if (stored === undefined || stored === null) return null;
  return stored;
}

function byDateThenName(dateKey: string) {
  return (a: GraphNode, b: GraphNode): number => {
    const ad = String(a.properties[dateKey] ?? "");
    const bd = String(b.properties[dateKey] ?? "");
    if (ad !== bd) return ad < bd ? -1 : 1;
    const an = String(a.properties["name"] ?? a.id);
    const bn = String(b.properties["name"] ?? b.id);
    return an < bn ? -1 : an > bn ? 1 : 0;
  };
}

/** Ids at the far end of an entity's relationships of one type in one direction. */
function linked(rels: readonly GraphRelationship[], id: string, type: string, direction: "out" | "in"): string[] {
  return rels
    .filter((r) => r.type === type && (direction === "out" ? r.source === id : r.target === id))
    .map((r) => (direction === "out" ? r.target : r.source));
}

async function linkedEntities(node: GraphNode, ctx: GraphqlContext, type: string, direction: "out" | "in", entityType?: string): Promise<GraphNode[]> {
  const page = await ctx.loaders.allRelationships(node.id);
  const found = await ctx.loaders.entitiesByIds(linked(page.relationships, node.id, type, direction));
  return entityType ? found.filter((n) => n.type === entityType) : found;
}

const entityFieldResolvers = {
  type: (node: GraphNode) => node.type,
  name: (node: GraphNode) => text(node, "name") ?? node.id,
  nameJa: (node: GraphNode) => text(node, "nameJa"),
  description: (node: GraphNode) => text(node, "description"),
  aliases: (node: GraphNode) => (Array.isArray(node.properties["aliases"]) ? node.properties["aliases"] : []),
  properties: (node: GraphNode) => node.properties,

  async relationships(
    node: GraphNode,
    args: { direction?: DirectionArg | null; types?: string[] | null; first?: number | null; after?: string | null },
    ctx: GraphqlContext,
  ) {
    const first = withinBounds(args.first, LIST_LIMITS.relationshipsFirst, "first");
    const offset = offsetAfter(args.after, "after");
    const relationshipTypes = relationshipTypeNames(args.types, "types");
    const direction = DIRECTIONS[args.direction ?? "BOTH"];
    const page = await ctx.loaders.relationships({ direction, relationshipTypes, limit: first, offset }).load(node.id);
    const edges = page.relationships.map((rel, index) => ({
      cursor: encodeCursor(offset + index),
      node: rel,
      direction: rel.source === node.id ? "OUT" : "IN",
      otherId: rel.source === node.id ? rel.target : rel.source,
    }));
    return { totalCount: page.totalCount, edges, nodes: page.relationships, pageInfo: pageInfo(offset, edges.length, page.totalCount) };
  },

  async statements(node: GraphNode, _args: unknown, ctx: GraphqlContext) {
    const page = await ctx.loaders.allRelationships(node.id);
    const ids = [...linked(page.relationships, node.id, "SAID", "out"), ...linked(page.relationships, node.id, "ABOUT", "in")];
    const found = await ctx.loaders.entitiesByIds(ids);
    return found.filter((n) => n.type === "Statement").sort(byDateThenName("date"));
  },

  async sources(node: GraphNode, _args: unknown, ctx: GraphqlContext) {
    const page = await ctx.loaders.allRelationships(node.id);
    const ids = [...linked(page.relationships, node.id, "MENTIONS", "in"), ...page.relationships.flatMap((r) => sourceIdsOf(r.properties))];
    const found = await ctx.loaders.entitiesByIds(ids);
    return found.filter((n) => n.type === "Source" && n.id !== node.id).sort(byDateThenName("publishedAt"));
  },
};

const statementFieldResolvers = {
  saidBy: (node: GraphNode, _args: unknown, ctx: GraphqlContext) => linkedEntities(node, ctx, "SAID", "in"),
  about: (node: GraphNode, _args: unknown, ctx: GraphqlContext) => linkedEntities(node, ctx, "ABOUT", "out"),
  reportedBy: (node: GraphNode, _args: unknown, ctx: GraphqlContext) => linkedEntities(node, ctx, "REPORTED_BY", "out", "Organization"),
  reportedIn: (node: GraphNode, _args: unknown, ctx: GraphqlContext) => linkedEntities(node, ctx, "REPORTED_IN", "out", "Source"),
};

export function entityTypeResolvers(type: EntityTypeName): Record<string, unknown> {
  const typed: Record<string, (node: GraphNode) => JsonValue> = {};
  for (const spec of entityTypeSpec(type).properties) typed[spec.name] = (node) => property(node, spec);
  return { ...entityFieldResolvers, ...typed, ...(type === "Statement" ? statementFieldResolvers : {}) };
}

export async function sourcesOf(ids: readonly string[], ctx: GraphqlContext): Promise<GraphNode[]> {
  return (await ctx.loaders.entitiesByIds(ids)).filter((n) => n.type === "Source");
}

/** What a relationship's evidence is built from: its source ids and, parallel to them, their locators, sentences and claims. */
export interface CitedSources {
  readonly sourceIds: readonly string[];
  readonly locators: readonly (string | null)[];
  readonly quotes: readonly (string | null)[];
  readonly sourceClaims: readonly (string | null)[];
}

interface CitationValue {
  readonly source: GraphNode;
  readonly locator: string | null;
  readonly quote: string | null;
  readonly claim: string | null;
}

function citedSourcesOf(rel: GraphRelationship): CitedSources {
  return {
    sourceIds: sourceIdsOf(rel.properties),
    locators: perSourceOf(rel.properties, "locators"),
    quotes: perSourceOf(rel.properties, "quotes"),
    sourceClaims: perSourceOf(rel.properties, "sourceClaims"),
  };
}

/** Each source with its locator, sentence and claim, in the relationship's order; ids that are not (or no longer) Sources are left out, as `sources` does. */
export async function citationsOf(cited: CitedSources, ctx: GraphqlContext): Promise<CitationValue[]> {
  const byId = new Map((await sourcesOf(cited.sourceIds, ctx)).map((source) => [source.id, source]));
  return cited.sourceIds.flatMap((id, index) => {
    const source = byId.get(id);
    return source ? [{ source, locator: cited.locators[index] ?? null, quote: cited.quotes[index] ?? null, claim: cited.sourceClaims[index] ?? null }] : [];
  });
}

export async function requireEntity(id: string, ctx: GraphqlContext, role: string): Promise<GraphNode> {
  const node = await ctx.loaders.entities.load(id);
  // The store keeps relationships only between existing entities, so this means the graph changed mid-request.
  if (!node) throw new Error(`The ${role} entity "${id}" of a relationship is missing.`);
  return node;
}

const relationshipTypedResolvers = Object.fromEntries(
  [...relationshipGeneratedBaseProperties(), ...relationshipTypedProperties().map(({ spec }) => spec)].map((spec) => [
    spec.name,
    (rel: GraphRelationship) => property(rel, spec),
  ]),
);

export const relationshipResolvers = {
  from: (rel: GraphRelationship, _args: unknown, ctx: GraphqlContext) => requireEntity(rel.source, ctx, "start"),
  to: (rel: GraphRelationship, _args: unknown, ctx: GraphqlContext) => requireEntity(rel.target, ctx, "end"),
  fromId: (rel: GraphRelationship) => rel.source,
  toId: (rel: GraphRelationship) => rel.target,
  claim: (rel: GraphRelationship) => text(rel, "claim"),
  validFrom: (rel: GraphRelationship) => text(rel, "validFrom"),
  validTo: (rel: GraphRelationship) => text(rel, "validTo"),
  sources: (rel: GraphRelationship, _args: unknown, ctx: GraphqlContext) => sourcesOf(sourceIdsOf(rel.properties), ctx),
  evidence: (rel: GraphRelationship) => ({ claim: text(rel, "claim"), ...citedSourcesOf(rel) }),
  properties: (rel: GraphRelationship) => rel.properties,
  ...relationshipTypedResolvers,
};
