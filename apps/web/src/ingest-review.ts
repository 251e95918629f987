import { ENTITY_TYPE_NAMES, RELATIONSHIP_TYPE_NAMES, isAllowedEndpoint, isEntityTypeName, isRelationshipTypeName } from "@kgx/domain";
import type { AnalysedEntity, ArticleAnalysis, ArticleCommitInput, ArticleFields, ConfirmedRelationshipInput, NewEntityInput } from "./ingest-client.ts";

/**
 * What a person decides on the review page, and what follows from it: the commit input, the
 * preview of what will be written, and the reasons a commit cannot go yet. Nothing here talks to
 * the API; the page keeps a ReviewState and passes it through these functions.
 */

/** Types a candidate can be given. Source is what the commit itself writes for the article; a Statement is a claim someone made, not a name in the text. */
export const CANDIDATE_TYPES: readonly string[] = ENTITY_TYPE_NAMES.filter((t) => t !== "Source" && t !== "Statement");

/** MENTIONS from the source are written by the commit for every mentioned entity; a person never confirms them one by one. */
const WRITTEN_BY_THE_COMMIT = new Set(["MENTIONS"]);

/** The relationship types the model allows from an entity of `fromType` to one of `toType`, in the model's order. */
export function allowedRelationshipTypes(fromType: string, toType: string): string[] {
  if (!isEntityTypeName(fromType) || !isEntityTypeName(toType)) return [];
  return RELATIONSHIP_TYPE_NAMES.filter((t) => !WRITTEN_BY_THE_COMMIT.has(t) && isAllowedEndpoint(t, fromType, toType));
}

export function isAllowedRelationship(type: string, fromType: string, toType: string): boolean {
  return isRelationshipTypeName(type) && allowedRelationshipTypes(fromType, toType).includes(type);
}

export type CandidateDecision = "pending" | "accept" | "merge" | "ignore";

