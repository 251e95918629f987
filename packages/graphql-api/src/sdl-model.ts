import {
  ENTITY_BASE_PROPERTIES,
  ENTITY_TYPES,
  RELATIONSHIP_BASE_PROPERTIES,
  RELATIONSHIP_TYPES,
  type EntityTypeSpec,
  type PropertyKind,
  type PropertySpec,
} from "@kgx/domain";
import { LIST_LIMITS, rangeText } from "./arguments.ts";

/**
 * The part of the SDL generated from the domain model: one GraphQL type per entity type with its
 * typed properties, the Relationship type with every relationship property, and the EntityType and
 * RelationshipType enums. A new type or property in `@kgx/domain` shows up here without anyone
 * editing this file (a test checks that every one of them does).
 */

export const PROPERTY_SCALARS: Readonly<Record<PropertyKind, string>> = {
  string: "String",
  "string[]": "[String!]",
  int: "Int",
  float: "Float",
  date: "Date",
  boolean: "Boolean",
};

/** Entity properties every entity type exposes as fields of its own, declared on the `Entity` interface. */
const ENTITY_BASE_FIELD_NAMES = new Set(ENTITY_BASE_PROPERTIES.map((p) => p.name));
/** Relationship properties with fields of their own on `Relationship` (sources become resolved Source entities). */
const RELATIONSHIP_BASE_FIELD_NAMES = new Set(RELATIONSHIP_BASE_PROPERTIES.map((p) => p.name));
/** Base relationship properties written by hand below; the others (locators, date precisions) are generated. */
const HAND_WRITTEN_RELATIONSHIP_FIELDS = new Set(["id", "sources", "claim", "validFrom", "validTo"]);

/** Base relationship properties the SDL derives from the model, like the typed ones, but on every relationship. */
export function relationshipGeneratedBaseProperties(): PropertySpec[] {
  return RELATIONSHIP_BASE_PROPERTIES.filter((p) => !HAND_WRITTEN_RELATIONSHIP_FIELDS.has(p.name));
}

