import { useEffect, useRef } from "react";
import { ApiUnreachableError } from "./api-client.ts";
import { graphql } from "./graphql.ts";

/**
 * Recovery from "the API cannot be reached" without a reload or a click: while a page shows that
 * banner it asks the API again in the background, more and more rarely, and calls the page back
 * as soon as the API answers, so the page can repeat what failed.
 */

export const FIRST_RECHECK_MS = 1_000;
export const LONGEST_RECHECK_MS = 10_000;

/** The wait before the attempt-th re-check (0-based): 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export function recheckDelayMs(attempt: number): number {
  return Math.min(FIRST_RECHECK_MS * 2 ** Math.max(0, attempt), LONGEST_RECHECK_MS);
}

/**
 * While `unreachable` is true, calls `probe` after recheckDelayMs(0), recheckDelayMs(1), … until it
 * no longer fails with ApiUnreachableError (an answer with an error still means the API is up),
 * then calls `onRecovered` once. A hidden tab is not re-checked; it re-checks soon after it shows again.
 */
export function useApiRecovery(unreachable: boolean, probe: () => Promise<unknown>, onRecovered: () => void): void {
  const latest = useRef({ probe, onRecovered });
  latest.current = { probe, onRecovered };

  useEffect(() => {
    if (!unreachable) return;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let checking = false;
    let stopped = false;

    const schedule = () => {
      if (stopped || checking || timer !== undefined || document.hidden) return;
      timer = setTimeout(() => void check(), recheckDelayMs(attempt));
      attempt += 1;
    };
    const check = async () => {
      timer = undefined;
      checking = true;
      try {
        await latest.current.probe();
      } catch (error) {
        if (error instanceof ApiUnreachableError) {
          checking = false;
          schedule();
          return;
        }
      }
      checking = false;
      if (!stopped) latest.current.onRecovered();
    };
    const onVisibilityChange = () => {
      if (document.hidden) {
        clearTimeout(timer);
        timer = undefined;
      } else {
        attempt = 0;
        schedule();
      }
    };

    document.addEventListener("visibilitychange", onVisibilityChange);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [unreachable]);
}

/** The cheapest question the API answers; any answer means it is reachable again. */
export const API_PING = graphql(`
  query ApiPing {
    __typename
  }
`);
