import {
  isAllowedEndpoint,
  isEntityTypeName,
  isRelationshipTypeName,
  validateEntityRecord,
  type EntityRecord,
  type EntityTypeName,
  type PropertyValue,
  type RelationshipRecord,
  type RelationshipTypeName,
} from "@kgx/domain";
import type { ChangeSummary, GraphChange, GraphRelationship, GraphStore } from "@kgx/graph-store";
import { mentionable, planAliasMerges, type PlannedAlias } from "./alias-merges.ts";
import type { ArticleAnalysis, ArticleCommitInput, ArticleInput, ArticleSentence, KnownEntity } from "./article.ts";
import { extendedList, paragraphLocator, paragraphOf, stringList } from "./article-evidence.ts";
import { checkArticleInput, given } from "./article-input.ts";
import { newEntityIdBase, relationshipIdOf, sourceIdBase } from "./entity-ids.ts";
import { allocateIds, findStoredArticle } from "./stored-article.ts";
import { ArticleWriteError, refuseProblems, type IngestProblem } from "./write-errors.ts";

/**
 * Turning an article and what a person confirmed into one GraphChange: the Source, the new
 * entities, MENTIONS of every entity the text names, and each confirmed relationship with the
 * article as evidence (¶ locator, sentence, claim). Everything is checked before anything is
 * written; the change is then applied in one transaction.
 */

/** Analyses an article against the known entities plus `extra` (the new ones a commit adds). */
export type AnalyzeArticle = (article: ArticleInput, extra: readonly KnownEntity[]) => Promise<ArticleAnalysis>;

/** Most relationships one entity may have for the existing-relationship lookup to see them all. */
const RELATIONSHIP_LOOKUP_LIMIT = 10_000;

export interface PlannedEntity {
  readonly ref: string;
  readonly id: string;
  readonly type: EntityTypeName;
  readonly name: string;
}

export interface PlannedRelationship {
  readonly id: string;
  readonly type: RelationshipTypeName;
  readonly from: string;
  readonly to: string;
  /** True when it existed and gains the article as further evidence. */
  readonly extended: boolean;
}

export interface ArticleCommitPlan {
  readonly change: GraphChange;
  readonly source: EntityRecord;
  readonly newEntities: readonly PlannedEntity[];
  /** The confirmed relationships, in the order given. */
  readonly relationships: readonly PlannedRelationship[];
  readonly mentionsWritten: number;
  /** Aliases added to existing entities (merges of names they already had are left out). */
  readonly aliasesAdded: readonly PlannedAlias[];
  readonly analysis: ArticleAnalysis;
}

export interface ArticleCommitResult {
  readonly sourceId: string;
  readonly entitiesCreated: number;
  readonly relationshipsCreated: number;
  readonly relationshipsExtended: number;
  readonly mentionsWritten: number;
  readonly newEntities: readonly PlannedEntity[];
  readonly relationships: readonly PlannedRelationship[];
  readonly aliasesAdded: readonly PlannedAlias[];
  readonly summary: ChangeSummary;
}

/** Plans and applies a commit in one transaction. */
export async function commitArticle(store: GraphStore, input: ArticleCommitInput, analyze: AnalyzeArticle): Promise<ArticleCommitResult> {
  const plan = await planArticleCommit(store, input, analyze);
  const summary = await store.applyChange(plan.change);
  return {
    sourceId: plan.source.id,
    entitiesCreated: plan.newEntities.length,
    relationshipsCreated: plan.relationships.filter((r) => !r.extended).length,
    relationshipsExtended: plan.relationships.filter((r) => r.extended).length,
    mentionsWritten: plan.mentionsWritten,
    newEntities: plan.newEntities,
    relationships: plan.relationships,
    aliasesAdded: plan.aliasesAdded,
    summary,
  };
}

