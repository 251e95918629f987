import { defineProject } from "vitest/config";

// The end-to-end suite builds the app and starts two servers in its setup, hence the long hook timeout.
export default defineProject({
  test: { testTimeout: 60_000, hookTimeout: 240_000 },
});
