import type { EntityRecord, EntityTypeName, PropertyValue, RelationshipRecord, RelationshipTypeName } from "@kgx/domain";
import type { GraphChange, GraphNode, GraphRelationship, GraphStore } from "@kgx/graph-store";
import { ArticleWriteError } from "./write-errors.ts";

/**
 * Undoing an article: its Source, its MENTIONS, the relationships it is the only evidence of, its
 * entries on relationships that rest on other sources too, and then the entities it named or that
 * ended a removed relationship and are left with no relationship at all. Other isolated entities
 * and other Sources are never touched. Planned from reads, applied as one GraphChange: the store
 * refuses the change whole if the graph moved under the plan (an id gone, an entity joined anew).
 */

/** Most relationships read per entity when deciding whether it is left alone. */
const RELATIONSHIP_PAGE_LIMIT = 10_000;
/** Most relationships one article may be evidence of for one removal. */
const CITING_LIMIT = 100_000;
/** The per-source lists kept parallel to `sources`. */
const PER_SOURCE_LISTS = ["locators", "quotes", "sourceClaims"] as const;

export interface RemovedEntitySummary {
  readonly id: string;
  readonly name: string;
  readonly type: EntityTypeName;
}

export interface RemovedRelationshipSummary {
  readonly id: string;
  readonly type: RelationshipTypeName;
  readonly from: string;
  readonly to: string;
  readonly claim: string | null;
}

export interface ArticleRemovalPlan {
  readonly change: GraphChange;
  readonly sourceId: string;
  readonly title: string | null;
  readonly mentionsRemoved: number;
  /** Removed because the article was their only evidence, or because they touched the Source itself (MENTIONS not listed). */
  readonly relationshipsRemoved: readonly RemovedRelationshipSummary[];
  readonly relationshipsKept: readonly RemovedRelationshipSummary[];
  readonly entitiesRemoved: readonly RemovedEntitySummary[];
  /** Aliases the article had added to entities that stay (merged candidates), now taken back. */
  readonly aliasesRemoved: readonly { readonly entityId: string; readonly alias: string }[];
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function summaryOf(rel: GraphRelationship): RemovedRelationshipSummary {
  return { id: rel.id, type: rel.type as RelationshipTypeName, from: rel.source, to: rel.target, claim: text(rel.properties["claim"]) };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : "")) : [];
}

/**
 * The relationship without the article: its entry dropped from sources and from each per-source
 * list. A list left holding only empty entries was padding for this article and is cleared, so the
 * relationship reads as before the article was committed. When the relationship's claim was the
 * article's own, the next source's claim takes its place.
 */
export function withoutSource(rel: GraphRelationship, sourceId: string): RelationshipRecord {
  const sources = stringList(rel.properties["sources"]);
  const keep = sources.map((id) => id !== sourceId);
  const remaining = sources.filter((_, i) => keep[i]);
  const properties: Record<string, PropertyValue> = { sources: remaining };
  const removedClaims: string[] = [];
  for (const name of PER_SOURCE_LISTS) {
    const stored = rel.properties[name];
    if (!Array.isArray(stored)) continue;
    const list = stringList(stored);
    if (name === "sourceClaims") removedClaims.push(...list.filter((_, i) => keep[i] === false));
    const left = list.filter((_, i) => keep[i] !== false).slice(0, remaining.length);
    while (left.length < remaining.length) left.push("");
    properties[name] = left.every((entry) => entry === "") ? null : left;
  }
  const claim = text(rel.properties["claim"]);
  if (claim !== null && removedClaims.includes(claim)) {
    const next = stringList(properties["sourceClaims"]).find((c) => c !== "");
    if (next) properties["claim"] = next;
  }
  return { type: rel.type as RelationshipTypeName, id: rel.id, from: rel.source, to: rel.target, properties };
}

/**
 * The entities that stay, with the aliases the article added (its MENTIONS record them) taken out
 * again; an alias someone has since removed is simply not there to take.
 */
async function aliasesTakenBack(
  store: GraphStore,
  mentions: readonly GraphRelationship[],
  removedIds: ReadonlySet<string>,
): Promise<{ records: EntityRecord[]; removed: { entityId: string; alias: string }[] }> {
  const addedTo = new Map<string, Set<string>>();
  for (const mention of mentions) {
    if (removedIds.has(mention.target)) continue;
    const added = stringList(mention.properties["aliasesAdded"]).filter((a) => a !== "");
    if (added.length > 0) addedTo.set(mention.target, new Set(added.map((a) => a.toLowerCase())));
  }
  if (addedTo.size === 0) return { records: [], removed: [] };
  const records: EntityRecord[] = [];
  const removed: { entityId: string; alias: string }[] = [];
  for (const node of await store.getEntities([...addedTo.keys()])) {
    const taken = addedTo.get(node.id) as Set<string>;
    const aliases = stringList(node.properties["aliases"]);
    const left = aliases.filter((a) => !taken.has(a.toLowerCase()));
    if (left.length === aliases.length) continue;
    for (const alias of aliases) if (taken.has(alias.toLowerCase())) removed.push({ entityId: node.id, alias });
    const name = text(node.properties["name"]);
    records.push({
      type: node.type as EntityTypeName,
      id: node.id,
      properties: { ...(name !== null ? { name } : {}), aliases: left.length > 0 ? left : null },
    });
  }
  return { records, removed };
}

