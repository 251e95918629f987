import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A real Neo4j Community server without Docker: Maven copies Neo4j's runtime classpath from Maven
 * Central into a cache once (again only when pom.xml changes), and `Launcher.java` runs it as a
 * single-file Java program with Bolt on 127.0.0.1. Used by `npm run neo4j` and by the tests.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, "../..");
const POM = path.join(HERE, "pom.xml");
const LAUNCHER = path.join(HERE, "Launcher.java");
const CACHE_ROOT = path.join(REPO_ROOT, "node_modules/.cache/kgx-neo4j");
/** Pinned: Maven 3.8 would otherwise pick whatever dependency plugin its super-POM names. */
const DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
/** Neo4j 5.26 runs on Java 17 and 21. */
const MIN_JAVA = 17;

/**
 * The JVM flags Neo4j's own neo4j.conf passes on Java 17+ (server.jvm.additional). Without the
 * java.nio one, startup fails in Neo4j's UnsafeUtil.
 */
const NEO4J_JVM_FLAGS = [
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "--enable-native-access=ALL-UNNAMED",
  "-Dio.netty.tryReflectionSetAccessible=true",
  "-XX:+UseG1GC",
  "-XX:-OmitStackTraceInFastThrow",
];

const STARTUP_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

export interface Neo4jServerOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** For the user `neo4j`; at least 8 characters. */
  password: string;
  /** JVM heap limit, e.g. "1g" (the default). */
  heap?: string;
  /** Neo4j page cache, e.g. "256m" (the default). */
  pageCache?: string;
  /** Memory one transaction may use, e.g. "256m" (the default). */
  transactionMax?: string;
  /** Delete the data directory when the server stops, however it stops (for tests). */
  deleteDataOnExit?: boolean;
  /** Where Maven's and Java's progress lines go; nothing is printed by default. */
  log?: (line: string) => void;
}

