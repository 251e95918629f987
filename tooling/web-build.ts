import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { WEB_BUILDS, WEB_BUILD_VARIABLE, type WebBuildKind } from "../apps/web/web-builds.ts";

/**
 * The web app's builds, each made when it is missing or older than its sources: the production
 * build `npm start` serves (a fresh clone has none), and the browser tests' build, which adds the
 * graph probe and lives in a folder of its own (apps/web/web-builds.ts).
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");
export const WEB_DIR = path.join(REPO_ROOT, "apps/web");

export type { WebBuildKind };

/** What a build is made from: the app, the domain model it draws its legend from, the notebook format, and the installed versions. */
const BUILD_INPUTS = [
  "apps/web/app",
  "apps/web/src",
  "apps/web/next.config.ts",
  "apps/web/web-builds.ts",
  "apps/web/proxy.ts",
  "apps/web/package.json",
  "apps/web/tsconfig.json",
  "packages/domain/src",
  "packages/notebook/src",
  "package-lock.json",
];

/** The folder a build is made in. */
export function webBuildDir(kind: WebBuildKind): string {
  return path.join(WEB_DIR, WEB_BUILDS[kind].distDir);
}

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), 0);
}

/** Why the build must be (re)made, or undefined when the one on disk is current. */
export function webBuildStaleReason(kind: WebBuildKind = "production"): string | undefined {
  const buildId = path.join(webBuildDir(kind), "BUILD_ID");
  if (!fs.existsSync(buildId)) return `there is no ${kind} build yet`;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.find((input) => newestMtime(path.join(REPO_ROOT, input)) > builtAt);
  return changed ? `${changed} changed since the last ${kind} build` : undefined;
}

export function nextBin(): string {
  return createRequire(path.join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");
}

/** Secrets of the API and the store that the web app never needs; see webBuildEnvironment. */
export function isServerSecretName(name: string): boolean {
  return name === "KGX_WRITE_TOKEN" || name.startsWith("NEO4J_");
}

/**
 * What names a build in the environment of `next build` and of the server that serves it: the
 * test build's variable, or none for production (a KGX_WEB_BUILD of the caller's shell must never
 * make `npm start` build or serve the test build).
 */
export function withWebBuild(env: NodeJS.ProcessEnv, kind: WebBuildKind): NodeJS.ProcessEnv {
  const named: NodeJS.ProcessEnv = { ...env };
  if (kind === "production") delete named[WEB_BUILD_VARIABLE];
  else named[WEB_BUILD_VARIABLE] = kind;
  return named;
}

/**
 * The environment `next build` runs in: the caller's, without the API's write token and the Neo4j
 * settings. The web app reads neither, but a build inlines what client code names from the
 * environment (and whatever next.config puts in `env`), so a secret the build never sees can never
 * end up in a bundle, whatever a later change to the code does.
 */
export function webBuildEnvironment(env: NodeJS.ProcessEnv = process.env, kind: WebBuildKind = "production"): NodeJS.ProcessEnv {
  const buildEnv: NodeJS.ProcessEnv = { ...withWebBuild(env, kind), NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of Object.keys(buildEnv)) if (isServerSecretName(name)) delete buildEnv[name];
  return buildEnv;
}

/** Runs `next build` in apps/web; rejects with its output when it fails. */
export function buildWebApp(
  log: (line: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = process.env,
  kind: WebBuildKind = "production",
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), "build"], {
      cwd: WEB_DIR,
      env: webBuildEnvironment(env, kind),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split("\n")) if (line.trim()) log(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build (${kind}) failed (exit ${code}):\n${output}`))));
  });
}

/** Builds the web app when its build of that kind is missing or stale; says why it builds. */
export async function ensureWebBuild(
  log: (line: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = process.env,
  kind: WebBuildKind = "production",
): Promise<void> {
  const reason = webBuildStaleReason(kind);
  if (!reason) return;
  log(`building the web app: ${reason}`);
  await buildWebApp(log, env, kind);
}
