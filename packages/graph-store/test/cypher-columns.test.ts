import { describe, expect, it } from "vitest";
import { returnColumnNames } from "../src/cypher-columns.ts";

describe("the column names of a statement, as Neo4j gives them", () => {
  it.each([
    ["MATCH (n) RETURN n", ["n"]],
    ["MATCH (n:Person) RETURN labels(n), count(*)", ["labels(n)", "count(*)"]],
    ["MATCH (n) RETURN DISTINCT n.name AS name, toUpper(n.name) ORDER BY name LIMIT 5", ["name", "toUpper(n.name)"]],
    ["MATCH (n) RETURN n.name AS `the name`, [x IN n.aliases | x] SKIP 1", ["the name", "[x IN n.aliases | x]"]],
    ["MATCH (n) WITH n, count(*) AS c RETURN n.id, c", ["n.id", "c"]],
    ["MATCH (n) RETURN n.return AS start", ["start"]],
    ["RETURN 1 AS a UNION RETURN 2 AS a", ["a"]],
    ["MATCH (n) RETURN { id: n.id, n: n.name } AS m, count( * ) ;", ["m", "count( * )"]],
    ["MATCH (n) RETURN CASE WHEN n.name = 'x' THEN 1 ELSE 0 END", ["CASE WHEN n.name = 'x' THEN 1 ELSE 0 END"]],
  ])("%s → %j", (statement, names) => {
    expect(returnColumnNames(statement)).toEqual(names);
  });

  it("cannot tell the columns of RETURN * or of a statement without RETURN", () => {
    expect(returnColumnNames("MATCH (n) RETURN *")).toBeUndefined();
    expect(returnColumnNames("CALL show_tables() YIELD name")).toBeUndefined();
  });
});