export async function planArticleRemoval(store: GraphStore, sourceId: string): Promise<ArticleRemovalPlan> {
  if (typeof sourceId !== "string" || sourceId.trim() === "")
    throw new ArticleWriteError("INVALID_INPUT", "sourceId: give the id of a Source entity.", { field: "sourceId" });
  const source = await store.getEntity(sourceId);
  if (!source) throw new ArticleWriteError("NOT_FOUND", `sourceId: no entity with id "${sourceId}".`, { field: "sourceId" });
  if (source.type !== "Source") {
    throw new ArticleWriteError("INVALID_INPUT", `sourceId: "${sourceId}" is a ${source.type}, not a Source; only an article can be removed this way.`, {
      field: "sourceId",
    });
  }

  // Every relationship that lists the article among its sources, wherever it is in the graph. A
  // scan of all relationships (the same statement on both backends); fine for an occasional undo,
  // about a second at a million relationships.
  const citing = await store.runReadQuery("MATCH ()-[r]->() WHERE $id IN r.sources RETURN r", { id: sourceId }, { rowLimit: CITING_LIMIT, timeoutMs: 60_000 });
  if (citing.truncated) {
    throw new ArticleWriteError(
      "INVALID_INPUT",
      `sourceId: "${sourceId}" is evidence of more than ${CITING_LIMIT} relationships; remove it with a script instead.`,
      { field: "sourceId" },
    );
  }
  const citingRelationships = citing.rows
    .map((row) => row[0])
    .filter((v): v is GraphRelationship => typeof v === "object" && v !== null && (v as GraphRelationship).kind === "relationship");
  // The Source's own relationships (its MENTIONS, a CITES, a REPORTED_IN) go with it.
  const ownPage = (await store.relationshipsOfMany([sourceId], { limit: RELATIONSHIP_PAGE_LIMIT })).get(sourceId);
  if (ownPage && ownPage.totalCount > ownPage.relationships.length) {
    throw new ArticleWriteError(
      "INVALID_INPUT",
      `sourceId: "${sourceId}" has more than ${RELATIONSHIP_PAGE_LIMIT} relationships of its own; remove it with a script instead.`,
      { field: "sourceId" },
    );
  }
  const own = ownPage?.relationships ?? [];

  const deleted = new Map<string, GraphRelationship>();
  for (const rel of own) deleted.set(rel.id, rel);
  const kept: GraphRelationship[] = [];
  for (const rel of citingRelationships) {
    if (deleted.has(rel.id)) continue;
    const others = stringList(rel.properties["sources"]).filter((id) => id !== sourceId);
    if (others.length === 0) deleted.set(rel.id, rel);
    else kept.push(rel);
  }

  // Entities the article touched: the ones it names and the ends of what is removed.
  const touched = new Set<string>();
  for (const rel of deleted.values()) for (const id of [rel.source, rel.target]) if (id !== sourceId) touched.add(id);
  const touchedIds = [...touched];
  const pages = touchedIds.length > 0 ? await store.relationshipsOfMany(touchedIds, { limit: RELATIONSHIP_PAGE_LIMIT }) : new Map();
  const alone: string[] = [];
  for (const id of touchedIds) {
    const page = pages.get(id);
    if (!page) continue;
    const remaining = page.totalCount - page.relationships.filter((r: GraphRelationship) => deleted.has(r.id)).length;
    if (remaining === 0) alone.push(id);
  }
  const aloneNodes: GraphNode[] = alone.length > 0 ? await store.getEntities(alone) : [];
  // Never another Source: an article cited by this one stays, whatever is left joined to it.
  const entitiesRemoved = aloneNodes
    .filter((node) => node.type !== "Source")
    .map((node) => ({ id: node.id, name: text(node.properties["name"]) ?? node.id, type: node.type as EntityTypeName }));

  const removedRelationships = [...deleted.values()];
  const mentions = removedRelationships.filter((r) => r.type === "MENTIONS" && r.source === sourceId);
  const aliases = await aliasesTakenBack(store, mentions, new Set(entitiesRemoved.map((e) => e.id)));
  return {
    change: {
      upsert: { entities: aliases.records, relationships: kept.map((rel) => withoutSource(rel, sourceId)) },
      deleteRelationships: removedRelationships.map((r) => r.id),
      deleteEntities: [...entitiesRemoved.map((e) => e.id), sourceId],
    },
    sourceId,
    title: text(source.properties["title"]) ?? text(source.properties["name"]),
    mentionsRemoved: mentions.length,
    relationshipsRemoved: removedRelationships.filter((r) => !(r.type === "MENTIONS" && r.source === sourceId)).map(summaryOf),
    relationshipsKept: kept.map(summaryOf),
    entitiesRemoved,
    aliasesRemoved: aliases.removed,
  };
}

/** Plans and applies a removal in one transaction. */
export async function removeArticle(store: GraphStore, sourceId: string): Promise<ArticleRemovalPlan> {
  const plan = await planArticleRemoval(store, sourceId);
  await store.applyChange(plan.change);
  return plan;
}
