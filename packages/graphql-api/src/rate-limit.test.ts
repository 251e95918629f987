import { describe, expect, it } from "vitest";
import { RateLimiter, type RateDecision } from "./rate-limit.ts";

/** A clock that moves only when the test says so. */
function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function takeMany(limiter: RateLimiter, clientId: string, times: number): RateDecision[] {
  return Array.from({ length: times }, () => limiter.take(clientId));
}

describe("RateLimiter", () => {
  it("allows `limit` calls at once, refuses the next, and says when one call is available again", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 6, now: clock.now });
    const decisions = takeMany(limiter, "a", 7);
    expect(decisions.slice(0, 6).every((d) => d.allowed)).toBe(true);
    expect(decisions.slice(0, 6).map((d) => (d.allowed ? d.remaining : -1))).toEqual([5, 4, 3, 2, 1, 0]);
    // 6 per minute refills one call every 10 s.
    expect(decisions[6]).toEqual({ allowed: false, retryAfterSeconds: 10 });
    clock.advance(4_000);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 6 });
  });

  it("refills at `limit` per minute, never beyond `limit`", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 6, now: clock.now });
    takeMany(limiter, "a", 6);
    clock.advance(9_999);
    expect(limiter.take("a").allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    // After an hour of rest the allowance is the burst of 6 again, not 360.
    clock.advance(3_600_000);
    const afterRest = takeMany(limiter, "a", 7);
    expect(afterRest.filter((d) => d.allowed)).toHaveLength(6);
  });

  it("keeps one allowance per client", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 2, now: clock.now });
    expect(takeMany(limiter, "a", 3).map((d) => d.allowed)).toEqual([true, true, false]);
    expect(takeMany(limiter, "b", 3).map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it("does not drain an allowance when the clock steps back", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 2, now: clock.now });
    limiter.take("a");
    clock.advance(-30_000);
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("forgets a client idle for a minute, whose bucket is full again anyway", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 3, now: clock.now });
    takeMany(limiter, "idle", 3);
    clock.advance(30_000);
    limiter.take("busy");
    expect(limiter.trackedClients).toBe(2);
    clock.advance(30_000);
    limiter.take("busy");
    expect(limiter.trackedClients).toBe(1);
    // Forgetting lost nothing: the idle client has exactly its full allowance.
    expect(takeMany(limiter, "idle", 4).map((d) => d.allowed)).toEqual([true, true, true, false]);
  });

  it("tracks at most maxClients, forgetting the least recently seen, however many ids arrive", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 1, maxClients: 100, now: clock.now });
    limiter.take("regular");
    for (let i = 0; i < 10_000; i++) {
      limiter.take(`spoofed-${i}`);
      if (i % 50 === 0) limiter.take("regular");
      expect(limiter.trackedClients).toBeLessThanOrEqual(100);
    }
    expect(limiter.trackedClients).toBe(100);
    // "regular" was seen recently, so its empty allowance was kept, not reset by the flood.
    expect(limiter.take("regular").allowed).toBe(false);
    // The earliest spoofed ids were forgotten, so they start over with a full allowance.
    expect(limiter.take("spoofed-1").allowed).toBe(true);
    expect(limiter.take("spoofed-9999").allowed).toBe(false);
  });

  it("refuses a limit or cap that is not a positive whole number", () => {
    expect(() => new RateLimiter({ limit: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 2.5 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 5, maxClients: 0 })).toThrow(RangeError);
  });

  it("charges a costly call after the fact, down to an empty allowance and no further", () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ limit: 8, now: clock.now });
    expect(limiter.take("a")).toEqual({ allowed: true, remaining: 7 });
    limiter.charge("a", 5);
    expect(limiter.take("a")).toEqual({ allowed: true, remaining: 1 });
    limiter.charge("a", 100);
    // Empty, not in debt: one call is back after 60 s / 8.
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 8 });
    // A client never seen is not charged (nor tracked).
    limiter.charge("b", 3);
    expect(limiter.take("b")).toEqual({ allowed: true, remaining: 7 });
  });
});