export interface MergeTarget {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

export interface CandidateReview {
  /** `candidate:<index in the analysis>`; relationships name an accepted candidate by it. */
  readonly key: string;
  readonly text: string;
  readonly decision: CandidateDecision;
  readonly name: string;
  readonly nameJa: string;
  readonly type: string;
  readonly mergeInto: MergeTarget | null;
}

export interface RelationshipDraft {
  readonly key: string;
  readonly origin: "suggested" | "added";
  readonly confirmed: boolean;
  readonly type: string;
  /** An entity id, or a candidate's key. */
  readonly from: string;
  readonly to: string;
  readonly sentence: number;
  readonly claim: string;
}

export interface ReviewState {
  readonly candidates: readonly CandidateReview[];
  readonly relationships: readonly RelationshipDraft[];
}

export function candidateKey(index: number): string {
  return `candidate:${index}`;
}

function isCandidateKey(key: string): boolean {
  return key.startsWith("candidate:");
}

/** The review as it starts: every candidate undecided with the proposed type, every suggestion unconfirmed with an empty claim. */
export function startReview(analysis: ArticleAnalysis): ReviewState {
  const japanese = analysis.language === "ja";
  return {
    candidates: analysis.candidates.map((c, i) => ({
      key: candidateKey(i),
      text: c.text,
      decision: "pending",
      name: c.text,
      nameJa: japanese ? c.text : "",
      type: CANDIDATE_TYPES.includes(c.proposedType) ? c.proposedType : "Organization",
      mergeInto: null,
    })),
    relationships: analysis.suggestions.map((s, i) => ({
      key: `suggestion:${i}`,
      origin: "suggested",
      confirmed: false,
      type: s.type,
      from: s.from.id,
      to: s.to.id,
      sentence: s.sentence,
      claim: "",
    })),
  };
}

export function updateCandidate(review: ReviewState, key: string, change: Partial<Omit<CandidateReview, "key" | "text">>): ReviewState {
  return { ...review, candidates: review.candidates.map((c) => (c.key === key ? { ...c, ...change } : c)) };
}

export function updateRelationship(review: ReviewState, key: string, change: Partial<Omit<RelationshipDraft, "key" | "origin">>): ReviewState {
  return { ...review, relationships: review.relationships.map((r) => (r.key === key ? { ...r, ...change } : r)) };
}

export function addRelationship(review: ReviewState, draft: Omit<RelationshipDraft, "key" | "origin" | "confirmed">): ReviewState {
  const taken = new Set(review.relationships.map((r) => r.key));
  let n = review.relationships.filter((r) => r.origin === "added").length;
  while (taken.has(`added:${n}`)) n++;
  return { ...review, relationships: [...review.relationships, { ...draft, key: `added:${n}`, origin: "added", confirmed: true }] };
}

export function removeRelationship(review: ReviewState, key: string): ReviewState {
  return { ...review, relationships: review.relationships.filter((r) => r.key !== key) };
}

/** An end a relationship can have: a mentioned entity, or a candidate accepted as a new entity. */
export interface Endpoint {
  readonly key: string;
  readonly name: string;
  readonly nameJa: string | null;
  readonly type: string;
  readonly isNew: boolean;
}

/** The entities the article mentions, once each, in the order they first appear. */
export function mentionedEntities(analysis: ArticleAnalysis): AnalysedEntity[] {
  const seen = new Map<string, AnalysedEntity>();
  for (const m of [...analysis.mentions].sort((a, b) => a.start - b.start)) if (!seen.has(m.entity.id)) seen.set(m.entity.id, m.entity);
  return [...seen.values()];
}

/** Every end a relationship may be given now: the mentioned entities, then the accepted candidates. */
export function endpoints(analysis: ArticleAnalysis, review: ReviewState): Endpoint[] {
  const known: Endpoint[] = mentionedEntities(analysis).map((e) => ({ key: e.id, name: e.name, nameJa: e.nameJa, type: e.type, isNew: false }));
  // Suggestions name their ends too; one the mentions lack (it should not happen) still gets a name.
  for (const s of analysis.suggestions) {
    for (const end of [s.from, s.to])
      if (!known.some((k) => k.key === end.id)) known.push({ key: end.id, name: end.name, nameJa: null, type: end.type, isNew: false });
  }
  const accepted = review.candidates
    .filter((c) => c.decision === "accept")
    .map((c) => ({ key: c.key, name: c.name.trim() || c.text, nameJa: c.nameJa.trim() || null, type: c.type, isNew: true }));
  return [...known, ...accepted];
}

/** The relationship with its ends the other way round, and a type the model allows that way (the same one when it can). */
export function swapDirection(draft: RelationshipDraft, ends: readonly Endpoint[]): RelationshipDraft | undefined {
  const from = ends.find((e) => e.key === draft.to);
  const to = ends.find((e) => e.key === draft.from);
  if (!from || !to) return undefined;
  const allowed = allowedRelationshipTypes(from.type, to.type);
  if (allowed.length === 0) return undefined;
  return { ...draft, from: draft.to, to: draft.from, type: allowed.includes(draft.type) ? draft.type : (allowed[0] as string) };
}

/** The sentences an end occurs in: a known entity's mentions, or a candidate's positions. */
export function sentencesOf(analysis: ArticleAnalysis, review: ReviewState, key: string): number[] {
  const found = new Set<number>();
  if (isCandidateKey(key)) {
    const index = review.candidates.findIndex((c) => c.key === key);
    for (const at of analysis.candidates[index]?.positions ?? []) found.add(at.sentence);
  } else {
    for (const m of analysis.mentions) if (m.entity.id === key) found.add(m.sentence);
  }
  return [...found].sort((a, b) => a - b);
}

/** Sentences that name both ends, or, when none does, every sentence that names either. */
export function evidenceSentences(analysis: ArticleAnalysis, review: ReviewState, from: string, to: string): number[] {
  const a = sentencesOf(analysis, review, from);
  const b = sentencesOf(analysis, review, to);
  const both = a.filter((s) => b.includes(s));
  if (both.length > 0) return both;
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** A ref for a new entity that reads like an id (`acme-chips`) and is unique within the commit. */
export function refFor(name: string, taken: ReadonlySet<string>): string {
  const slug =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "new-entity";
  let ref = slug;
  for (let n = 2; taken.has(ref); n++) ref = `${slug}-${n}`;
  return ref;
}

/** What cannot be committed yet, each in words naming the item. */
export interface ReviewProblem {
  /** The candidate's or relationship's key. */
  readonly key: string;
  readonly message: string;
}

export interface AliasToAdd {
  readonly entity: MergeTarget;
  readonly alias: string;
}

/** What a plan commits: ArticleCommitInput with its lists always present, so their indexes line up with the keys below. */
export type PlannedCommitInput = ArticleCommitInput & {
  readonly newEntities: NewEntityInput[];
  readonly relationships: ConfirmedRelationshipInput[];
  readonly merges: NonNullable<ArticleCommitInput["merges"]>;
};

export interface CommitPlan {
  readonly input: PlannedCommitInput;
  /** Candidates merged into existing entities: their text becomes an alias in the same commit (input.merges), undone with the article. */
  readonly aliases: readonly AliasToAdd[];
  /** The key of the candidate behind each of input.newEntities, in order (to place an API error on the item at fault). */
  readonly newEntityKeys: readonly string[];
  /** The key of the draft behind each of input.relationships, in order. */
  readonly relationshipKeys: readonly string[];
  readonly problems: readonly ReviewProblem[];
}

function withArticle(type: string): string {
  return `${/^[AEIOU]/.test(type) ? "an" : "a"} ${type}`;
}

function describeDraft(draft: RelationshipDraft, ends: readonly Endpoint[]): string {
  const name = (key: string) => ends.find((e) => e.key === key)?.name ?? key;
  return `${draft.type} from ${name(draft.from)} to ${name(draft.to)}`;
}

/** The commit input for the article as it was analysed and the review as it stands, with what stands in its way. */
export function planCommit(article: ArticleFields, analysis: ArticleAnalysis, review: ReviewState): CommitPlan {
  const problems: ReviewProblem[] = [];
  const ends = endpoints(analysis, review);
  const refs = new Map<string, string>();
  const taken = new Set<string>();
  const newEntities: NewEntityInput[] = [];
  const newEntityKeys: string[] = [];
  const aliases: AliasToAdd[] = [];

  for (const c of review.candidates) {
    if (c.decision === "accept") {
      const name = c.name.trim();
      if (name === "") problems.push({ key: c.key, message: `Candidate “${c.text}”: give the new entity a name.` });
      const type = isEntityTypeName(c.type) && CANDIDATE_TYPES.includes(c.type) ? c.type : undefined;
      if (!type) problems.push({ key: c.key, message: `Candidate “${c.text}”: choose one of the model's entity types.` });
      const ref = refFor(name || c.text, taken);
      taken.add(ref);
      refs.set(c.key, ref);
      const nameJa = c.nameJa.trim();
      // The text as it stands in the article stays findable when the name was edited away from it.
      const alias = c.text !== name && c.text !== nameJa ? [c.text] : [];
      // A plan with a problem is never committed; an entity without a valid type is left out of it.
      if (type) {
        newEntities.push({ ref, type, name: name || c.text, nameJa: nameJa === "" ? null : nameJa, aliases: alias });
        newEntityKeys.push(c.key);
      }
    } else if (c.decision === "merge") {
      if (c.mergeInto) aliases.push({ entity: c.mergeInto, alias: c.text });
      else problems.push({ key: c.key, message: `Candidate “${c.text}”: pick the entity to merge it into, or choose another action.` });
    }
  }

  const relationships: ConfirmedRelationshipInput[] = [];
  const relationshipKeys: string[] = [];
  const seen = new Set<string>();
  for (const r of review.relationships) {
    if (!r.confirmed) continue;
    const what = describeDraft(r, ends);
    const from = ends.find((e) => e.key === r.from);
    const to = ends.find((e) => e.key === r.to);
    if (!from || !to) {
      problems.push({ key: r.key, message: `${what}: one end is a candidate no longer accepted as a new entity; accept it again or drop this relationship.` });
      continue;
    }
    if (r.from === r.to) problems.push({ key: r.key, message: `${what}: a relationship needs two different entities.` });
    if (!isAllowedRelationship(r.type, from.type, to.type))
      problems.push({
        key: r.key,
        message: `${what}: the model does not allow ${r.type} from ${withArticle(from.type)} to ${withArticle(to.type)}; choose another type or swap the direction.`,
      });
    if (r.claim.trim() === "") problems.push({ key: r.key, message: `${what}: write the claim, in your own words, that the sentence supports.` });
    if (!analysis.sentences.some((s) => s.index === r.sentence)) problems.push({ key: r.key, message: `${what}: choose the sentence that is its evidence.` });
    const identity = `${r.type}|${r.from}|${r.to}|${r.sentence}`;
    if (seen.has(identity)) problems.push({ key: r.key, message: `${what}: confirmed twice with the same sentence; drop one.` });
    seen.add(identity);
    // isAllowedRelationship above has refused an unknown type as a problem; only known ones are planned.
    if (isRelationshipTypeName(r.type)) {
      relationships.push({ type: r.type, from: refs.get(r.from) ?? r.from, to: refs.get(r.to) ?? r.to, sentence: r.sentence, claim: r.claim.trim() });
      relationshipKeys.push(r.key);
    }
  }

  const merges = aliases.map((a) => ({ entity: a.entity.id, alias: a.alias }));
  return { input: { article, newEntities, relationships, merges }, aliases, newEntityKeys, relationshipKeys, problems };
}

export interface CommitPreview {
  readonly newEntities: readonly { readonly name: string; readonly type: string }[];
  readonly aliases: readonly AliasToAdd[];
  readonly relationshipsConfirmed: number;
  /** Entities the source will MENTION: the known ones found in the text, the new ones, and those merged into. */
  readonly mentionedEntities: number;
  readonly source: { readonly title: string; readonly publisher: string | null; readonly url: string | null; readonly publishedAt: string | null };
}

/** Exactly what a commit of this plan writes, as the preview states it. */
export function previewCommit(plan: CommitPlan, analysis: ArticleAnalysis): CommitPreview {
  const mentioned = new Set(analysis.mentions.map((m) => m.entity.id));
  for (const a of plan.aliases) mentioned.add(a.entity.id);
  const article = plan.input.article;
  return {
    newEntities: plan.input.newEntities.map((e) => ({ name: e.name, type: e.type })),
    aliases: plan.aliases,
    relationshipsConfirmed: plan.input.relationships.length,
    mentionedEntities: mentioned.size + plan.input.newEntities.length,
    source: { title: article.title, publisher: article.publisher ?? null, url: article.url ?? null, publishedAt: article.publishedAt ?? null },
  };
}
