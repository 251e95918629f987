import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../tooling/web-build.ts";
import { ensureProductionBuild, freePort } from "./support/servers.ts";

/**
 * `npm start` as a person runs it (tooling/start.ts): the API and the web app side by side, a
 * crashed process started again while the other keeps serving, a clean stop on SIGTERM, nothing
 * left behind by `kill -9` of the supervisor, and crashes that keep coming met with a longer pause
 * instead of giving up.
 */

let root: string;
const started: Supervisor[] = [];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, output: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${output()}`);
}

const ok = (url: string) => async () => ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok ? true : undefined);

/** Whether a process runs; a zombie (ended, not yet reaped by whoever adopted it) does not. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

interface Supervisor {
  readonly process: ChildProcess;
  readonly apiPort: number;
  readonly webPort: number;
  readonly exited: Promise<number | null>;
  output(): string;
  /** Pids of every child it started, in order; the last one of the API's. */
  childPids(): number[];
  apiPid(): number | undefined;
}

/** `npm start` on its own store and notebooks under `dir`; resolves once the API and the explorer answer. */
async function startSupervisor(dir: string, extraEnv: Readonly<Record<string, string>> = {}, viaNpm = false): Promise<Supervisor> {
  const apiPort = await freePort();
  const webPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(apiPort),
    KGX_WEB_PORT: String(webPort),
    KGX_STORE: "embedded",
    KGX_DATA_DIR: path.join(dir, "store"),
    KGX_NOTEBOOK_DIR: path.join(dir, "notebooks"),
    ...extraEnv,
  };
  delete env["NEO4J_URI"];
  // As a person types it (`npm start`: npm, a shell, then tooling/start.ts), or the supervisor alone.
  const child = viaNpm
    ? spawn("npm", ["start"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tooling/start.ts")], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const supervisor: Supervisor = {
    process: child,
    apiPort,
    webPort,
    exited,
    output: () => output,
    childPids: () => [...output.matchAll(/started \(pid (\d+)\)/g)].map((m) => Number(m[1])),
    apiPid: () => {
      const last = [...output.matchAll(/kgx: the API started \(pid (\d+)\)/g)].at(-1);
      return last ? Number(last[1]) : undefined;
    },
  };
  started.push(supervisor);
  await waitFor("the API's /ready", ok(`http://127.0.0.1:${apiPort}/ready`), 120_000, supervisor.output);
  await waitFor("the explorer's front page", ok(`http://127.0.0.1:${webPort}/`), 60_000, supervisor.output);
  return supervisor;
}

beforeAll(async () => {
  // npm start serves the production build; made here so that no test waits for a build.
  await ensureProductionBuild();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-start-"));
});

