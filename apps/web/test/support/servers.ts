import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT, WEB_DIR, nextBin } from "../../../../tooling/web-build.ts";

/** A server process started by a test, with what it printed (for failure messages). */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
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

/** A fresh embedded store directory; the API seeds it on its first start. */
export function tempStoreDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-web-e2e-"));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The real API (apps/api's own entry point) on an embedded store and a notebook directory beside it, on the given port. */
export async function startApi(dataDir: string, port: number): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), KGX_STORE: "embedded", KGX_DATA_DIR: path.join(dataDir, "store"), KGX_NOTEBOOK_DIR: path.join(dataDir, "notebooks"), NODE_ENV: "production" };
  delete env["NEO4J_URI"];
  const { child, output } = startProcess([path.join(REPO_ROOT, "apps/api/bin/kgx-api.mjs")], REPO_ROOT, env);
  await waitForHttp(`http://127.0.0.1:${port}/ready`, child, output, 120_000);
  return { url: `http://127.0.0.1:${port}/graphql`, port, output, stop: stopper(child) };
}

/** The web app's production build (`next start`), forwarding /graphql to apiUrl. */
export async function startWeb(port: number, apiUrl: string): Promise<ServerProcess> {
  const { PORT: _unused, ...env } = process.env;
  const { child, output } = startProcess([nextBin(), "start", "--port", String(port), "--hostname", "127.0.0.1"], WEB_DIR, {
    ...env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    KGX_API_URL: apiUrl,
  });
  await waitForHttp(`http://127.0.0.1:${port}/`, child, output, 60_000);
  return { url: `http://127.0.0.1:${port}`, port, output, stop: stopper(child) };
}
