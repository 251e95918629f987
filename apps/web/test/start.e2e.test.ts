import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../tooling/web-build.ts";
import { ensureTestBuild, freePort } from "./support/servers.ts";

/**
 * `npm start` as a person runs it (tooling/start.ts): the API and the web app side by side, a
 * crashed process started again while the other keeps serving, and a clean stop on SIGTERM.
 */

let dir: string;
let supervisor: ChildProcess;
let output = "";
let apiPort: number;
let webPort: number;
let exited: Promise<number | null>;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${output}`);
}

const ok = (url: string) => async () => ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok ? true : undefined);

function apiPid(): number | undefined {
  const started = [...output.matchAll(/kgx: the API started \(pid (\d+)\)/g)];
  const last = started.at(-1);
  return last ? Number(last[1]) : undefined;
}

beforeAll(async () => {
  await ensureTestBuild();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-start-"));
  apiPort = await freePort();
  webPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(apiPort), KGX_WEB_PORT: String(webPort), KGX_STORE: "embedded", KGX_DATA_DIR: path.join(dir, "store"), KGX_NOTEBOOK_DIR: path.join(dir, "notebooks") };
  delete env["NEO4J_URI"];
  supervisor = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tooling/start.ts")], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  supervisor.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  supervisor.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => supervisor.on("exit", (code) => resolve(code)));
  await waitFor("the API's /ready", ok(`http://127.0.0.1:${apiPort}/ready`), 120_000);
  await waitFor("the explorer's front page", ok(`http://127.0.0.1:${webPort}/`), 60_000);
});

afterAll(async () => {
  if (supervisor.exitCode === null) supervisor.kill("SIGKILL");
  // The children live in their own process groups; make sure none outlives a failed test.
  for (const match of output.matchAll(/started \(pid (\d+)\)/g)) {
    try {
      process.kill(Number(match[1]), "SIGKILL");
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("starts the API again after it crashes, while the explorer keeps serving, and stops cleanly on SIGTERM", async () => {
    const first = apiPid();
    expect(first, output).toBeDefined();
    // What a crash of the embedded engine looks like from outside: the process ends by SIGSEGV.
    process.kill(first as number, "SIGSEGV");
    await waitFor("the crash to be noticed", async () => (output.includes("the API crashed (SIGSEGV)") ? true : undefined), 20_000);
    // The explorer still answers while the API is away; its /graphql says the API cannot be reached.
    expect((await fetch(`http://127.0.0.1:${webPort}/`)).status).toBe(200);

    await waitFor("a new API process", async () => (apiPid() !== first ? true : undefined), 20_000);
    await waitFor("the API's /ready again", ok(`http://127.0.0.1:${apiPort}/ready`), 60_000);
    const answer = await fetch(`http://127.0.0.1:${webPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ search(query: "huawei") { id } }' }),
    });
    const found = (await answer.json()) as { data?: { search?: { id: string }[] } };
    expect(found.data?.search?.[0]?.id, JSON.stringify(found)).toBe("huawei");

    supervisor.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    expect(output).toContain("SIGTERM: stopping the API and the web app");
  });
});
