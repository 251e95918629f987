import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** apps/api/bin/kgx-api.mjs: the API's own entry point, as `npm start` and the container run it. */
export const API_BIN = path.resolve(import.meta.dirname, "../../bin/kgx-api.mjs");

/** The API running as its own process, the way production runs it. */
export interface ApiProcess {
  /** The GraphQL endpoint, from the address the server logged. */
  readonly url: string;
  readonly origin: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends `signal` and resolves with the exit code once the process has ended (null if a signal ended it). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export interface ApiProcessOptions {
  /** The whole environment of the process; PORT defaults to 0 (a free port, read back from the log). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** How long to wait for /ready to answer 200; the first start seeds the store (default 120 s). */
  readonly readyTimeoutMs?: number;
}

const LISTENING = /GraphQL API at (http:\/\/\S+\/graphql)/;

/** Starts `kgx-api` and resolves once it listens and `/ready` answers 200; rejects with its output if it exits first. */
export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const child = spawn(process.execPath, [API_BIN], { cwd: options.cwd, env: { PORT: "0", ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  let url: string | undefined;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`kgx-api exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    url ??= LISTENING.exec(output)?.[1]?.replace("//localhost:", "//127.0.0.1:");
    if (url) {
      const ready = await fetch(new URL("/ready", url), { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      if (ready?.status === 200) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!url || Date.now() >= deadline) {
    child.kill("SIGKILL");
    throw new Error(`kgx-api was not ready in time:\n${output}`);
  }
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    child,
    output: () => output,
    async stop(signal = "SIGTERM", timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      // A SIGKILL ends the API without its shutdown, so the store's process it started would
      // live on, still holding the data directory a test is about to remove: end those too.
      const storeHosts = childProcessesOf(child.pid);
      const force = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.kill(signal);
      const code = await exited;
      clearTimeout(force);
      if (signal === "SIGKILL") await killAndAwait(storeHosts);
      return code;
    },
  };
}

function childProcessesOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killAndAwait(pids: number[], timeoutMs = 10_000): Promise<void> {
  for (const pid of pids.filter(isRunning)) process.kill(pid, "SIGKILL");
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
