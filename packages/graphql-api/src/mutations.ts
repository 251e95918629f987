import {
  ENTITY_BASE_PROPERTIES,
  ID_PATTERN,
  RELATIONSHIP_BASE_PROPERTIES,
  isEntityTypeName,
  validateEntityRecord,
  validateRelationshipRecord,
  type EntityTypeName,
  type PropertyValue,
  type RecordProblem,
  type RelationshipTypeName,
} from "@kgx/domain";
import type { GraphNode, GraphRelationship } from "@kgx/graph-store";
import type { GraphqlContext } from "./context.ts";
import { badUserInput, unauthenticated } from "./errors.ts";
import { forgetArticleAnalyzer } from "./ingest-resolvers.ts";
import { ALL_RELATIONSHIPS } from "./loaders.ts";

/**
 * Writes through GraphQL. Each checks the token first (so a caller without it learns nothing about
 * the graph), then checks the input against the domain model and names the input field at fault,
 * then writes through the store's all-or-nothing batch.
 */

export interface EntityInput {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly nameJa?: string | null;
  readonly aliases?: readonly string[] | null;
  readonly description?: string | null;
  readonly properties?: unknown;
}

export interface RelationshipInput {
  readonly id?: string | null;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly sources: readonly string[];
  readonly locators?: readonly string[] | null;
  readonly claim?: string | null;
  readonly validFrom?: string | null;
  readonly validFromPrecision?: string | null;
  readonly validTo?: string | null;
  readonly validToPrecision?: string | null;
  readonly properties?: unknown;
}

export function requireWriteAccess(ctx: GraphqlContext): void {
  if (ctx.writeRefusal) throw unauthenticated(ctx.writeRefusal);
}

/** The typed properties from `input.properties`, refusing anything that is not a JSON object or that belongs in a field of its own. */
function extraProperties(value: unknown, ownFields: ReadonlySet<string>): Record<string, PropertyValue> {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw badUserInput("input.properties", 'must be a JSON object, e.g. {"kind": "company"}.');
  for (const key of Object.keys(value)) {
    if (ownFields.has(key)) throw badUserInput(`input.properties.${key}`, `set ${key} as input.${key}, not inside properties.`);
  }
  return value as Record<string, PropertyValue>;
}

/** Refuses with the first problem, naming its input field; every problem is listed in `extensions.problems`. */
function refuse(problems: readonly RecordProblem[], ownFields: ReadonlySet<string>): never {
  // "locators[1]" is an element of the input field "locators".
  const path = (field: string) => (ownFields.has(field.replace(/\[\d+\]$/, "")) ? `input.${field}` : `input.properties.${field}`);
  const listed = problems.map((p) => ({ field: path(p.field), message: p.message }));
  const first = listed[0] as { field: string; message: string };
  throw badUserInput(first.field, first.message, { problems: listed });
}

/** Leaves out fields the client did not send (they keep their stored values); an explicit null clears. */
function sent<T>(entries: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Record<string, T>;
}

const ENTITY_OWN_FIELDS = new Set(["type", ...ENTITY_BASE_PROPERTIES.map((p) => p.name)]);

export async function upsertEntity(input: EntityInput, ctx: GraphqlContext): Promise<GraphNode> {
  requireWriteAccess(ctx);
  if (!isEntityTypeName(input.type))
    refuse([{ field: "type", message: `unknown entity type "${input.type}"; see graphSchema.entityTypes.` }], ENTITY_OWN_FIELDS);
  const properties: Record<string, PropertyValue> = {
    ...sent<PropertyValue>({ name: input.name, nameJa: input.nameJa, description: input.description, aliases: input.aliases as string[] | null | undefined }),
    ...extraProperties(input.properties, ENTITY_OWN_FIELDS),
  };
  const problems = validateEntityRecord({ type: input.type, id: input.id, properties });
  if (problems.length > 0) refuse(problems, ENTITY_OWN_FIELDS);
  const type = input.type as EntityTypeName;
  const stored = (await ctx.store.entityTypesOf([input.id])).get(input.id);
  if (stored && stored !== type)
    refuse([{ field: "id", message: `"${input.id}" already belongs to a ${stored}; ids are unique across types.` }], ENTITY_OWN_FIELDS);
  await ctx.store.writeBatch({ entities: [{ type, id: input.id, properties }], relationships: [] });
  ctx.loaders.forget(input.id);
  // A new or renamed entity changes what an article analysis can recognise.
  forgetArticleAnalyzer(ctx.store);
  const written = await ctx.store.getEntity(input.id);
  if (!written) throw new Error(`Entity "${input.id}" was written but cannot be read back.`);
  return written;
}

const RELATIONSHIP_OWN_FIELDS = new Set(["type", "from", "to", ...RELATIONSHIP_BASE_PROPERTIES.map((p) => p.name)]);

/** The id a relationship gets when the client gives none, in the style of the shipped knowledge: `nvidia-makes-h20`. */
export function defaultRelationshipId(type: string, from: string, to: string): string {
  return `${from}-${type.toLowerCase().replace(/_/g, "-")}-${to}`;
}

export async function upsertRelationship(input: RelationshipInput, ctx: GraphqlContext): Promise<GraphRelationship> {
  requireWriteAccess(ctx);
  const id = input.id ?? defaultRelationshipId(input.type, input.from, input.to);
  if (!input.id && !ID_PATTERN.test(id)) {
    refuse([{ field: "id", message: `the default id "${id}" is not a valid slug (too long?); give an id of your own.` }], RELATIONSHIP_OWN_FIELDS);
  }
  if (input.validFrom && input.validTo && input.validFrom > input.validTo) {
    refuse([{ field: "validTo", message: `is before validFrom (${input.validTo} < ${input.validFrom}).` }], RELATIONSHIP_OWN_FIELDS);
  }
  const properties: Record<string, PropertyValue> = {
    sources: [...input.sources],
    ...sent<PropertyValue>({
      locators: input.locators as string[] | null | undefined,
      claim: input.claim,
      validFrom: input.validFrom,
      validFromPrecision: input.validFromPrecision,
      validTo: input.validTo,
      validToPrecision: input.validToPrecision,
    }),
    ...extraProperties(input.properties, RELATIONSHIP_OWN_FIELDS),
  };
  const types = await ctx.store.entityTypesOf([input.from, input.to, ...input.sources]);
  const problems = validateRelationshipRecord({ type: input.type, id, from: input.from, to: input.to, properties }, (x) => types.get(x));
  if (problems.length > 0) refuse(problems, RELATIONSHIP_OWN_FIELDS);
  const type = input.type as RelationshipTypeName;
  await ctx.store.writeBatch({ entities: [], relationships: [{ type, id, from: input.from, to: input.to, properties }] });
  ctx.loaders.forget(input.from);
  const page = (await ctx.store.relationshipsOfMany([input.from], { direction: "out", relationshipTypes: [type], limit: ALL_RELATIONSHIPS })).get(input.from);
  const written = page?.relationships.find((r) => r.id === id && r.target === input.to);
  if (!written) throw new Error(`Relationship "${id}" was written but cannot be read back.`);
  return written;
}

export async function deleteRelationship(id: string, ctx: GraphqlContext): Promise<boolean> {
  requireWriteAccess(ctx);
  const deleted = await ctx.store.deleteRelationship(id);
  if (deleted) ctx.loaders.forget(id);
  return deleted;
}
