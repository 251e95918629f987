import { describe, expect, it } from "vitest";
import { kuzuSpelling, neo4jHabitHint } from "../src/embedded/neo4j-habits.ts";

describe("Neo4j habits on the embedded store", () => {
  it("respells type(x) as label(x), leaving properties, labels, names and strings alone", () => {
    expect(kuzuSpelling("MATCH ()-[r]->() RETURN type(r), TYPE (r) AS t")).toBe("MATCH ()-[r]->() RETURN label(r), label (r) AS t");
    expect(kuzuSpelling("MATCH (n:Event) WHERE n.type = 'type(x)' RETURN n.type AS type")).toBe(
      "MATCH (n:Event) WHERE n.type = 'type(x)' RETURN n.type AS type",
    );
  });

  it("answers db.labels() and db.relationshipTypes() from the graph, with or without YIELD and RETURN of their column", () => {
    expect(kuzuSpelling("CALL db.labels()")).toMatch(/^MATCH \(n\) RETURN DISTINCT label\(n\) AS label/);
    expect(kuzuSpelling("call DB.relationshipTypes() YIELD relationshipType RETURN relationshipType;")).toMatch(/AS relationshipType ORDER BY/);
    // Anything more than that is left to Kùzu, which refuses it with a hint (below).
    expect(kuzuSpelling("CALL db.labels() YIELD label WHERE label STARTS WITH 'P' RETURN label")).toMatch(/^CALL db\.labels/);
  });

  it.each([
    ["CALL db.schema.visualization()", /show_tables\(\).*table_info.*graphSchema/],
    ["CALL apoc.meta.graph()", /APOC is a Neo4j plugin/],
    ["MATCH p = shortestPath((a)-[*..4]-(b)) RETURN p", /-\[\* SHORTEST 1\.\.6\]-/],
    ["MATCH p = allShortestPaths((a)-[*]-(b)) RETURN p", /\* ALL SHORTEST/],
    ["MATCH (n:Person) RETURN n {.name, .id}", /no map projections \(n \{\.name\}\)/],
    ["MATCH (n) WHERE exists(n.name) RETURN n", /IS NOT NULL/],
    ["MATCH (n) RETURN size((n)--()) AS degree", /COUNT \{ MATCH/],
  ])("names the Kùzu spelling for %s", (statement, hint) => {
    expect(neo4jHabitHint(statement)).toMatch(hint);
  });

  it("has nothing to say about plain Cypher", () => {
    expect(neo4jHabitHint("MATCH (n:Person {id: 'ada'})-[r]->(m) RETURN n.name, size(n.aliases)")).toBeUndefined();
  });
});