afterEach(() => {
  // The children live in their own process groups; make sure none outlives a failed test.
  for (const supervisor of started.splice(0)) {
    if (supervisor.process.exitCode === null) supervisor.process.kill("SIGKILL");
    for (const pid of supervisor.childPids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("npm start", () => {
  it("starts the API again after it crashes, while the explorer keeps serving, and stops cleanly on SIGTERM", async () => {
    const supervisor = await startSupervisor(path.join(root, "crash"));
    const first = supervisor.apiPid();
    expect(first, supervisor.output()).toBeDefined();
    // What a crash of the embedded engine looks like from outside: the process ends by SIGSEGV.
    process.kill(first as number, "SIGSEGV");
    await waitFor(
      "the crash to be noticed",
      async () => (supervisor.output().includes("the API crashed (SIGSEGV); starting it again in 1 s") ? true : undefined),
      20_000,
      supervisor.output,
    );
    // The explorer still answers while the API is away; its /graphql says the API cannot be reached.
    expect((await fetch(`http://127.0.0.1:${supervisor.webPort}/`)).status).toBe(200);

    await waitFor("a new API process", async () => (supervisor.apiPid() !== first ? true : undefined), 20_000, supervisor.output);
    await waitFor("the API's /ready again", ok(`http://127.0.0.1:${supervisor.apiPort}/ready`), 60_000, supervisor.output);
    const answer = await fetch(`http://127.0.0.1:${supervisor.webPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ search(query: "huawei") { id } }' }),
    });
    const found = (await answer.json()) as { data?: { search?: { id: string }[] } };
    expect(found.data?.search?.[0]?.id, JSON.stringify(found)).toBe("huawei");

    supervisor.process.kill("SIGTERM");
    expect(await supervisor.exited, supervisor.output()).toBe(0);
    expect(supervisor.output()).toContain("SIGTERM: stopping the API and the web app");
  });

  it("leaves no child running after kill -9 of the supervisor: the ports and the store are free within seconds, and the next start works", async () => {
    const dir = path.join(root, "kill-9");
    const supervisor = await startSupervisor(dir);
    const children = supervisor.childPids();
    expect(children, supervisor.output()).toHaveLength(2);
    supervisor.process.kill("SIGKILL");
    await supervisor.exited;
    const killedAt = Date.now();
    await waitFor(
      "every child to end and both ports to be free",
      async () => (children.every((pid) => !alive(pid)) && !(await listening(supervisor.apiPort)) && !(await listening(supervisor.webPort)) ? true : undefined),
      8_000,
      supervisor.output,
    );
    expect(Date.now() - killedAt).toBeLessThan(8_000);

    // The embedded store's lock went with the API: a new `npm start` on the same store opens it.
    const next = await startSupervisor(dir);
    expect(next.output()).not.toContain("STORE_LOCKED");
    next.process.kill("SIGTERM");
    expect(await next.exited, next.output()).toBe(0);
  });

  it("stops everything when the npm process of `npm start` is killed with -9: no port held, the store free", async () => {
    const dir = path.join(root, "kill-9-npm");
    const npm = await startSupervisor(dir, {}, true);
    const children = npm.childPids();
    expect(children, npm.output()).toHaveLength(2);
    npm.process.kill("SIGKILL");
    await npm.exited;
    const killedAt = Date.now();
    await waitFor(
      "every child to end and both ports to be free",
      async () => (children.every((pid) => !alive(pid)) && !(await listening(npm.apiPort)) && !(await listening(npm.webPort)) ? true : undefined),
      8_000,
      npm.output,
    );
    expect(Date.now() - killedAt).toBeLessThan(8_000);
    const next = await startSupervisor(dir);
    expect(next.output()).not.toContain("STORE_LOCKED");
    next.process.kill("SIGTERM");
    expect(await next.exited, next.output()).toBe(0);
  });

  it("keeps starting a process that crashes again and again, after a pause that doubles each time, and still stops cleanly", async () => {
    const supervisor = await startSupervisor(path.join(root, "crash-loop"));
    const delays: number[] = [];
    for (let crash = 1; crash <= 6; crash++) {
      const pid = supervisor.apiPid() as number;
      // Crash it as soon as it is there, before it could count as stable.
      process.kill(pid, "SIGSEGV");
      const line = await waitFor(
        `crash ${crash} to be noticed`,
        async () => [...supervisor.output().matchAll(/kgx: the API crashed \(SIGSEGV[^)]*\); starting it again in (\d+) s/g)][crash - 1],
        20_000,
        supervisor.output,
      );
      delays.push(Number(line[1]));
      if (crash < 6)
        await waitFor(
          `restart ${crash}`,
          async () => (supervisor.apiPid() !== pid && alive(supervisor.apiPid() as number) ? true : undefined),
          40_000,
          supervisor.output,
        );
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 30]);
    expect(supervisor.output()).toContain("the API crashed (SIGSEGV, 6 crashes in a row); starting it again in 30 s");
    // Still up, and the explorer with it.
    expect(supervisor.process.exitCode).toBeNull();
    expect(alive(supervisor.process.pid as number)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${supervisor.webPort}/`)).status).toBe(200);

    // A stop during the pause ends it at once, without starting the API again.
    const startsBefore = supervisor.childPids().length;
    supervisor.process.kill("SIGTERM");
    expect(await supervisor.exited, supervisor.output()).toBe(0);
    expect(supervisor.childPids()).toHaveLength(startsBefore);
  }, 120_000);
});
