import { defineProject } from "vitest/config";

// The end-to-end suites build the app and start two servers in their setup, hence the long hook
// timeout; one file at a time, so two suites never make the same build (.next, .next-e2e) at once.
export default defineProject({
  test: { testTimeout: 60_000, hookTimeout: 240_000, fileParallelism: false },
});
