import { ENTITY_TYPE_NAMES, isAllowedEndpoint, isEntityTypeName, type EntityTypeName } from "@kgx/domain";
import type { GraphNode, GraphStore } from "@kgx/graph-store";
import { createArticleAnalyzer } from "./analyzer.ts";
import type { ArticleAnalysis, ArticleAnalyzer, ArticleInput, KnownEntity } from "./article.ts";

/** The entity types an article can name: the MENTIONS endpoints of the model (no Sources, no Statements). */
const NAMEABLE_TYPES: readonly EntityTypeName[] = ENTITY_TYPE_NAMES.filter((type) => isAllowedEndpoint("MENTIONS", "Source", type));
const PAGE_SIZE = 10_000;

function knownEntityOf(node: GraphNode): KnownEntity | undefined {
  if (!isEntityTypeName(node.type)) return undefined;
  const name = node.properties["name"];
  const nameJa = node.properties["nameJa"];
  const aliases = node.properties["aliases"];
  return {
    id: node.id,
    type: node.type,
    name: typeof name === "string" ? name : node.id,
    nameJa: typeof nameJa === "string" ? nameJa : null,
    aliases: Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === "string") : null,
  };
}

/**
 * Every entity an article can name, read in pages of 10,000 through the port. At the shipped
 * knowledge's few hundred entities this is one round trip; at 100,000 it is ten pages, a few
 * seconds on Kùzu, and the matcher built from them holds some tens of MB — which is why the API
 * builds it once and keeps it (StoreAnalyzers) instead of per request.
 */
export async function loadKnownEntities(store: GraphStore): Promise<KnownEntity[]> {
  const out: KnownEntity[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await store.listEntities({ types: [...NAMEABLE_TYPES], limit: PAGE_SIZE, offset });
    for (const node of page.nodes) {
      const known = knownEntityOf(node);
      if (known) out.push(known);
    }
    if (page.nodes.length < PAGE_SIZE || offset + PAGE_SIZE >= page.totalCount) return out;
  }
}

export interface StoreAnalyzersOptions {
  /**
   * Rebuild after this long even without a write through this process, so entities written by
   * another client (another API process on the same Neo4j) are recognised in the end. Default 5 minutes.
   */
  readonly maxAgeMs?: number;
}

interface Built {
  readonly entities: Promise<KnownEntity[]>;
  readonly analyzer: Promise<ArticleAnalyzer>;
  readonly builtAt: number;
}

/**
 * The analyzer over a store's entities, built on first use and kept: building it reads every
 * entity and compiles the name matcher. `forget()` after a write through this process (the API's
 * mutations call it) so the next analysis sees the new names; it is also rebuilt after `maxAgeMs`.
 */
export class StoreAnalyzers {
  private built: Built | undefined;
  private readonly maxAgeMs: number;

  constructor(
    private readonly store: GraphStore,
    options: StoreAnalyzersOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  }

  private current(): Built {
    const now = Date.now();
    if (!this.built || now - this.built.builtAt > this.maxAgeMs) {
      const entities = loadKnownEntities(this.store);
      const analyzer = entities.then((list) => createArticleAnalyzer(list));
      const built: Built = { entities, analyzer, builtAt: now };
      // A failed build (store unreachable) is not kept: the next call tries again.
      analyzer.catch(() => {
        if (this.built === built) this.built = undefined;
      });
      this.built = built;
    }
    return this.built;
  }

  /** Analyses against the stored entities. */
  async analyze(article: ArticleInput): Promise<ArticleAnalysis> {
    return (await this.current().analyzer).analyze(article);
  }

  /**
   * Analyses against the stored entities plus `extra` (the new entities of a commit), so their
   * names count as mentions too. With extras the matcher is built afresh for this one call.
   */
  async analyzeWith(article: ArticleInput, extra: readonly KnownEntity[]): Promise<ArticleAnalysis> {
    if (extra.length === 0) return this.analyze(article);
    const known = await this.current().entities;
    return (await createArticleAnalyzer([...known, ...extra])).analyze(article);
  }

  /** Drops what was built; the next analysis reads the entities again. */
  forget(): void {
    this.built = undefined;
  }
}
