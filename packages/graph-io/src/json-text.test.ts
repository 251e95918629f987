import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseJsonWithPositions } from "./json-text.ts";

function syntaxError(text: string): { message: string; line: number; column: number } {
  try {
    parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { message: error.message, line: error.line, column: error.column };
    throw error;
  }
  throw new Error("expected a syntax error");
}

describe("parseJsonWithPositions", () => {
  it("parses what JSON.parse parses, to the same values", () => {
    const text = `{"a": [1, -2.5e3, 0, true, false, null], "b": {"c": "\\u65e5\\u672c \\ud83d\\ude00 \\"q\\" \\\\ \\/ \\n\\t"}, "d": "日本語"}`;
    expect(JSON.parse(JSON.stringify(parseJsonWithPositions(text).value))).toEqual(JSON.parse(text));
  });

  it("knows where each object, key and element starts, across LF, CRLF and CR line breaks", () => {
    const doc = parseJsonWithPositions(`{\r\n  "list": [\n    {"id": "a"},\r    {\n      "id": "b"}]}`);
    const root = doc.value as { list: object[] };
    const [first, second] = root.list as [object, object];
    expect(doc.positionOf(root)).toEqual({ line: 1, column: 1 });
    expect(doc.keyPositionOf(root, "list")).toEqual({ line: 2, column: 3 });
    expect(doc.elementPositionOf(root.list, 0)).toEqual({ line: 3, column: 5 });
    expect(doc.positionOf(first)).toEqual({ line: 3, column: 5 });
    expect(doc.positionOf(second)).toEqual({ line: 4, column: 5 });
    expect(doc.keyPositionOf(second, "id")).toEqual({ line: 5, column: 7 });
  });

  it("numbers lines from the line it is told the text starts on", () => {
    const doc = parseJsonWithPositions(`{"id": 1}`, { firstLine: 42 });
    expect(doc.positionOf(doc.value as object)).toEqual({ line: 42, column: 1 });
  });

  it("keeps a __proto__ key as data", () => {
    const value = parseJsonWithPositions(`{"__proto__": {"polluted": true}}`).value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it.each([
    [`{"a": 1,\n "a": 2}`, { line: 2, column: 2, message: `duplicate key "a" (first at line 1)` }],
    [`[1, 2,]`, { line: 1, column: 7, message: `unexpected "]", expected a value (JSON allows no comma before ])` }],
    [`{"a": 01}`, { line: 1, column: 7, message: "invalid number (JSON numbers cannot start with 0)" }],
    [`{"a": 1.}`, { line: 1, column: 7, message: "invalid number" }],
    [`{"a": "x\\qy"}`, { line: 1, column: 9, message: `invalid escape "\\q" in a string` }],
    [`{"a": "\\u12"}`, { line: 1, column: 8, message: `invalid escape "\\u12"}" (expected four hex digits)` }],
    [`{"a": "tab\there"}`, { line: 1, column: 11, message: "control character U+0009 inside a string (write it as \\u0009)" }],
    [`{'a': 1}`, { line: 1, column: 2, message: `unexpected "'", expected a property name in double quotes` }],
    [`{"a": yes}`, { line: 1, column: 7, message: `unexpected "yes", expected a value (strings need double quotes)` }],
    [`{"a": 1} {"b": 2}`, { line: 1, column: 10, message: `unexpected "{" after the end of the JSON value` }],
    [`{"a": [1, 2}`, { line: 1, column: 12, message: `unexpected "}", expected "," or "]"` }],
    [`{"a":\n`, { line: 2, column: 1, message: "unexpected end of file, expected a value" }],
  ])("reports %j at its line and column", (text, expected) => {
    expect(syntaxError(text)).toEqual(expected);
  });

  it("refuses nesting deep enough to exhaust the stack", () => {
    expect(syntaxError("[".repeat(100_000)).message).toBe("nested more than 64 levels deep");
  });
});
