import { describe, expect, it } from "vitest";
import { coercePropertyText, isIsoDate, validateEntityRecord, validateRelationshipRecord, type EntityTypeName } from "./index.ts";

describe("validateEntityRecord", () => {
  it("accepts a well-formed entity", () => {
    expect(validateEntityRecord({ type: "Policy", id: "p1", properties: { name: "Rule", effectiveFrom: "2025-04-01", revenueSharePercent: 15 } })).toEqual([]);
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

describe("evidence locators", () => {
  const types: Record<string, EntityTypeName> = { ada: "Person", acme: "Organization", a: "Source", b: "Source" };
  const typeOf = (id: string) => types[id];
  const leads = (properties: Record<string, unknown>) => validateRelationshipRecord({ type: "LEADS", id: "r", from: "ada", to: "acme", properties }, typeOf);

  it("accepts one locator per source, in paragraph form", () => {
    expect(leads({ sources: ["a", "b"], locators: ["¶3", "¶2–3, ¶5"] })).toEqual([]);
    expect(leads({ sources: ["a"] })).toEqual([]);
  });

  it("refuses a locator list whose length differs from the sources, naming the field", () => {
    expect(leads({ sources: ["a", "b"], locators: ["¶3"] })).toEqual([
      { field: "locators", message: "needs one locator per source: 1 locators for 2 sources" },
    ]);
    expect(leads({ sources: ["a"], locators: ["¶1", "¶2"] }).map((p) => p.field)).toEqual(["locators"]);
  });

  it("refuses a locator that is not paragraph numbers, naming its position", () => {
    expect(leads({ sources: ["a", "b"], locators: ["¶3", "page 4"] }).map((p) => p.field)).toEqual(["locators[1]"]);
  });
});

describe("evidence quotes and per-source claims", () => {
  const types: Record<string, EntityTypeName> = { ada: "Person", acme: "Organization", a: "Source", b: "Source" };
  const leads = (properties: Record<string, unknown>) =>
    validateRelationshipRecord({ type: "LEADS", id: "r", from: "ada", to: "acme", properties }, (id) => types[id]);

  it("accepts one quote and one claim per source, empty where none is kept", () => {
    expect(leads({ sources: ["a", "b"], quotes: ["", "Ada runs Acme."], sourceClaims: ["", "Ada leads Acme."] })).toEqual([]);
  });

  it("refuses lists whose length differs from the sources, naming each field", () => {
    expect(leads({ sources: ["a", "b"], quotes: ["Ada runs Acme."], sourceClaims: ["x", "y", "z"] })).toEqual([
      { field: "quotes", message: "needs one quote per source (an empty string where there is none): 1 for 2 sources" },
      { field: "sourceClaims", message: "needs one claim per source (an empty string where there is none): 3 for 2 sources" },
    ]);
  });
});

describe("date precision", () => {
  const source = (properties: Record<string, unknown>) => validateEntityRecord({ type: "Source", id: "s", properties: { name: "S", ...properties } });

  it("derives a precision companion for every date that declares one", () => {
    const problems = validateEntityRecord({
      type: "Event",
      id: "e",
      properties: { name: "E", date: "2025-04-01", datePrecision: "month", endDatePrecision: null },
    });
    expect(problems).toEqual([]);
    expect(
      validateRelationshipRecord(
        { type: "LEADS", id: "r", from: "ada", to: "acme", properties: { sources: ["src"], validFrom: "2025-01-01", validFromPrecision: "year" } },
        (id) => ({ ada: "Person", acme: "Organization", src: "Source" })[id] as EntityTypeName | undefined,
      ),
    ).toEqual([]);
  });

  it("refuses an unknown precision, a precision without its date and a month that is not stored as its first day", () => {
    expect(source({ publishedAt: "2025-08-01", publishedAtPrecision: "fortnight" })).toEqual([
      { field: "publishedAtPrecision", message: 'expected one of day, week, month, year, got "fortnight"' },
    ]);
    expect(source({ publishedAtPrecision: "month" }).map((p) => p.field)).toEqual(["publishedAtPrecision"]);
    expect(source({ publishedAt: "2025-08-15", publishedAtPrecision: "month" })).toEqual([
      { field: "publishedAtPrecision", message: "a month-precision publishedAt is stored as the first day of its month, got 2025-08-15" },
    ]);
    expect(source({ publishedAt: "2025-08-01", publishedAtPrecision: "year" }).map((p) => p.field)).toEqual(["publishedAtPrecision"]);
    expect(source({ publishedAt: "2025-07-14", publishedAtPrecision: "week" })).toEqual([]);
    expect(source({ publishedAt: "2025-07-15", publishedAtPrecision: "week" })).toEqual([
      { field: "publishedAtPrecision", message: "a week-precision publishedAt is stored as the Monday of its week, got 2025-07-15" },
    ]);
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