export async function planArticleCommit(store: GraphStore, input: ArticleCommitInput, analyze: AnalyzeArticle): Promise<ArticleCommitPlan> {
  const article = input.article;
  checkArticleInput(article, "input.article");
  const newInputs = input.newEntities ?? [];
  const confirmed = input.relationships ?? [];
  const problems: IngestProblem[] = [];

  // New entities: refs unique and distinct from stored ids, types of the model, names given.
  const refs = new Map<string, number>();
  newInputs.forEach((entity, index) => {
    const field = `input.newEntities[${index}]`;
    if (typeof entity.ref !== "string" || entity.ref.trim() === "")
      problems.push({ field: `${field}.ref`, message: "a new entity needs a ref for relationships to name it by." });
    else if (refs.has(entity.ref))
      problems.push({ field: `${field}.ref`, message: `ref "${entity.ref}" is used twice (also by input.newEntities[${refs.get(entity.ref)}]).` });
    else refs.set(entity.ref, index);
    if (!isEntityTypeName(entity.type)) problems.push({ field: `${field}.type`, message: `unknown entity type "${entity.type}".` });
    else if (!mentionable(entity.type))
      problems.push({ field: `${field}.type`, message: `a ${entity.type} cannot be added from an article; the article itself is the Source.` });
    if (typeof entity.name !== "string" || entity.name.trim() === "") problems.push({ field: `${field}.name`, message: "a new entity needs a name." });
  });
  const refClashes = await store.entityTypesOf([...refs.keys()]);
  for (const [ref, index] of refs) {
    if (refClashes.has(ref))
      problems.push({
        field: `input.newEntities[${index}].ref`,
        message: `"${ref}" is the id of an existing ${refClashes.get(ref)}; pick another ref so relationships are not ambiguous.`,
      });
  }
  if (problems.length > 0) refuseProblems(problems);

  const existing = await findStoredArticle(store, article);
  if (existing) {
    throw new ArticleWriteError("ARTICLE_EXISTS", `This article is already stored as ${existing}; remove it first (removeArticle) to commit it again.`, {
      field: "input.article",
      sourceId: existing,
    });
  }

  const reserved = new Set<string>();
  const [sourceId] = await allocateIds(
    store,
    [sourceIdBase({ title: article.title.trim(), url: given(article.url) ?? null, publishedAt: given(article.publishedAt) ?? null })],
    reserved,
  );
  if (!sourceId) throw new Error("no source id allocated");
  const entityIds = await allocateIds(
    store,
    newInputs.map((e) => newEntityIdBase(e.type, e.name.trim())),
    reserved,
  );
  const newEntities: PlannedEntity[] = [];
  const newRecords: EntityRecord[] = [];
  newInputs.forEach((entity, index) => {
    const id = entityIds[index] as string;
    const type = entity.type as EntityTypeName;
    const aliases = (entity.aliases ?? []).map((a) => a.trim()).filter((a) => a !== "");
    const properties: Record<string, PropertyValue> = { name: entity.name.trim() };
    if (given(entity.nameJa)) properties["nameJa"] = given(entity.nameJa) as string;
    if (aliases.length > 0) properties["aliases"] = aliases;
    for (const problem of validateEntityRecord({ type, id, properties }))
      problems.push({ field: `input.newEntities[${index}].${problem.field}`, message: problem.message });
    newEntities.push({ ref: entity.ref, id, type, name: entity.name.trim() });
    newRecords.push({ type, id, properties });
  });
  if (problems.length > 0) refuseProblems(problems);

  const merged = await planAliasMerges(store, input.merges ?? [], problems);
  if (problems.length > 0) refuseProblems(problems);

  const analysis = await analyze(article, [
    ...newEntities.map((e, index) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      nameJa: given(newInputs[index]?.nameJa),
      aliases: newInputs[index]?.aliases ?? null,
    })),
    // A merged name counts as a mention of its entity, as it will once it is an alias.
    ...merged.known,
  ]);

  // Confirmed relationships: endpoints resolved from refs or stored ids, the model's endpoint rule, the sentence, the claim.
  const byRef = new Map(newEntities.map((e) => [e.ref, e]));
  const storedIds = confirmed.flatMap((r) => [r.from, r.to]).filter((id) => typeof id === "string" && !byRef.has(id));
  const mentionIds = analysis.mentions.map((m) => m.entityId);
  const storedTypes = await store.entityTypesOf([...new Set([...storedIds, ...mentionIds])]);
  const newTypes = new Map(newEntities.map((e) => [e.id, e.type]));
  const typeOfId = (id: string): EntityTypeName | undefined => newTypes.get(id) ?? storedTypes.get(id);
  const seen = new Map<string, number>();
  const resolved: { index: number; type: RelationshipTypeName; from: string; to: string; sentence: ArticleSentence; claim: string }[] = [];
  confirmed.forEach((rel, index) => {
    const field = `input.relationships[${index}]`;
    const before = problems.length;
    const endpoint = (name: "from" | "to"): { id: string; type: EntityTypeName } | undefined => {
      const value = rel[name];
      const ref = byRef.get(value);
      if (ref) return { id: ref.id, type: ref.type };
      const type = typeof value === "string" ? storedTypes.get(value) : undefined;
      if (type) return { id: value, type };
      problems.push({
        field: `${field}.${name}`,
        message: `unknown id or ref ${JSON.stringify(value)}: neither an entity in the graph nor a ref of input.newEntities.`,
      });
      return undefined;
    };
    const from = endpoint("from");
    const to = endpoint("to");
    if (!isRelationshipTypeName(rel.type)) problems.push({ field: `${field}.type`, message: `unknown relationship type "${rel.type}".` });
    else if (rel.type === "MENTIONS")
      problems.push({ field: `${field}.type`, message: "MENTIONS are written for every entity the text names; confirm other relationships here." });
    else if (from && to && !isAllowedEndpoint(rel.type, from.type, to.type)) {
      problems.push({ field: `${field}.type`, message: `${rel.type} cannot connect a ${from.type} to a ${to.type} in the domain model.` });
    }
    const sentence = Number.isInteger(rel.sentence) ? analysis.sentences[rel.sentence] : undefined;
    if (!sentence) {
      problems.push({
        field: `${field}.sentence`,
        message: `sentence ${rel.sentence} is out of range: the analysis of this text has ${analysis.sentences.length} sentences (0–${Math.max(0, analysis.sentences.length - 1)}).`,
      });
    }
    const claim = typeof rel.claim === "string" ? rel.claim.trim() : "";
    if (claim === "") problems.push({ field: `${field}.claim`, message: "say in your own words what the sentence tells about this relationship." });
    if (problems.length > before || !from || !to || !sentence || !isRelationshipTypeName(rel.type)) return;
    const key = `${rel.type}|${from.id}|${to.id}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        field,
        message: `confirms the same ${rel.type} from ${from.id} to ${to.id} as input.relationships[${earlier}]; one article is one piece of evidence.`,
      });
      return;
    }
    seen.set(key, index);
    resolved.push({ index, type: rel.type, from: from.id, to: to.id, sentence, claim });
  });
  if (problems.length > 0) refuseProblems(problems);

  const source: EntityRecord = {
    type: "Source",
    id: sourceId,
    properties: {
      name: article.title.trim(),
      title: article.title.trim(),
      ...(given(article.publisher) ? { publisher: given(article.publisher) as string } : {}),
      ...(given(article.url) ? { url: given(article.url) as string } : {}),
      ...(given(article.publishedAt) ? { publishedAt: given(article.publishedAt) as string, publishedAtPrecision: "day" } : {}),
      language: analysis.language,
    },
  };

  // Relationships that exist already gain the article as evidence instead of being written twice.
  const storedFroms = [...new Set(resolved.map((r) => r.from).filter((id) => !newTypes.has(id)))];
  const pages = storedFroms.length > 0 ? await store.relationshipsOfMany(storedFroms, { direction: "out", limit: RELATIONSHIP_LOOKUP_LIMIT }) : new Map();
  const stored = new Map<string, GraphRelationship>();
  for (const page of pages.values()) for (const r of page.relationships) stored.set(`${r.type}|${r.source}|${r.target}`, r);

  const relationshipRecords: RelationshipRecord[] = [];
  const planned: PlannedRelationship[] = [];
  const usedRelationshipIds = new Set<string>();
  for (const rel of resolved) {
    const locator = paragraphLocator([paragraphOf(rel.sentence)]);
    const existingRel = stored.get(`${rel.type}|${rel.from}|${rel.to}`);
    if (existingRel) {
      const sources = stringList(existingRel.properties["sources"]);
      relationshipRecords.push({
        type: rel.type,
        id: existingRel.id,
        from: rel.from,
        to: rel.to,
        // Only the evidence lists are written; every other stored property (its claim included) stays.
        properties: {
          sources: [...sources, sourceId],
          locators: extendedList(existingRel.properties["locators"], sources.length, locator),
          quotes: extendedList(existingRel.properties["quotes"], sources.length, rel.sentence.text),
          sourceClaims: extendedList(existingRel.properties["sourceClaims"], sources.length, rel.claim),
        },
      });
      planned.push({ id: existingRel.id, type: rel.type, from: rel.from, to: rel.to, extended: true });
      usedRelationshipIds.add(existingRel.id);
      continue;
    }
    let id = relationshipIdOf(rel.type, rel.from, rel.to);
    for (let n = 2; usedRelationshipIds.has(id); n++) id = `${relationshipIdOf(rel.type, rel.from, rel.to)}-${n}`;
    usedRelationshipIds.add(id);
    relationshipRecords.push({
      type: rel.type,
      id,
      from: rel.from,
      to: rel.to,
      properties: { sources: [sourceId], locators: [locator], quotes: [rel.sentence.text], sourceClaims: [rel.claim], claim: rel.claim },
    });
    planned.push({ id, type: rel.type, from: rel.from, to: rel.to, extended: false });
  }

  // MENTIONS: one per entity the analysis of the same text found (new entities included), with every paragraph it stands in.
  const mentionsByEntity = new Map<string, { paragraphs: Set<number>; firstSentence: ArticleSentence | undefined; text: string }>();
  for (const mention of analysis.mentions) {
    const type = typeOfId(mention.entityId);
    // An entity deleted since the analyser was built is not named; neither is a Source or a Statement.
    if (!type || !mentionable(type)) continue;
    const sentence = analysis.sentences[mention.sentence];
    const entry = mentionsByEntity.get(mention.entityId) ?? { paragraphs: new Set<number>(), firstSentence: sentence, text: mention.text };
    if (sentence) entry.paragraphs.add(paragraphOf(sentence));
    mentionsByEntity.set(mention.entityId, entry);
  }
  // An entity merged into is named by the article even where the tokenizer did not let the name match.
  for (const alias of merged.added) {
    if (!mentionsByEntity.has(alias.entityId))
      mentionsByEntity.set(alias.entityId, { paragraphs: new Set<number>(), firstSentence: undefined, text: alias.alias });
  }
  const mentionRecords: RelationshipRecord[] = [...mentionsByEntity].map(([entityId, entry]) => {
    let id = relationshipIdOf("MENTIONS", sourceId, entityId);
    for (let n = 2; usedRelationshipIds.has(id); n++) id = `${relationshipIdOf("MENTIONS", sourceId, entityId)}-${n}`;
    usedRelationshipIds.add(id);
    const properties: Record<string, PropertyValue> = { sources: [sourceId], claim: `The article names ${entry.text}.` };
    if (entry.paragraphs.size > 0) properties["locators"] = [paragraphLocator(entry.paragraphs)];
    if (entry.firstSentence) properties["quotes"] = [entry.firstSentence.text];
    // What the article added to the entity's aliases, so that removing the article takes it back.
    const added = merged.added.filter((a) => a.entityId === entityId).map((a) => a.alias);
    if (added.length > 0) properties["aliasesAdded"] = added;
    return { type: "MENTIONS", id, from: sourceId, to: entityId, properties };
  });

  return {
    change: { upsert: { entities: [source, ...newRecords, ...merged.records], relationships: [...mentionRecords, ...relationshipRecords] } },
    source,
    newEntities,
    relationships: planned,
    mentionsWritten: mentionRecords.length,
    aliasesAdded: merged.added,
    analysis,
  };
}
