import { describe, expect, it } from "vitest";
import { StringStream } from "@codemirror/language";
import { cypherCompletions, cypherToken, startCypherState, type GraphSchemaInfo } from "./cypher-language.ts";

const schema: GraphSchemaInfo = {
  entityTypes: [
    { name: "Person", count: 7, properties: ["id", "name", "nameJa"] },
    { name: "Chip", count: 4, properties: ["id", "name", "processNode"] },
  ],
  relationshipTypes: [{ name: "SAID", count: 15, properties: ["id", "claim", "sources"] }],
};

const labels = (text: string, explicit = false) => cypherCompletions(text, text.length, schema, explicit)?.options.map((o) => o.label);

describe("Cypher completion from the graph's schema", () => {
  it("offers entity types in a node pattern and relationship types in a relationship pattern", () => {
    expect(labels("MATCH (p:")).toEqual(["Person", "Chip"]);
    expect(labels("MATCH (:Pe")).toEqual(["Person", "Chip"]);
    expect(labels("MATCH (p)-[r:")).toEqual(["SAID"]);
    expect(labels("MATCH (p)-[:SAID|")).toEqual(["SAID"]);
    expect(cypherCompletions("MATCH (:Pe", 10, schema)?.from).toBe(8);
  });

  it("offers the properties of the variable's type, or every property when the type is not known", () => {
    expect(labels("MATCH (c:Chip) RETURN c.")).toEqual(["id", "name", "processNode"]);
    expect(labels("MATCH (p)-[r:SAID]->(s) RETURN r.cl")).toEqual(["id", "claim", "sources"]);
    expect(labels("MATCH (x) RETURN x.")).toEqual(["claim", "id", "name", "nameJa", "processNode", "sources"]);
  });

  it("offers keywords while a word is typed, and nothing on an empty spot unless asked", () => {
    expect(labels("MAT")).toContain("MATCH");
    expect(labels("MATCH (n) ")).toBeUndefined();
    expect(labels("MATCH (n) ", true)).toContain("RETURN");
  });
});

describe("Cypher highlighting", () => {
  const tokens = (line: string) => {
    const state = startCypherState();
    const stream = new StringStream(line, 2, 2);
    const out: [string, string | null][] = [];
    while (!stream.eol()) {
      const style = cypherToken(stream, state);
      if (stream.current().trim() !== "") out.push([stream.current(), style]);
      stream.start = stream.pos;
    }
    return out;
  };

  it("marks labels and relationship types as types, and map keys' values and properties as not", () => {
    expect(tokens("MATCH (p:Person)-[:SAID|ABOUT]->(s {date: d.x})")).toEqual([
      ["MATCH", "keyword"],
      ["(", "punctuation"],
      ["p", "variableName"],
      [":", "punctuation"],
      ["Person", "typeName"],
      [")", "punctuation"],
      ["-", "operator"],
      ["[", "punctuation"],
      [":", "punctuation"],
      ["SAID", "typeName"],
      ["|", "operator"],
      ["ABOUT", "typeName"],
      ["]", "punctuation"],
      ["-", "operator"],
      [">", "operator"],
      ["(", "punctuation"],
      ["s", "variableName"],
      ["{", "punctuation"],
      ["date", "variableName"],
      [":", "punctuation"],
      ["d", "variableName"],
      [".", "punctuation"],
      ["x", "propertyName"],
      ["}", "punctuation"],
      [")", "punctuation"],
    ]);
  });

  it("marks strings, parameters, numbers and comments", () => {
    expect(tokens("RETURN 'a:b', $id, 1.5 // note")).toEqual([
      ["RETURN", "keyword"],
      ["'a:b'", "string"],
      [",", "punctuation"],
      ["$id", "variableName.special"],
      [",", "punctuation"],
      ["1.5", "number"],
      ["// note", "comment"],
    ]);
  });
});
