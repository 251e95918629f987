import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT, WEB_DIR, ensureWebBuild, isServerSecretName, withWebBuild } from "./web-build.ts";

/**
 * `npm start`: the GraphQL API (port 4000, PORT) and the explorer's production build (port 3000,
 * KGX_WEB_PORT) side by side. The web app is built first when its build is missing or stale.
 * SIGINT and SIGTERM go to both. A process that crashes (ends by a signal) is started again, after
 * a pause that doubles while the crashes keep coming; one that exits with a code stops the other
 * too and this exits with its code, so a supervisor sees a failure instead of half a service.
 * Each child has an IPC channel to this process and stops when it closes (its bin file watches
 * it), so not even `kill -9` of this process leaves a child holding a port or the store's lock;
 * and this process stops them when npm, which started it, is killed (watchLaunchers).
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
  // The production build, always: the browser tests' build (with its graph probe) is theirs alone.
  const kept = withWebBuild(env, "production");
  for (const name of Object.keys(kept)) if (name === "PORT" || isServerSecretName(name)) delete kept[name];
  return kept;
}

/** A process `npm start` runs and keeps running. */
interface Service {
  readonly name: string;
  spawn(): ChildProcess;
}

/**
 * A crashed process is started again after 1 s, then 2 s, 4 s … at most 30 s while it keeps
 * crashing; a process that ran this long before it crashed starts the count again. Giving up would
 * leave the explorer without an API until someone notices; a pause that grows keeps a process that
 * crashes on every start from taking the machine's time.
 */
const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

function restartDelayMs(crashesInARow: number): number {
  return Math.min(FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, crashesInARow - 1), MAX_RESTART_DELAY_MS);
}

/** The pid that `/proc/<pid>/stat` names as `pid`'s parent; undefined without /proc or once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may hold spaces; the fields after it are fixed.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(parent) && parent > 1 ? parent : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process runs; a zombie (ended, not yet reaped by its parent) does not. */
function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    try {
      // No /proc: ask the kernel; EPERM means it exists under another user.
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  }
}

/**
 * Calls `onGone` once the processes that launched this one end. `npm start` runs this file
 * through a shell, so `kill -9` of npm leaves the shell, this process and its children running
 * with the ports and the store's lock; nothing tells a process that its grandparent died, so the
 * parent, and npm above it when npm started this script, are looked at twice a second.
 */
function watchLaunchers(onGone: () => void): void {
  const parent = process.ppid;
  const launchers = [parent];
  const viaNpmStart = process.env["npm_lifecycle_event"] === "start" && (process.env["npm_lifecycle_script"] ?? "").includes("tooling/start.ts");
  const npm = viaNpmStart ? parentOf(parent) : undefined;
  if (npm !== undefined) launchers.push(npm);
  const timer = setInterval(() => {
    const npmGone = npm !== undefined && parentOf(parent) !== npm;
    if (process.ppid !== parent || npmGone || !launchers.every(isAlive)) {
      clearInterval(timer);
      onGone();
    }
  }, 500);
  timer.unref();
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

  const webEnv = webServerEnv(process.env);
  const services: Service[] = [
    {
      name: "the API",
      spawn: () =>
        spawn(process.execPath, [path.join(REPO_ROOT, "apps/api/bin/kgx-api.mjs")], {
          cwd: REPO_ROOT,
          // A run of the product, not a development session: no field suggestions in errors, and
          // graphql-js without its development-only checks. NODE_ENV=development asks for them.
          env: { KGX_EXPLORER_URL: `http://localhost:${webPort}`, ...process.env, NODE_ENV: process.env["NODE_ENV"] || "production", PORT: String(apiPort) },
          stdio: ["ignore", "inherit", "inherit", "ipc"],
          // Own process groups: a Ctrl-C in the terminal reaches only this process, which forwards
          // it once. (The API reads a second signal as "stop now".)
          detached: true,
        }),
    },
    {
      name: "the web app",
      spawn: () => {
        const child = spawn(process.execPath, [path.join(WEB_DIR, "bin/kgx-web.mjs"), "--port", String(webPort)], {
          cwd: WEB_DIR,
          env: {
            ...webEnv,
            NODE_ENV: "production",
            NEXT_TELEMETRY_DISABLED: "1",
            KGX_API_URL: process.env["KGX_API_URL"] ?? `http://127.0.0.1:${apiPort}/graphql`,
          },
          stdio: ["ignore", "pipe", "pipe", "ipc"],
          detached: true,
        });
        prefixed(child, "kgx-web: ");
        return child;
      },
    },
  ];
  const running = new Map<Service, ChildProcess>();
  const stopAll = (signal: NodeJS.Signals) => {
    for (const child of running.values()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on("exit", () => stopAll("SIGTERM"));

  let exitCode: number | undefined;
  let settle!: () => void;
  const allStopped = new Promise<void>((resolve) => (settle = resolve));
  const crashesInARow = new Map<Service, number>();
  const restarts = new Map<Service, NodeJS.Timeout>();
  const launch = (service: Service) => {
    restarts.delete(service);
    const child = service.spawn();
    const startedAt = Date.now();
    running.set(service, child);
    log(`${service.name} started (pid ${child.pid})`);
    // The channel is only there to close when this process ends; nothing is sent over it.
    child.channel?.unref();
    child.on("exit", (code, signal) => {
      running.delete(service);
      if (!stopping && exitCode === undefined) {
        // A process killed by a signal crashed (the embedded engine can take its process down, the
        // kernel may kill for memory): start it again, and the pages reconnect by themselves. A
        // process that exits with a code chose to (bad environment, port in use): stop everything
        // so a supervisor sees the failure.
        if (signal) {
          const crashes = Date.now() - startedAt >= STABLE_AFTER_MS ? 1 : (crashesInARow.get(service) ?? 0) + 1;
          crashesInARow.set(service, crashes);
          const delay = restartDelayMs(crashes);
          log(`${service.name} crashed (${signal}${crashes > 1 ? `, ${crashes} crashes in a row` : ""}); starting it again in ${delay / 1000} s`);
          restarts.set(
            service,
            setTimeout(() => {
              if (!stopping && exitCode === undefined) launch(service);
            }, delay),
          );
          return;
        }
        log(`${service.name} stopped (exit ${code}); stopping the rest`);
        exitCode = code === 0 || code === null ? 1 : code;
        stopAll("SIGTERM");
      }
      if (running.size === 0) settle();
    });
  };
  for (const service of services) launch(service);
  log(`explorer at http://localhost:${webPort} (GraphQL API on port ${apiPort})`);

  const beginStop = (signal: NodeJS.Signals, why: string) => {
    if (stopping) {
      // A second signal: do not wait for anything.
      stopAll("SIGKILL");
      process.exit(signal === "SIGINT" ? 130 : 1);
    }
    stopping = signal;
    log(`${why}: stopping the API and the web app`);
    // A restart still waiting for its pause is not made.
    for (const timer of restarts.values()) clearTimeout(timer);
    if (running.size === 0) settle();
    stopAll(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => beginStop(signal, signal));
  watchLaunchers(() => beginStop("SIGTERM", "the npm process that started kgx is gone"));
  await allStopped;
  process.exit(stopping ? 0 : (exitCode ?? 1));
}

await main();