export function describe(text: string, indent = ""): string {
  const clean = text.replace(/"""/g, '\\"""');
  return `${indent}"""\n${indent}${clean}\n${indent}"""`;
}

function propertyDescription(p: PropertySpec): string {
  return p.unit ? `${p.description} Unit: ${p.unit}.` : p.description;
}

/** Fields every entity has, in the interface and again in every concrete type (GraphQL wants both). */
export const ENTITY_COMMON_FIELDS = `
  "Stable identifier: a lowercase slug such as \`jensen-huang\`, unique across all entity types and stable across restarts, exports and backends."
  id: ID!
  "Which kind of entity this is."
  type: EntityType!
  "Name in English."
  name: String!
  "Name in Japanese, as the source articles write it."
  nameJa: String
  "Other names and spellings, in any language (empty when there are none)."
  aliases: [String!]!
  "One line saying what this is."
  description: String
  "Every stored property of this entity as one JSON object (name, nameJa, aliases, description and the typed properties), for generic clients."
  properties: JSON!
  """
  This entity's relationships, both directions by default, as a page: ordered by relationship type, then id.
  \`totalCount\` counts all of them that pass the filters.
  """
  relationships(
    "Relationships leaving this entity (OUT), arriving at it (IN), or both."
    direction: Direction = BOTH
    "Only relationships of these types, e.g. [LEADS, MAKES]; all types when absent."
    types: [RelationshipType!]
    "How many to return, ${rangeText(LIST_LIMITS.relationshipsFirst)}."
    first: Int = ${LIST_LIMITS.relationshipsFirst.fallback}
    "Return the relationships after this cursor (a \`cursor\` or \`pageInfo.endCursor\` from an earlier page)."
    after: String
  ): RelationshipConnection!
  "Statements this entity made (SAID) and statements about it (ABOUT), oldest first."
  statements: [Statement!]!
  "The articles behind what the graph says about this entity: those that mention it and those cited by any of its relationships."
  sources: [Source!]!`;

/** Extra fields a concrete entity type has beyond its properties, for following the graph from it. */
const TYPE_SPECIFIC_FIELDS: Readonly<Record<string, string>> = {
  Statement: `
  "Who made the statement (people or organizations linked by SAID)."
  saidBy: [Entity!]!
  "What the statement is about (entities linked by ABOUT)."
  about: [Entity!]!
  "The outlets the statement was given to or broadcast by (REPORTED_BY)."
  reportedBy: [Organization!]!
  "The articles that report the statement (REPORTED_IN)."
  reportedIn: [Source!]!`,
};

export function entityTypeSdl(spec: EntityTypeSpec): string {
  const typed = spec.properties
    .filter((p) => !ENTITY_BASE_FIELD_NAMES.has(p.name))
    .map((p) => `${describe(propertyDescription(p), "  ")}\n  ${p.name}: ${PROPERTY_SCALARS[p.kind]}`)
    .join("\n");
  return `${describe(spec.description)}
type ${spec.name} implements Entity {${ENTITY_COMMON_FIELDS}
${typed}${TYPE_SPECIFIC_FIELDS[spec.name] ?? ""}
}`;
}

/** The relationship properties beyond the base ones, merged across types; each says which types carry it. */
export function relationshipTypedProperties(): { spec: PropertySpec; types: string[] }[] {
  const byName = new Map<string, { spec: PropertySpec; types: string[] }>();
  for (const t of RELATIONSHIP_TYPES) {
    for (const p of t.properties) {
      if (RELATIONSHIP_BASE_FIELD_NAMES.has(p.name)) continue;
      const entry = byName.get(p.name) ?? { spec: p, types: [] };
      entry.types.push(t.name);
      byName.set(p.name, entry);
    }
  }
  return [...byName.values()];
}

export function relationshipSdl(): string {
  const base = relationshipGeneratedBaseProperties()
    .map((spec) => `${describe(propertyDescription(spec), "  ")}\n  ${spec.name}: ${PROPERTY_SCALARS[spec.kind]}`)
    .join("\n");
  const typed = relationshipTypedProperties()
    .map(({ spec, types }) => `${describe(`${propertyDescription(spec)} (On ${types.join(", ")}.)`, "  ")}\n  ${spec.name}: ${PROPERTY_SCALARS[spec.kind]}`)
    .join("\n");
  return `"""
A relationship between two entities, as stated by its sources: who or what it connects, in which
direction, when it held (where known), and the evidence for it.
"""
type Relationship {
  "Stable identifier of the relationship, e.g. \`jensen-huang-leads-nvidia\`."
  id: ID!
  "What kind of relationship this is."
  type: RelationshipType!
  "The entity the relationship starts from."
  from: Entity!
  "The entity the relationship points to."
  to: Entity!
  "Id of the entity the relationship starts from (no lookup needed)."
  fromId: ID!
  "Id of the entity the relationship points to (no lookup needed)."
  toId: ID!
  "What the sources say about this relationship, in kgx's own words."
  claim: String
  "First day the relationship held, where known."
  validFrom: Date
  "Last day the relationship held, where known."
  validTo: Date
  "The Source entities (articles) that support this relationship."
  sources: [Source!]!
  "The evidence: the claim and the articles it rests on (title, publisher, URL, publication date), each with where in it the evidence stands."
  evidence: Evidence!
  "Every stored property of this relationship as one JSON object (sources as ids, claim, validFrom, validTo and the typed properties)."
  properties: JSON!
${base}
${typed}
}`;
}

function enumSdl(name: string, description: string, values: readonly { name: string; description: string }[]): string {
  return `${describe(description)}
enum ${name} {
${values.map((v) => `${describe(v.description, "  ")}\n  ${v.name}`).join("\n")}
}`;
}

/** The closed sets of the model as enums: what type filters, type fields and type inputs take. */
export function modelEnumsSdl(): string {
  return [
    enumSdl(
      "EntityType",
      "The entity types of the domain model.",
      ENTITY_TYPES.map((t) => ({ name: t.name, description: t.description })),
    ),
    enumSdl(
      "RelationshipType",
      "The relationship types of the domain model.",
      RELATIONSHIP_TYPES.map((t) => ({ name: t.name, description: t.description })),
    ),
  ].join("\n\n");
}
