import type { GraphStore } from "../../src/port.ts";

/** A store that counts the calls made to it, by method: one call is one round trip to the backend. */
export interface CountingStore {
  readonly store: GraphStore;
  /** Calls per method since the last reset. */
  readonly calls: Map<string, number>;
  /** All calls since the last reset. */
  total(): number;
  reset(): void;
}

/** Wraps a store so that every method call is counted; results and errors pass through unchanged. */
export function countStoreCalls(inner: GraphStore): CountingStore {
  const calls = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function" || typeof property !== "string") return value;
      return (...args: unknown[]) => {
        calls.set(property, (calls.get(property) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    calls,
    total: () => [...calls.values()].reduce((a, b) => a + b, 0),
    reset: () => calls.clear(),
  };
}
