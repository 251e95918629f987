import DataLoader from "dataloader";
import type { GraphNode, GraphStore, RelationshipPage, RelationshipPageOptions } from "@kgx/graph-store";

/** The store's largest page; "all relationships of an entity" means up to this many. */
export const ALL_RELATIONSHIPS = 10_000;

/**
 * Per-request batching. Resolvers ask for one entity or one entity's relationships at a time; the
 * loaders gather every such ask made while a level of the query resolves and send them to the
 * store as one batch, so a query over many entities costs a few store calls, not one per entity.
 * A request gets fresh loaders, so nothing is cached across requests (or across a write).
 */
export class RequestLoaders {
  readonly entities: DataLoader<string, GraphNode | null>;
  private readonly relationshipLoaders = new Map<string, DataLoader<string, RelationshipPage>>();

  constructor(private readonly store: GraphStore) {
    this.entities = new DataLoader(async (ids) => {
      const nodes = await store.getEntities(ids);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Loads pages of relationships; asks with the same options share one batch. */
  relationships(options: RelationshipPageOptions): DataLoader<string, RelationshipPage> {
    const key = JSON.stringify([options.direction ?? "both", [...(options.relationshipTypes ?? [])].sort(), options.limit ?? null, options.offset ?? 0]);
    let loader = this.relationshipLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const pages = await this.store.relationshipsOfMany(ids, options);
        return ids.map((id) => pages.get(id) ?? { relationships: [], totalCount: 0 });
      });
      this.relationshipLoaders.set(key, loader);
    }
    return loader;
  }

  /** Every relationship of an entity (up to ALL_RELATIONSHIPS), shared by the fields that need them all. */
  allRelationships(id: string): Promise<RelationshipPage> {
    return this.relationships({ limit: ALL_RELATIONSHIPS }).load(id);
  }

  /** Entities by id, in the order asked, leaving out ids with no entity. */
  async entitiesByIds(ids: readonly string[]): Promise<GraphNode[]> {
    const unique = [...new Set(ids)];
    const found = await this.entities.loadMany(unique);
    return found.filter((n): n is GraphNode => n !== null && !(n instanceof Error));
  }

  /** Remembers entities a query already has in hand, so following them costs nothing. */
  prime(nodes: readonly GraphNode[]): void {
    for (const node of nodes) this.entities.prime(node.id, node);
  }

  /** Forgets what a write changed. */
  forget(id: string): void {
    this.entities.clear(id);
    for (const loader of this.relationshipLoaders.values()) loader.clearAll();
  }
}
