import type { GraphNode, GraphPath, GraphRelationship, JsonValue, ResultValue } from "@kgx/graph-store";

/**
 * Plain objects for subgraph nodes and edges. They are built once per element and read by
 * GraphQL's default resolvers, which keeps a subgraph of thousands of elements cheap to serialise.
 */

export interface SubgraphNodeValue {
  readonly id: string;
  readonly name: string;
  /** Name in Japanese, or null: the explorer labels nodes in either language without a second request. */
  readonly nameJa: string | null;
  readonly type: string;
  readonly properties: Readonly<Record<string, JsonValue>>;
}

export interface SubgraphEdgeValue {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly properties: Readonly<Record<string, JsonValue>>;
  readonly claim: string | null;
  /** Ids of the Source entities; the `sources` field resolves them in one batch. */
  readonly sourceIds: readonly string[];
  /** Where in each source the evidence stands, parallel to sourceIds (null where not recorded). */
  readonly locators: readonly (string | null)[];
  /** The sentence of each source, parallel to sourceIds (null where none is kept). */
  readonly quotes: readonly (string | null)[];
  /** The claim of each source in the analyst's words, parallel to sourceIds (null where the relationship's claim speaks for it). */
  readonly sourceClaims: readonly (string | null)[];
}

export function toSubgraphNode(node: GraphNode): SubgraphNodeValue {
  const name = node.properties["name"];
  const nameJa = node.properties["nameJa"];
  return {
    id: node.id,
    name: typeof name === "string" && name !== "" ? name : node.id,
    nameJa: typeof nameJa === "string" && nameJa !== "" ? nameJa : null,
    type: node.type,
    properties: node.properties,
  };
}

export function sourceIdsOf(properties: Readonly<Record<string, JsonValue>>): string[] {
  const sources = properties["sources"];
  return Array.isArray(sources) ? sources.filter((s): s is string => typeof s === "string") : [];
}

/** A list kept per source (locators, quotes, sourceClaims), parallel to sourceIdsOf; null where a source has none. */
export function perSourceOf(properties: Readonly<Record<string, JsonValue>>, name: "locators" | "quotes" | "sourceClaims"): (string | null)[] {
  const stored = properties[name];
  const list = Array.isArray(stored) ? stored : [];
  return sourceIdsOf(properties).map((_, index) => {
    const entry = list[index];
    return typeof entry === "string" && entry !== "" ? entry : null;
  });
}

/** The locator of each source, parallel to sourceIdsOf; null for a source without one. */
export function locatorsOf(properties: Readonly<Record<string, JsonValue>>): (string | null)[] {
  return perSourceOf(properties, "locators");
}

export function toSubgraphEdge(rel: GraphRelationship): SubgraphEdgeValue {
  const claim = rel.properties["claim"];
  return {
    id: rel.id,
    type: rel.type,
    source: rel.source,
    target: rel.target,
    properties: rel.properties,
    claim: typeof claim === "string" ? claim : null,
    sourceIds: sourceIdsOf(rel.properties),
    locators: locatorsOf(rel.properties),
    quotes: perSourceOf(rel.properties, "quotes"),
    sourceClaims: perSourceOf(rel.properties, "sourceClaims"),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// A user's own map such as {kind: "node"} must not pass for a graph element, so the whole shape is checked.
function isNode(value: unknown): value is GraphNode {
  return isRecord(value) && value["kind"] === "node" && typeof value["id"] === "string" && typeof value["type"] === "string" && isRecord(value["properties"]);
}

function isRelationship(value: unknown): value is GraphRelationship {
  return (
    isRecord(value) &&
    value["kind"] === "relationship" &&
    typeof value["id"] === "string" &&
    typeof value["source"] === "string" &&
    typeof value["target"] === "string" &&
    isRecord(value["properties"])
  );
}

function isPath(value: unknown): value is GraphPath {
  return isRecord(value) && value["kind"] === "path" && Array.isArray(value["nodes"]) && Array.isArray(value["relationships"]);
}

/** Every node and relationship anywhere in Cypher rows (inside lists, maps and paths), each once. */
export function graphElementsOf(rows: readonly (readonly ResultValue[])[]): { nodes: GraphNode[]; relationships: GraphRelationship[] } {
  const nodes = new Map<string, GraphNode>();
  const relationships = new Map<string, GraphRelationship>();
  const visit = (value: unknown): void => {
    if (isNode(value)) {
      if (!nodes.has(value.id)) nodes.set(value.id, value);
    } else if (isRelationship(value)) {
      relationships.set(`${value.type}:${value.id}:${value.source}:${value.target}`, value);
    } else if (isPath(value)) {
      value.nodes.forEach(visit);
      value.relationships.forEach(visit);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === "object" && value !== null) {
      Object.values(value).forEach(visit);
    }
  };
  rows.forEach(visit);
  return { nodes: [...nodes.values()], relationships: [...relationships.values()] };
}
