import { describe, expect, it } from "vitest";
import {
  displayName,
  entityPropertyLines,
  formatDate,
  groupByType,
  precisionOfValue,
  propertyLabel,
  relationshipPropertyLines,
  showsJapanese,
} from "./entity-format.ts";

describe("properties as the details panel shows them", () => {
  it("shows a figure with its unit from the model", () => {
    const lines = entityPropertyLines("Policy", { kind: "licence", effectiveFrom: "2025-07-01", revenueSharePercent: 15, name: "x", id: "y" });
    expect(lines.map((l) => [l.label, l.value])).toEqual([
      ["Kind", "licence"],
      ["Effective from", "1 Jul 2025"],
      ["Revenue share percent", "15%"],
    ]);
  });

  it("reads an event's amount with the event's own unit, ranges included", () => {
    expect(entityPropertyLines("Event", { kind: "write_down", amount: 4.5e9, unit: "USD" }).map((l) => l.value)).toEqual(["write down", "4.5 billion USD"]);
    expect(entityPropertyLines("Event", { amount: 300000, amountUpper: 400000, unit: "units" }).map((l) => l.value)).toEqual(["300,000–400,000 units"]);
  });

  it("shows relationship properties such as a role or a ratio", () => {
    expect(relationshipPropertyLines("LEADS", { role: "CEO", claim: "…", sources: ["s"] }).map((l) => `${l.label}: ${l.value}`)).toEqual(["Role: CEO"]);
    expect(relationshipPropertyLines("COMPARED_WITH", { ratioLow: 0.6, ratioHigh: 0.8 }).map((l) => l.value)).toEqual(["0.6 ratio", "0.8 ratio"]);
    expect(relationshipPropertyLines("NOT_A_TYPE", { role: "x" })).toEqual([]);
  });

  it("formats labels and dates for reading", () => {
    expect(propertyLabel("aiDeveloperSharePercent")).toBe("Ai developer share percent");
    expect(formatDate("2025-07-22")).toBe("22 Jul 2025");
    expect(formatDate(null)).toBe("");
  });

  it("writes a date only as precisely as it is known", () => {
    expect(formatDate("2025-07-14", "day")).toBe("14 Jul 2025");
    expect(formatDate("2025-07-14", null)).toBe("14 Jul 2025");
    expect(formatDate("2025-07-14", "week")).toBe("week of 14 Jul 2025");
    expect(formatDate("2025-07-01", "month")).toBe("Jul 2025");
    expect(formatDate("2025-01-01", "year")).toBe("2025");
    expect(formatDate("2025-04-01T00:00:00Z", "month")).toBe("Apr 2025");
    expect(formatDate("sometime", "month")).toBe("sometime");
  });

  it("shows a property's date at its precision and not the precision as a line", () => {
    const lines = entityPropertyLines("Policy", { effectiveFrom: "2025-04-01", effectiveFromPrecision: "month" });
    expect(lines.map((l) => [l.label, l.value])).toEqual([["Effective from", "Apr 2025"]]);
    expect(precisionOfValue({ date: "2025-07-14", datePrecision: "week" }, "2025-07-14")).toBe("week");
    expect(precisionOfValue({ date: "2025-07-14" }, "2025-07-14")).toBeUndefined();
  });

  it("groups relationships by type in the model's order", () => {
    const items = [{ node: { type: "MAKES" } }, { node: { type: "LEADS" } }, { node: { type: "MAKES" } }];
    expect(groupByType(items, ["LEADS", "MAKES"]).map((g) => [g.type, g.items.length])).toEqual([
      ["LEADS", 1],
      ["MAKES", 2],
    ]);
  });
});

describe("entity names by language", () => {
  const huang = { name: "Jensen Huang", nameJa: "ジェンセン・フアン" };
  it("shows the English, the Japanese or both names", () => {
    expect(displayName(huang, "en")).toBe("Jensen Huang");
    expect(displayName(huang, "ja")).toBe("ジェンセン・フアン");
    expect(displayName(huang, "both")).toBe("Jensen Huang / ジェンセン・フアン");
    expect(displayName(huang, "both", "\n")).toBe("Jensen Huang\nジェンセン・フアン");
  });

  it("falls back to the English name where there is no Japanese one", () => {
    for (const nameJa of [undefined, null, "", "  "]) {
      expect(displayName({ name: "H20", nameJa }, "ja")).toBe("H20");
      expect(displayName({ name: "H20", nameJa }, "both")).toBe("H20");
      expect(showsJapanese({ name: "H20", nameJa }, "ja")).toBe(false);
    }
    expect(displayName({ name: "SMIC", nameJa: "SMIC" }, "both")).toBe("SMIC");
    expect(showsJapanese(huang, "ja")).toBe(true);
  });
});
