import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { REPO_ROOT, WEB_DIR, ensureWebBuild, isServerSecretName } from "./web-build.ts";

/**
 * `npm start`: the GraphQL API (port 4000, PORT) and the explorer's production build (port 3000,
 * KGX_WEB_PORT) side by side. The web app is built first when its build is missing or stale.
 * SIGINT and SIGTERM go to both; when either process ends, the other is stopped and this exits
 * with the first one's code, so a supervisor sees a failure instead of half a service.
 */

const log = (line: string) => process.stdout.write(`kgx: ${line}\n`);

function readPort(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
    process.stderr.write(`kgx: ${name} must be a port number from 1 to 65535, got "${raw}"\n`);
    process.exit(2);
  }
  return port;
}

function prefixed(child: ChildProcess, prefix: string) {
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    // The web server names itself in its own lines; Next's lines get the name here.
    for (const line of chunk.toString().split("\n")) if (line.trim()) stream.write(line.startsWith(prefix) ? `${line}\n` : `${prefix}${line}\n`);
  };
  child.stdout?.on("data", forward(process.stdout));
  child.stderr?.on("data", forward(process.stderr));
}

/**
 * The web server forwards to the API and needs none of its secrets: the write token and the Neo4j
 * credentials stay out of its environment, so no page or bundle can ever carry them.
 */
function webServerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = { ...env };
  for (const name of Object.keys(kept)) if (name === "PORT" || isServerSecretName(name)) delete kept[name];
  return kept;
}

async function main(): Promise<void> {
  const apiPort = readPort("PORT", 4000);
  const webPort = readPort("KGX_WEB_PORT", 3000);
  let stopping: NodeJS.Signals | undefined;
  const early = (signal: NodeJS.Signals) => {
    stopping = signal;
  };
  process.once("SIGINT", early);
  process.once("SIGTERM", early);

  try {
    await ensureWebBuild(log);
  } catch (error) {
    process.stderr.write(`kgx: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  if (stopping) process.exit(0);
  process.off("SIGINT", early);
  process.off("SIGTERM", early);

  const api = spawn(process.execPath, [path.join(REPO_ROOT, "apps/api/bin/kgx-api.mjs")], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(apiPort) },
    stdio: ["ignore", "inherit", "inherit"],
    // Own process groups: a Ctrl-C in the terminal reaches only this process, which forwards it
    // once. (The API reads a second signal as "stop now".)
    detached: true,
  });
  const webEnv = webServerEnv(process.env);
  const web = spawn(process.execPath, [path.join(WEB_DIR, "bin/kgx-web.mjs"), "--port", String(webPort)], {
    cwd: WEB_DIR,
    env: {
      ...webEnv,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      KGX_API_URL: process.env["KGX_API_URL"] ?? `http://127.0.0.1:${apiPort}/graphql`,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  prefixed(web, "kgx-web: ");
  log(`explorer at http://localhost:${webPort} (GraphQL API on port ${apiPort})`);

  const children = [api, web];
  process.on("exit", () => stopAll("SIGTERM"));
  const stopAll = (signal: NodeJS.Signals) => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  let firstExit: number | undefined;
  const exited = children.map(
    (child) =>
      new Promise<void>((resolve) =>
        child.on("exit", (code, signal) => {
          if (firstExit === undefined) {
            firstExit = code ?? (signal ? 0 : 1);
            if (!stopping) {
              log(`${child === api ? "the API" : "the web app"} stopped (${signal ?? `exit ${code}`}); stopping the other`);
              firstExit = code === 0 || code === null ? 1 : code;
              stopAll("SIGTERM");
            }
          }
          resolve();
        }),
      ),
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) {
        // A second signal: do not wait for anything.
        stopAll("SIGKILL");
        process.exit(signal === "SIGINT" ? 130 : 1);
      }
      stopping = signal;
      log(`${signal}: stopping the API and the web app`);
      stopAll(signal);
    });
  }
  await Promise.all(exited);
  process.exit(stopping ? 0 : (firstExit ?? 1));
}

await main();
