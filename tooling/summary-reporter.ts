import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends every run with one plain line, "N passed, N failed, N skipped", so that logs and CI read
 * the outcome without parsing vitest's coloured summary. Skipped tests are listed by name above
 * it, because a skip (the Neo4j suite without a container runtime) should never pass unnoticed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else if (state === "skipped") skipped.push(`${module.project.name ? `[${module.project.name}] ` : ""}${test.fullName}`);
      }
    }
    const lines = skipped.map((name) => `skipped: ${name}`);
    lines.push(`${passed} passed, ${failed} failed, ${skipped.length} skipped`);
    process.stdout.write(`\n${lines.join("\n")}\n`);
  }
}
