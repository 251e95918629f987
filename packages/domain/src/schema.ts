import { entityProperties, relationshipProperties } from "./lookup.ts";
import { ENTITY_TYPES, RELATIONSHIP_TYPES, type PropertyKind } from "./model.ts";

const KUZU_COLUMN_TYPES: Record<PropertyKind, string> = {
  string: "STRING",
  "string[]": "STRING[]",
  int: "INT64",
  float: "DOUBLE",
  date: "DATE",
  boolean: "BOOLEAN",
};

/**
 * Kùzu needs every node and relationship table declared with its columns. One node table per
 * entity type (Kùzu allows one label per node), keyed by the entity's own id; one relationship
 * table per relationship type listing every allowed (FROM, TO) pair.
 */
export function kuzuSchemaStatements(): string[] {
  const nodeTables = ENTITY_TYPES.map((t) => {
    const columns = entityProperties(t.name).map((p) => (p.name === "id" ? "id STRING PRIMARY KEY" : `${p.name} ${KUZU_COLUMN_TYPES[p.kind]}`));
    return `CREATE NODE TABLE IF NOT EXISTS ${t.name}(${columns.join(", ")})`;
  });
  const relTables = RELATIONSHIP_TYPES.map((t) => {
    const ends = t.endpoints.map(([from, to]) => `FROM ${from} TO ${to}`);
    const columns = relationshipProperties(t.name).map((p) => `${p.name} ${KUZU_COLUMN_TYPES[p.kind]}`);
    return `CREATE REL TABLE IF NOT EXISTS ${t.name}(${[...ends, ...columns].join(", ")})`;
  });
  return [...nodeTables, ...relTables];
}

/** A column of a Kùzu table as the model declares it. */
export interface KuzuColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * The columns each Kùzu table should have besides its primary key, table by table: what a store
 * created by an older model compares with its own tables, adding the ones it lacks
 * (`ALTER TABLE … ADD`), so a data directory keeps working after the model gains a property.
 */
export function kuzuTableColumns(): ReadonlyMap<string, readonly KuzuColumn[]> {
  const out = new Map<string, KuzuColumn[]>();
  for (const t of ENTITY_TYPES) {
    out.set(
      t.name,
      entityProperties(t.name)
        .filter((p) => p.name !== "id")
        .map((p) => ({ name: p.name, type: KUZU_COLUMN_TYPES[p.kind] })),
    );
  }
  for (const t of RELATIONSHIP_TYPES) {
    out.set(
      t.name,
      relationshipProperties(t.name).map((p) => ({ name: p.name, type: KUZU_COLUMN_TYPES[p.kind] })),
    );
  }
  return out;
}

/**
 * A node property the Neo4j store keeps for search and nothing else: the lower-cased names and
 * aliases of the entity, joined. It is not part of the model, and the store never shows it.
 */
export const NEO4J_SEARCH_KEY = "_searchKey";

/**
 * Neo4j is schema-optional, so the model becomes constraints and indexes: a uniqueness constraint
 * on `id` per entity type and on the shared `Entity` label (ids are unique across types, and
 * lookups by id alone use that index), name indexes, an index on relationship ids, and a text
 * index on the search key (see NEO4J_SEARCH_KEY).
 */
export function neo4jSchemaStatements(): string[] {
  const out = ["CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE"];
  for (const t of ENTITY_TYPES) {
    const slug = t.name.toLowerCase();
    out.push(`CREATE CONSTRAINT ${slug}_id IF NOT EXISTS FOR (n:${t.name}) REQUIRE n.id IS UNIQUE`);
    out.push(`CREATE INDEX ${slug}_name IF NOT EXISTS FOR (n:${t.name}) ON (n.name)`);
  }
  for (const t of RELATIONSHIP_TYPES) {
    out.push(`CREATE INDEX rel_${t.name.toLowerCase()}_id IF NOT EXISTS FOR ()-[r:${t.name}]-() ON (r.id)`);
  }
  // Search looks for a fragment anywhere in a name or alias; a text index answers CONTAINS.
  out.push(`CREATE TEXT INDEX entity_search_key IF NOT EXISTS FOR (n:Entity) ON (n.${NEO4J_SEARCH_KEY})`);
  return out;
}

/** The text of a schema file under cypher/schema/: a header, then one statement per line. */
export function renderSchemaFile(backend: "kuzu" | "neo4j"): string {
  const statements = backend === "kuzu" ? kuzuSchemaStatements() : neo4jSchemaStatements();
  const header = [
    `// kgx schema for ${backend === "kuzu" ? "Kùzu (embedded)" : "Neo4j 5"}.`,
    "// Generated from packages/domain/src/model.ts by `npx kgx schema --write`; a test fails when this file drifts.",
  ];
  return `${[...header, ...statements.map((s) => `${s};`)].join("\n")}\n`;
}
