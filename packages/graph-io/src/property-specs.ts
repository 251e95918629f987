import { entityProperties, relationshipProperties, type EntityTypeName, type PropertySpec, type RelationshipTypeName } from "@kgx/domain";

/**
 * The model's property lists, looked up once per type: the domain builds a new list on every
 * call, and imports and exports ask once per record.
 */
export interface PropertySpecs {
  readonly list: readonly PropertySpec[];
  readonly byName: ReadonlyMap<string, PropertySpec>;
}

const entitySpecs = new Map<EntityTypeName, PropertySpecs>();
const relationshipSpecs = new Map<RelationshipTypeName, PropertySpecs>();

export function entityPropertySpecs(type: EntityTypeName): PropertySpecs {
  let specs = entitySpecs.get(type);
  if (!specs) {
    specs = specsOf(entityProperties(type));
    entitySpecs.set(type, specs);
  }
  return specs;
}

export function relationshipPropertySpecs(type: RelationshipTypeName): PropertySpecs {
  let specs = relationshipSpecs.get(type);
  if (!specs) {
    specs = specsOf(relationshipProperties(type));
    relationshipSpecs.set(type, specs);
  }
  return specs;
}

function specsOf(list: readonly PropertySpec[]): PropertySpecs {
  return { list, byName: new Map(list.map((spec) => [spec.name, spec])) };
}
