import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Lint, package boundaries and formatting are part of `npm test`: each runs as its root npm script
 * (package.json holds the one command line), and a failure shows the tool's own report.
 */
const REPO_ROOT = path.resolve(import.meta.dirname, "..");

// On two busy cores ESLint and Prettier over the whole tree take tens of seconds.
const CHECK_TIMEOUT_MS = 300_000;

interface CheckOutcome {
  exitCode: number;
  output: string;
}

function runScript(name: string): Promise<CheckOutcome> {
  return new Promise((resolve, reject) => {
    execFile("npm", ["run", "--silent", name], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (error === null) return resolve({ exitCode: 0, output });
      // A number is the script's exit code; anything else (npm missing, a timeout) is no verdict at all.
      if (typeof error.code === "number") return resolve({ exitCode: error.code, output });
      reject(new Error(`could not run npm run ${name}: ${error.message}`, { cause: error }));
    });
  });
}

describe("repository checks", () => {
  it.each([
    ["lint", "ESLint finds no problem (npm run lint)"],
    ["boundaries", "no import crosses a package boundary (npm run boundaries)"],
    ["format:check", "every file is formatted by Prettier (npm run format to fix)"],
  ])("%s: %s", { timeout: CHECK_TIMEOUT_MS }, async (script) => {
    const outcome = await runScript(script);
    expect(outcome.exitCode, `npm run ${script} failed:\n${outcome.output}`).toBe(0);
  });
});
