import { describe, expect, it } from "vitest";
import { checkReadOnlyCypher, splitCypherStatements } from "./cypher-text.ts";
import { GraphStoreError } from "./errors.ts";
import { cypherEscapeAttempts } from "../test/contract/escape-attempts.ts";

function refusal(statement: string): string | undefined {
  try {
    checkReadOnlyCypher(statement);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(GraphStoreError);
    return (error as GraphStoreError).code;
  }
}

describe("checkReadOnlyCypher", () => {
  it.each([
    "MATCH (n:Person) RETURN n.name",
    "MATCH (n) WHERE n.name = 'CREATE TABLE; DROP' RETURN n // CREATE in a comment",
    "MATCH (n:`CREATE`) RETURN n",
    "OPTIONAL MATCH (n)-[r]->(m) RETURN n, r.set, m.delete",
    "WITH 1 AS x RETURN x;",
    "CALL show_tables() RETURN *",
    "CALL db.labels()",
    "UNWIND $ids AS id MATCH (n {id: id}) RETURN n",
    "EXPLAIN MATCH (n) RETURN n",
  ])("lets a read through: %s", (statement) => {
    expect(refusal(statement)).toBeUndefined();
  });

  it.each([
    "CREATE (n:Person {id: 'x'})",
    "match (n) detach delete n",
    "MATCH (n) SET n.name = 'x' RETURN n",
    "MATCH (n) REMOVE n.name",
    "MERGE (n:Person {id: 'x'})",
    "MATCH (n) RETURN n; MATCH (m) DELETE m",
    "RETURN 1; RETURN 2",
    "COPY Person FROM '/tmp/x.csv'",
    "COPY (MATCH (n) RETURN n) TO '/tmp/out.csv'",
    "LOAD FROM '/etc/passwd' RETURN *",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "CALL TIMEOUT=600000 RETURN 1",
    "CALL apoc.load.json('file:///x')",
    "RETURN apoc.text.join(['a'], ',')",
    "ATTACH '/tmp/other.kuzu' AS other",
    "INSTALL json",
    "EXPORT DATABASE '/tmp/dump'",
    "BEGIN TRANSACTION",
    "MATCH (n) CALL { CREATE (m) } RETURN n",
    "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
  ])("refuses: %s", (statement) => {
    expect(refusal(statement)).toBe("CYPHER_WRITE_REFUSED");
  });

  it.each(cypherEscapeAttempts({ readableFile: "/etc/passwd", outsideDir: "/tmp/out" }))("refuses the escape attempt %s", (_label, statement) => {
    expect(refusal(statement)).toBe("CYPHER_WRITE_REFUSED");
  });

  it.each([
    ["a second statement after an empty one", "MATCH (n) RETURN n;; CREATE (m)"],
    ["a statement after whitespace", "RETURN 1 ;\n\t CREATE (m)"],
    ["lower case", "match (n) return n; create (m)"],
    ["a semicolon after a line comment", "RETURN 1 // ;\n; CREATE (m)"],
    ["an escaped double quote", 'RETURN "a\\"" ; CREATE (m)'],
    ["a doubled backtick", "MATCH (n:`A``B`) RETURN n; CREATE (m)"],
  ])("refuses a second statement hidden behind %s", (_what, statement) => {
    expect(refusal(statement)).toBe("CYPHER_WRITE_REFUSED");
  });

  it("reports an unterminated string as a syntax error with its position", () => {
    try {
      checkReadOnlyCypher("MATCH (n)\nRETURN 'oops");
      expect.unreachable();
    } catch (error) {
      expect((error as GraphStoreError).code).toBe("CYPHER_SYNTAX");
      expect((error as GraphStoreError).location).toEqual({ line: 2, column: 8 });
    }
  });

  it("refuses an empty statement", () => {
    expect(refusal("  // nothing\n")).toBe("INVALID_INPUT");
  });
});

describe("splitCypherStatements", () => {
  it("splits on semicolons outside strings and comments, with start lines", () => {
    const script = "// header\nMERGE (n:Person {id: 'a;b'}) SET n.name = 'x';\n\n/* ; */ MERGE (m:Person {id: \"c\"});\nRETURN 1";
    expect(splitCypherStatements(script, "f.cypher")).toEqual([
      { text: "MERGE (n:Person {id: 'a;b'}) SET n.name = 'x'", line: 2, file: "f.cypher" },
      { text: 'MERGE (m:Person {id: "c"})', line: 4, file: "f.cypher" },
      { text: "RETURN 1", line: 5, file: "f.cypher" },
    ]);
  });

  it("keeps escaped quotes inside strings", () => {
    expect(splitCypherStatements("RETURN 'it\\'s; fine'; RETURN 2").map((s) => s.text)).toEqual(["RETURN 'it\\'s; fine'", "RETURN 2"]);
  });
});
