import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { REPO_ROOT, WEB_DIR, ensureWebBuild, withWebBuild } from "../../../../tooling/web-build.ts";

/** A server process started by a test, with what it printed (for failure messages). */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  readonly output: () => string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${url} answered:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
}

/**
 * Secrets as a deployment sets them, with values no real deployment has: both servers run with them,
 * and the build is made with them in the caller's environment, so a test can look for them in
 * every byte the browser receives. The prefixes are fixed (a build made by an earlier run had other
 * random tails), the tails random (nothing can have them by chance).
 */
export const SENTINEL_PREFIXES = { KGX_WRITE_TOKEN: "sentinel-token-", NEO4J_PASSWORD: "sentinel-password-" } as const;
export const SENTINEL_SECRETS: Readonly<Record<keyof typeof SENTINEL_PREFIXES | "NEO4J_USERNAME", string>> = {
  KGX_WRITE_TOKEN: `${SENTINEL_PREFIXES.KGX_WRITE_TOKEN}${randomBytes(12).toString("hex")}`,
  NEO4J_PASSWORD: `${SENTINEL_PREFIXES.NEO4J_PASSWORD}${randomBytes(12).toString("hex")}`,
  NEO4J_USERNAME: "sentinel-user",
};

/**
 * The browser tests' build (the app with its graph probe, apps/web/web-builds.ts), made when stale
 * in an environment that holds the sentinel secrets; startWeb serves it.
 */
export function ensureTestBuild(): Promise<void> {
  return ensureWebBuild(undefined, { ...process.env, ...SENTINEL_SECRETS }, "test");
}

/** The production build `npm start` serves, made when stale the same way. */
export function ensureProductionBuild(): Promise<void> {
  return ensureWebBuild(undefined, { ...process.env, ...SENTINEL_SECRETS }, "production");
}

/** A fresh embedded store directory; the API seeds it on its first start. */
export function tempStoreDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-web-e2e-"));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The real API (apps/api's own entry point) on an embedded store (or the one `overrides` names) and a notebook directory beside it, on the given port; `overrides` replaces settings of its environment. */
export async function startApi(
  dataDir: string,
  port: number,
  overrides: Readonly<Record<string, string>> = {},
  // Seeding an empty Neo4j on a busy machine can take longer than the embedded store ever does.
  { readyTimeoutMs = 240_000 }: { readonly readyTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SENTINEL_SECRETS,
    PORT: String(port),
    KGX_STORE: "embedded",
    KGX_DATA_DIR: path.join(dataDir, "store"),
    KGX_NOTEBOOK_DIR: path.join(dataDir, "notebooks"),
    NODE_ENV: "production",
    // Every browser of a suite reaches the API through one web server from one address, and the
    // suites run far more Cypher than a person would in a minute (Run all over each shipped
    // notebook); the default per-client limit would refuse some of those runs.
    KGX_CYPHER_RATE_LIMIT: "10000",
  };
  // The embedded store unless the caller names another: a NEO4J_URI of the test run's own shell
  // must not send the suite to some server.
  delete env["NEO4J_URI"];
  Object.assign(env, overrides);
  const { child, output } = startProcess([path.join(REPO_ROOT, "apps/api/bin/kgx-api.mjs")], REPO_ROOT, env);
  await waitForHttp(`http://127.0.0.1:${port}/ready`, child, output, readyTimeoutMs);
  return { url: `http://127.0.0.1:${port}/graphql`, port, pid: child.pid, output, stop: stopper(child) };
}

/** The web app's test build on its own production server (apps/web/bin/kgx-web.mjs), forwarding /graphql to apiUrl; `overrides` replaces settings of its environment. */
export async function startWeb(port: number, apiUrl: string, overrides: Readonly<Record<string, string>> = {}): Promise<ServerProcess> {
  const { PORT: _unused, ...env } = withWebBuild(process.env, "test");
  const { child, output } = startProcess([path.join(WEB_DIR, "bin/kgx-web.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], WEB_DIR, {
    ...env,
    ...SENTINEL_SECRETS,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    KGX_API_URL: apiUrl,
    ...overrides,
  });
  await waitForHttp(`http://127.0.0.1:${port}/`, child, output, 60_000);
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid, output, stop: stopper(child) };
}
