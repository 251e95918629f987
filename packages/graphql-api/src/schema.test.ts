import { ENTITY_TYPES, ENTITY_TYPE_NAMES, RELATIONSHIP_TYPES, entityProperties, relationshipProperties } from "@kgx/domain";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { LIST_LIMITS, rangeText, type ArgumentBounds } from "./arguments.ts";
import { PROPERTY_SCALARS } from "./sdl-model.ts";
import { createSchema } from "./server.ts";

const schema = createSchema();

function ownTypes(): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith("__") && !isSpecifiedScalarType(t));
}

describe("the schema's documentation", () => {
  it("describes every type, field, argument, input field and enum value", () => {
    const undocumented: string[] = [];
    const check = (where: string, description: string | null | undefined) => {
      if (!description || description.trim().length < 3) undocumented.push(where);
    };
    for (const type of ownTypes()) {
      check(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          check(`${type.name}.${field.name}`, field.description);
          for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      }
      if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
      if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
    expect(undocumented).toEqual([]);
  });
});

describe("the schema derived from the domain model", () => {
  it("has a concrete Entity type per entity type, with every property as a typed field", () => {
    const entity = schema.getType("Entity");
    expect(isInterfaceType(entity)).toBe(true);
    const missing: string[] = [];
    for (const spec of ENTITY_TYPES) {
      const type = schema.getType(spec.name);
      if (!isObjectType(type)) {
        missing.push(spec.name);
        continue;
      }
      expect(type.getInterfaces().map((i) => i.name)).toEqual(["Entity"]);
      for (const p of entityProperties(spec.name)) {
        const field = type.getFields()[p.name];
        if (!field) {
          missing.push(`${spec.name}.${p.name}`);
          continue;
        }
        const expected = PROPERTY_SCALARS[p.kind].replace(/[[\]!]/g, "");
        expect(`${spec.name}.${p.name}: ${getNamedType(field.type).name}`).toBe(`${spec.name}.${p.name}: ${p.name === "id" ? "ID" : expected}`);
        if (p.kind === "string[]") expect(isListType(getNullableType(field.type))).toBe(true);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names every entity and relationship type in enums, and every relationship property on Relationship", () => {
    const entityType = schema.getType("EntityType");
    const relationshipType = schema.getType("RelationshipType");
    if (!isEnumType(entityType) || !isEnumType(relationshipType)) throw new Error("enums missing");
    expect(entityType.getValues().map((v) => v.name)).toEqual([...ENTITY_TYPE_NAMES]);
    expect(relationshipType.getValues().map((v) => v.name)).toEqual(RELATIONSHIP_TYPES.map((t) => t.name));
    const relationship = schema.getType("Relationship");
    if (!isObjectType(relationship)) throw new Error("Relationship missing");
    const fields = relationship.getFields();
    const missing = RELATIONSHIP_TYPES.flatMap((t) => relationshipProperties(t.name).map((p) => p.name)).filter((name) => !fields[name]);
    expect(missing).toEqual([]);
  });

  it("keeps the query names and arguments other parts of the product rely on", () => {
    const query = schema.getQueryType();
    if (!query) throw new Error("no Query");
    const signature = (name: string) => {
      const field = query.getFields()[name];
      return field
        ? `${name}(${field.args.map((a) => `${a.name}: ${a.type.toString()}${a.defaultValue !== undefined ? ` = ${String(a.defaultValue)}` : ""}`).join(", ")}): ${field.type.toString()}`
        : `${name} missing`;
    };
    expect(signature("search")).toBe("search(query: String!, types: [EntityType!], first: Int = 10): [Entity!]!");
    expect(signature("entity")).toBe("entity(id: ID!): Entity");
    expect(signature("entities")).toBe("entities(type: EntityType, first: Int = 50, after: String): EntityConnection!");
    expect(signature("neighborhood")).toBe(
      "neighborhood(id: ID!, depth: Int = 1, types: [RelationshipType!], limit: Int = 100, direction: Direction = BOTH): Subgraph!",
    );
    expect(signature("shortestPath")).toBe(
      "shortestPath(from: ID!, to: ID!, maxHops: Int = 6, types: [RelationshipType!], excludeTypes: [RelationshipType!]): Subgraph",
    );
    expect(signature("shortestPaths")).toBe(
      "shortestPaths(from: ID!, to: ID!, k: Int = 3, maxHops: Int = 6, types: [RelationshipType!], excludeTypes: [RelationshipType!], excludeEntityTypes: [EntityType!]): [Subgraph!]!",
    );
    expect(signature("searchMatches")).toBe("searchMatches(query: String!, types: [EntityType!], first: Int = 10, similar: Boolean = true): [SearchMatch!]!");
    expect(signature("timeline")).toBe("timeline(from: Date, to: Date, types: [EntityType!]): [TimelineEntry!]!");
    expect(signature("graphSchema")).toBe("graphSchema(): GraphSchema!");
    expect(signature("cypher")).toBe("cypher(statement: String!, params: JSON, limit: Int = 1000): CypherResult");
    expect(signature("notebooks")).toBe("notebooks(): [NotebookSummary!]!");
    expect(signature("notebook")).toBe("notebook(id: ID!): Notebook");
    expect(signature("analyzeArticle")).toBe("analyzeArticle(input: ArticleInput!): ArticleAnalysis!");
    const mutationSignature = (name: string) => {
      const field = schema.getMutationType()?.getFields()[name];
      return field ? `${name}(${field.args.map((a) => `${a.name}: ${String(a.type)}`).join(", ")}): ${String(field.type)}` : "missing";
    };
    expect(mutationSignature("commitArticle")).toBe("commitArticle(input: ArticleCommitInput!): ArticleCommitResult!");
    expect(mutationSignature("removeArticle")).toBe("removeArticle(sourceId: ID!): ArticleRemoval!");
    const mutation = schema.getMutationType();
    expect(Object.keys(mutation?.getFields() ?? {})).toEqual([
      "upsertEntity",
      "upsertRelationship",
      "deleteRelationship",
      "createNotebook",
      "importNotebook",
      "saveNotebook",
      "renameNotebook",
      "duplicateNotebook",
      "deleteNotebook",
      "commitArticle",
      "removeArticle",
    ]);
  });

  it("takes the model's enums wherever an argument or input names entity or relationship types", () => {
    const loose: string[] = [];
    const check = (where: string, name: string, typeName: string) => {
      if (/^(types|type|excludeTypes|excludeEntityTypes|proposedType)$/.test(name) && !["EntityType", "RelationshipType"].includes(typeName))
        loose.push(`${where}: ${typeName}`);
    };
    for (const type of ownTypes()) {
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields()))
          for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.name, getNamedType(arg.type).name);
      }
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name, getNamedType(field.type).name);
    }
    expect(loose).toEqual([]);
  });

  it("states each bounded argument's default and range as the resolvers enforce them", () => {
    const bounded: [string, string, ArgumentBounds][] = [
      ["Query.search", "first", LIST_LIMITS.searchFirst],
      ["Query.searchMatches", "first", LIST_LIMITS.searchFirst],
      ["Query.entities", "first", LIST_LIMITS.entitiesFirst],
      ["Query.neighborhood", "depth", LIST_LIMITS.neighborhoodDepth],
      ["Query.neighborhood", "limit", LIST_LIMITS.neighborhoodLimit],
      ["Query.shortestPath", "maxHops", LIST_LIMITS.maxHops],
      ["Query.shortestPaths", "maxHops", LIST_LIMITS.maxHops],
      ["Query.shortestPaths", "k", LIST_LIMITS.pathCount],
      ["Person.relationships", "first", LIST_LIMITS.relationshipsFirst],
    ];
    for (const [where, name, bounds] of bounded) {
      const [typeName = "", fieldName = ""] = where.split(".");
      const type = schema.getType(typeName);
      const arg = isObjectType(type) ? type.getFields()[fieldName]?.args.find((a) => a.name === name) : undefined;
      expect(`${where}(${name}) = ${String(arg?.defaultValue)}: ${arg?.description?.includes(rangeText(bounds))}`).toBe(
        `${where}(${name}) = ${bounds.fallback}: true`,
      );
    }
  });

  it("uses only its own two scalars beside GraphQL's", () => {
    expect(
      ownTypes()
        .filter(isScalarType)
        .map((t) => t.name)
        .sort(),
    ).toEqual(["Date", "JSON"]);
  });
});
