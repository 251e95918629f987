import { describe, expect, it } from "vitest";
import { LONGEST_RECHECK_MS, recheckDelayMs } from "./api-recovery.ts";

describe("re-checking an unreachable API", () => {
  it("waits 1 s, then twice as long each time, never longer than 10 s", () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(recheckDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    expect(recheckDelayMs(1_000)).toBe(LONGEST_RECHECK_MS);
  });
});
