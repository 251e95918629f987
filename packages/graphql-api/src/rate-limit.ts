/**
 * A per-client limit on how often something may run: `limit` times per minute for each client.
 *
 * Token bucket rather than a sliding window: each client costs two numbers (tokens left, time of
 * the last refill) instead of a timestamp per call, the answer to "when may I try again?" is exact
 * arithmetic, and a full bucket lets a person run a short burst (a notebook's cells one after the
 * other) while the long-run rate still never exceeds `limit` per minute.
 *
 * Memory stays bounded two ways. A bucket untouched for a whole minute has refilled completely, so
 * it is indistinguishable from a new one and is dropped. And no more than `maxClients` buckets are
 * kept: beyond that the least recently seen client is forgotten. Forgetting only ever gives a client
 * a full bucket again (the limit errs towards letting a call through), so a flood of made-up client
 * ids costs the flood's own allowance, never memory without bound.
 */

export interface RateLimiterOptions {
  /** Calls per minute for each client; also the burst a new client may make at once. */
  readonly limit: number;
  /** Most clients tracked at once (default 10 000). */
  readonly maxClients?: number;
  /** Milliseconds now; tests pass a clock they move by hand. */
  readonly now?: () => number;
}

export type RateDecision = { readonly allowed: true; readonly remaining: number } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  refilledAt: number;
}

const WINDOW_MS = 60_000;
export const DEFAULT_MAX_RATE_LIMITED_CLIENTS = 10_000;

export class RateLimiter {
  readonly limit: number;
  readonly maxClients: number;
  private readonly now: () => number;
  /** In order of last use, oldest first: a Map keeps insertion order, and each use re-inserts. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError(`limit must be a whole number of at least 1, got ${options.limit}`);
    const maxClients = options.maxClients ?? DEFAULT_MAX_RATE_LIMITED_CLIENTS;
    if (!Number.isInteger(maxClients) || maxClients < 1) throw new RangeError(`maxClients must be a whole number of at least 1, got ${maxClients}`);
    this.limit = options.limit;
    this.maxClients = maxClients;
    this.now = options.now ?? Date.now;
  }

  /** How many clients are tracked now (for tests and monitoring). */
  get trackedClients(): number {
    return this.buckets.size;
  }

  /** Takes one call from `clientId`'s allowance, or says how long until one is available. */
  take(clientId: string): RateDecision {
    const now = this.now();
    this.forgetIdle(now);
    const bucket = this.buckets.get(clientId) ?? { tokens: this.limit, refilledAt: now };
    this.buckets.delete(clientId);
    // A clock that steps back (NTP) must not drain anyone's allowance.
    const elapsed = Math.max(0, now - bucket.refilledAt);
    bucket.tokens = Math.min(this.limit, bucket.tokens + (elapsed * this.limit) / WINDOW_MS);
    bucket.refilledAt = now;
    while (this.buckets.size >= this.maxClients) this.forgetOldest();
    this.buckets.set(clientId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitMs = ((1 - bucket.tokens) * WINDOW_MS) / this.limit;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /**
   * Takes `calls` more from `clientId`'s allowance after the fact, for a call that cost far more
   * than one (a statement that ended the store's process), down to an empty allowance (never
   * below, so a bucket idle for a minute is still as good as new and may be forgotten).
   */
  charge(clientId: string, calls: number): void {
    const bucket = this.buckets.get(clientId);
    if (!bucket || !(calls > 0)) return;
    bucket.tokens = Math.max(0, bucket.tokens - calls);
  }

  /** Buckets are in order of last use, so the idle ones are all at the front. */
  private forgetIdle(now: number): void {
    for (const [clientId, bucket] of this.buckets) {
      if (now - bucket.refilledAt < WINDOW_MS) return;
      this.buckets.delete(clientId);
    }
  }

  private forgetOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
