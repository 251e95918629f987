import {
  ENTITY_BASE_PROPERTIES,
  ENTITY_TYPES,
  RELATIONSHIP_BASE_PROPERTIES,
  RELATIONSHIP_TYPES,
  type EntityTypeName,
  type EntityTypeSpec,
  type PropertySpec,
  type RelationshipTypeName,
  type RelationshipTypeSpec,
} from "./model.ts";

const entityTypesByName = new Map<string, EntityTypeSpec>(ENTITY_TYPES.map((t) => [t.name, t]));
const relationshipTypesByName = new Map<string, RelationshipTypeSpec>(RELATIONSHIP_TYPES.map((t) => [t.name, t]));

export function isEntityTypeName(name: string): name is EntityTypeName {
  return entityTypesByName.has(name);
}

export function isRelationshipTypeName(name: string): name is RelationshipTypeName {
  return relationshipTypesByName.has(name);
}

export function entityTypeSpec(name: EntityTypeName): EntityTypeSpec {
  const spec = entityTypesByName.get(name);
  if (!spec) throw new Error(`Unknown entity type ${name}`);
  return spec;
}

export function relationshipTypeSpec(name: RelationshipTypeName): RelationshipTypeSpec {
  const spec = relationshipTypesByName.get(name);
  if (!spec) throw new Error(`Unknown relationship type ${name}`);
  return spec;
}

/** Every property an entity of this type may have, base properties first. */
export function entityProperties(name: EntityTypeName): readonly PropertySpec[] {
  return [...ENTITY_BASE_PROPERTIES, ...entityTypeSpec(name).properties];
}

/** Every property a relationship of this type may have, base properties first. */
export function relationshipProperties(name: RelationshipTypeName): readonly PropertySpec[] {
  return [...RELATIONSHIP_BASE_PROPERTIES, ...relationshipTypeSpec(name).properties];
}

/** The union of all property names used by any entity type, with their kinds (names never change kind across types). */
export function allEntityPropertyKinds(): ReadonlyMap<string, PropertySpec> {
  const out = new Map<string, PropertySpec>();
  for (const t of ENTITY_TYPES) for (const p of entityProperties(t.name)) if (!out.has(p.name)) out.set(p.name, p);
  return out;
}

/** The union of all property names used by any relationship type, with their kinds. */
export function allRelationshipPropertyKinds(): ReadonlyMap<string, PropertySpec> {
  const out = new Map<string, PropertySpec>();
  for (const t of RELATIONSHIP_TYPES) for (const p of relationshipProperties(t.name)) if (!out.has(p.name)) out.set(p.name, p);
  return out;
}

export function isAllowedEndpoint(type: RelationshipTypeName, from: EntityTypeName, to: EntityTypeName): boolean {
  return relationshipTypeSpec(type).endpoints.some(([f, t]) => f === from && t === to);
}