export interface RunningNeo4jServer {
  boltUri: string;
  username: string;
  password: string;
  version: string;
  dataDir: string;
  pid: number;
  /** Resolves once the server has shut down cleanly (or was killed after 30 s). */
  stop(): Promise<void>;
  /** Resolves when the JVM ends for any reason, with its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** A problem a person can fix, in one line. */
export class Neo4jServerError extends Error {
  override name = "Neo4jServerError";
}

function javaCommand(): string {
  const home = process.env["JAVA_HOME"];
  return home ? path.join(home, "bin", "java") : "java";
}

/** The major version of the Java that would run the server, or why there is none. */
export function checkJava(): { major: number } | { problem: string } {
  const java = javaCommand();
  const result = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (result.error) return { problem: `Java ${MIN_JAVA} or newer is needed to run Neo4j, and \`${java}\` was not found` };
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  // Java 8 and older say "1.8.0_…".
  const major = match ? (match[1] === "1" ? Number(match[2]) : Number(match[1])) : Number.NaN;
  if (!(major >= MIN_JAVA)) {
    return { problem: `Java ${MIN_JAVA} or newer is needed to run Neo4j; \`${java}\` is ${Number.isNaN(major) ? "of an unknown version" : `Java ${major}`}` };
  }
  return { major };
}

export function hasMaven(): boolean {
  return !spawnSync("mvn", ["-v"], { encoding: "utf8" }).error;
}

/** The cached classpath for the current pom.xml; resolved with Maven when missing. */
export function resolveNeo4jClasspath(log?: (line: string) => void): string {
  const pom = fs.readFileSync(POM);
  const dir = path.join(CACHE_ROOT, createHash("sha256").update(pom).digest("hex").slice(0, 16));
  const lib = path.join(dir, "lib");
  if (fs.existsSync(lib)) return lib;
  if (!hasMaven()) throw new Neo4jServerError("Maven (`mvn`) is needed once to fetch Neo4j from Maven Central, and it was not found");
  log?.(`resolving Neo4j from Maven Central into ${path.relative(REPO_ROOT, lib)}`);
  // Into a private folder first, so a concurrent start never sees half a classpath.
  const partial = `${lib}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  const result = spawnSync("mvn", ["-B", "-q", "-f", POM, `${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${partial}`, "-DincludeScope=runtime"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0) {
    fs.rmSync(partial, { recursive: true, force: true });
    const output = `${result.stdout}${result.stderr}`.trim().split("\n").slice(-15).join("\n");
    throw new Neo4jServerError(`Maven could not fetch Neo4j from Maven Central (exit ${result.status}):\n${output}`);
  }
  try {
    fs.renameSync(partial, lib);
  } catch (error) {
    // Another start finished first; its copy is the same.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(lib)) throw error;
  }
  return lib;
}

/** A port nothing listens on right now, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const SIZE = /^\d+[kmg]?$/i;

export async function startNeo4jServer(options: Neo4jServerOptions): Promise<RunningNeo4jServer> {
  const { password, log } = options;
  const heap = options.heap ?? "1g";
  const pageCache = options.pageCache ?? "256m";
  const transactionMax = options.transactionMax ?? "256m";
  if (password.length < 8) throw new Neo4jServerError("NEO4J_PASSWORD must be set to at least 8 characters");
  for (const [name, value] of Object.entries({ heap, pageCache, transactionMax })) {
    if (!SIZE.test(value)) throw new Neo4jServerError(`${name} must be a size such as 512m or 1g, got "${value}"`);
  }
  const java = checkJava();
  if ("problem" in java) throw new Neo4jServerError(java.problem);
  const lib = resolveNeo4jClasspath(log);
  const port = options.port === 0 ? await freePort() : options.port;
  const dataDir = path.resolve(options.dataDir);

  const child = spawn(
    javaCommand(),
    [
      `-Xmx${heap}`,
      ...NEO4J_JVM_FLAGS,
      "-cp",
      `${lib}${path.sep}*`,
      LAUNCHER,
      "--port",
      String(port),
      "--data-dir",
      dataDir,
      "--page-cache",
      pageCache,
      "--transaction-max",
      transactionMax,
      "--exit-on-stdin-eof",
      ...(options.deleteDataOnExit ? ["--delete-data-on-exit"] : []),
    ],
    { env: { ...process.env, NEO4J_PASSWORD: password }, stdio: ["pipe", "pipe", "pipe"] },
  );
  // Nothing is ever written: the pipe only tells the JVM that this process is alive.
  child.stdin.on("error", () => {});

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stderrLines: string[] = [];
  const version = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Neo4jServerError(`Neo4j did not start within ${STARTUP_TIMEOUT_MS / 1000} s (logs in ${path.join(dataDir, "logs")})`));
    }, STARTUP_TIMEOUT_MS);
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      for (let end = stdout.indexOf("\n"); end >= 0; end = stdout.indexOf("\n")) {
        const line = stdout.slice(0, end);
        stdout = stdout.slice(end + 1);
        const ready = /^Neo4j (\S+) ready on /.exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1] as string);
        } else if (line.trim()) log?.(line);
      }
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      for (let end = stderr.indexOf("\n"); end >= 0; end = stderr.indexOf("\n")) {
        const line = stderr.slice(0, end);
        stderr = stderr.slice(end + 1);
        stderrLines.push(line);
        if (stderrLines.length > 40) stderrLines.shift();
        // The launcher's refusals become the error message instead.
        if (!line.startsWith("neo4j: ")) log?.(line);
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      // The launcher's own refusals are one line starting "neo4j: "; anything else gets its tail.
      const plain = stderrLines.find((line) => line.startsWith("neo4j: "));
      reject(
        new Neo4jServerError(plain ? plain.slice("neo4j: ".length) : `Neo4j stopped during startup (exit ${code}):\n${stderrLines.slice(-15).join("\n")}`),
      );
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    boltUri: `bolt://127.0.0.1:${port}`,
    username: "neo4j",
    password,
    version,
    dataDir,
    pid: child.pid as number,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const killer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(killer);
      })();
      return stopping;
    },
  };
}
