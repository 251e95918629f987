import { describe, expect, it } from "vitest";
import { coercePropertyText, isIsoDate, validateEntityRecord, validateRelationshipRecord, type EntityTypeName } from "./index.ts";

describe("validateEntityRecord", () => {
  it("accepts a well-formed entity", () => {
    expect(
      validateEntityRecord({ type: "Policy", id: "p1", properties: { name: "Rule", effectiveFrom: "2025-04-01", revenueSharePercent: 15 } }),
    ).toEqual([]);
  });

  it("names each bad field", () => {
    const problems = validateEntityRecord({
      type: "Policy",
      id: "Bad Id",
      properties: { name: "", effectiveFrom: "2025-13-01", revenueSharePercent: "15%", color: "red" },
    });
    expect(problems.map((p) => p.field).sort()).toEqual(["color", "effectiveFrom", "id", "name", "revenueSharePercent"]);
  });

  it("refuses an unknown type", () => {
    expect(validateEntityRecord({ type: "Spaceship", id: "s", properties: { name: "S" } })).toEqual([
      { field: "type", message: 'unknown entity type "Spaceship"' },
    ]);
  });
});

describe("validateRelationshipRecord", () => {
  const types: Record<string, EntityTypeName> = { ada: "Person", acme: "Organization", x: "Chip", src: "Source" };
  const typeOf = (id: string) => types[id];

  it("accepts an allowed endpoint pair with a source", () => {
    expect(validateRelationshipRecord({ type: "LEADS", id: "r", from: "ada", to: "acme", properties: { sources: ["src"], role: "CEO" } }, typeOf)).toEqual([]);
  });

  it("refuses endpoints the type does not allow, dangling ids and missing sources", () => {
    const wrongPair = validateRelationshipRecord({ type: "LEADS", id: "r", from: "x", to: "acme", properties: { sources: ["src"] } }, typeOf);
    expect(wrongPair).toEqual([{ field: "type", message: "LEADS cannot connect Chip to Organization" }]);
    const dangling = validateRelationshipRecord({ type: "LEADS", id: "r", from: "ada", to: "ghost", properties: { sources: [] } }, typeOf);
    expect(dangling.map((p) => p.field).sort()).toEqual(["sources", "to"]);
    const notASource = validateRelationshipRecord({ type: "LEADS", id: "r", from: "ada", to: "acme", properties: { sources: ["acme"] } }, typeOf);
    expect(notASource).toEqual([{ field: "sources", message: '"acme" is not a Source entity' }]);
  });
});

describe("text coercion and dates", () => {
  it("turns CSV text into typed values", () => {
    expect(coercePropertyText("float", "0.6")).toBe(0.6);
    expect(coercePropertyText("int", "1.5")).toBeUndefined();
    expect(coercePropertyText("string[]", "a| b |")).toEqual(["a", "b"]);
    expect(coercePropertyText("boolean", "yes")).toBeUndefined();
    expect(coercePropertyText("string", "")).toBeNull();
  });

  it("knows real calendar days", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-7-1")).toBe(false);
  });
});
