import { describe, expect, it } from "vitest";
import { dateBounds, entityTimeSpan, inRange, relationshipTimeSpan } from "./time-range.ts";

describe("time spans from the domain model", () => {
  it("places each dated type by its own properties", () => {
    expect(entityTimeSpan("Policy", { effectiveFrom: "2025-07-01" })).toEqual({ from: "2025-07-01", to: undefined, openEnded: true });
    expect(entityTimeSpan("Event", { date: "2025-04-09", endDate: "2025-04-15" })).toEqual({ from: "2025-04-09", to: "2025-04-15", openEnded: false });
    expect(entityTimeSpan("Statement", { date: "2025-07-15" })?.from).toBe("2025-07-15");
    expect(entityTimeSpan("Source", { publishedAt: "2025-07-22" })?.from).toBe("2025-07-22");
    expect(entityTimeSpan("Person", { date: "2025-01-01" })).toBeUndefined();
    expect(relationshipTimeSpan({ validFrom: "2025-07-01" })).toEqual({ from: "2025-07-01", to: undefined, openEnded: true });
  });

  it("keeps a policy in force after its start until the range begins after it ended", () => {
    const resumption = entityTimeSpan("Policy", { effectiveFrom: "2025-07-01" });
    expect(inRange(resumption, { from: undefined, to: "2025-06-30" })).toBe(false);
    expect(inRange(resumption, { from: "2025-12-01", to: undefined })).toBe(true);
    const ban = entityTimeSpan("Policy", { effectiveFrom: "2025-04-01", effectiveTo: "2025-07-14" });
    expect(inRange(ban, { from: "2025-07-15", to: undefined })).toBe(false);
  });

  it("treats an event without an end as one day, and timeless things as always in range", () => {
    const event = entityTimeSpan("Event", { date: "2025-05-28" });
    expect(inRange(event, { from: "2025-05-29", to: undefined })).toBe(false);
    expect(inRange(event, { from: "2025-05-28", to: "2025-05-28" })).toBe(true);
    expect(inRange(undefined, { from: "2030-01-01", to: "2030-01-02" })).toBe(true);
  });

  it("bounds the range control by the earliest and latest day", () => {
    expect(
      dateBounds([
        entityTimeSpan("Event", { date: "2025-05-28", endDate: "2025-08-01" }),
        undefined,
        entityTimeSpan("Policy", { effectiveFrom: "2025-04-01" }),
      ]),
    ).toEqual({
      min: "2025-04-01",
      max: "2025-08-01",
    });
    expect(dateBounds([])).toBeUndefined();
  });
});
