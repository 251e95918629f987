import { describe, expect, it } from "vitest";
import {
  allEntityPropertyKinds,
  allRelationshipPropertyKinds,
  ENTITY_TYPES,
  ENTITY_TYPE_NAMES,
  entityProperties,
  kuzuSchemaStatements,
  neo4jSchemaStatements,
  RELATIONSHIP_TYPES,
  RELATIONSHIP_TYPE_NAMES,
} from "./index.ts";

describe("the domain model", () => {
  it("declares every named entity and relationship type exactly once", () => {
    expect(ENTITY_TYPES.map((t) => t.name)).toEqual([...ENTITY_TYPE_NAMES]);
    expect(RELATIONSHIP_TYPES.map((t) => t.name)).toEqual([...RELATIONSHIP_TYPE_NAMES]);
  });

  it("gives each property name one kind across all types, so a column means the same everywhere", () => {
    for (const [kinds, all] of [
      [allEntityPropertyKinds(), ENTITY_TYPES.flatMap((t) => entityProperties(t.name))],
      [allRelationshipPropertyKinds(), RELATIONSHIP_TYPES.flatMap((t) => t.properties)],
    ] as const) {
      for (const p of all) expect(`${p.name}:${kinds.get(p.name)?.kind}`).toBe(`${p.name}:${p.kind}`);
    }
  });

  it("points time properties at date properties of the same type", () => {
    for (const t of ENTITY_TYPES) {
      if (!t.timeProperties) continue;
      const props = new Map(entityProperties(t.name).map((p) => [p.name, p.kind]));
      expect(props.get(t.timeProperties.from)).toBe("date");
      if (t.timeProperties.to) expect(props.get(t.timeProperties.to)).toBe("date");
    }
  });

  it("gives every entity type a distinct legend colour", () => {
    const colours = ENTITY_TYPES.map((t) => t.style.color);
    expect(new Set(colours).size).toBe(colours.length);
  });
});

describe("schema derived from the model", () => {
  it("has one Kùzu table per entity and relationship type", () => {
    const ddl = kuzuSchemaStatements();
    expect(ddl).toHaveLength(ENTITY_TYPES.length + RELATIONSHIP_TYPES.length);
    expect(ddl[0]).toBe("CREATE NODE TABLE IF NOT EXISTS Person(id STRING PRIMARY KEY, name STRING, nameJa STRING, aliases STRING[], description STRING)");
    expect(ddl.find((s) => s.includes(" LEADS("))).toBe(
      "CREATE REL TABLE IF NOT EXISTS LEADS(FROM Person TO Organization, id STRING, sources STRING[], locators STRING[], quotes STRING[], sourceClaims STRING[], claim STRING, validFrom DATE, validFromPrecision STRING, validTo DATE, validToPrecision STRING, role STRING)",
    );
  });

  it("has a uniqueness constraint on id for every entity type in Neo4j", () => {
    const statements = neo4jSchemaStatements();
    for (const t of ENTITY_TYPES) {
      expect(statements).toContain(`CREATE CONSTRAINT ${t.name.toLowerCase()}_id IF NOT EXISTS FOR (n:${t.name}) REQUIRE n.id IS UNIQUE`);
    }
  });
});
