import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import { openHostedEmbeddedGraphStore, quarantineKey, type HostedEmbeddedGraphStore, type HostedStoreOptions } from "../src/embedded-host/index.ts";
import { GraphStoreError } from "../src/errors.ts";
import { contractFixture } from "./contract/index.ts";

/**
 * The embedded store in its own process, attacked the way a user of the notebook could: a
 * statement Kùzu 0.11.3 crashes on, one that ignores the query timeout, one that takes memory
 * without bound. Each must end only the store's process, be answered with its own code, leave the
 * app's reads answering, and be refused the next time. The contract suite runs over the same host
 * in embedded.int.test.ts.
 */

const MIB = 1024 * 1024;
/** Kùzu 0.11.3 ends the process (SIGSEGV) planning this: one UNION side's column is an expression of the other's. */
const CRASH = "RETURN 'x' AS a, 'y' AS b UNION ALL MATCH (p:Policy) RETURN (p.kind) AS a, p.kind AS b";
/** Kùzu cannot interrupt repeat(): it runs to the end, 39 s and gigabytes later, whatever the timeout. */
const TIME_BOMB = "RETURN size(repeat('a', 300000000)) AS n";
/** A list of a hundred million numbers, built in memory before it is counted. */
const MEMORY_BOMB = "UNWIND range(1, 100000000) AS x RETURN count(*) AS n";

const dirs: string[] = [];
const stores: HostedEmbeddedGraphStore[] = [];

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-host-"));
  dirs.push(dir);
  return dir;
}

async function openHosted(options: Partial<HostedStoreOptions> = {}): Promise<{ store: HostedEmbeddedGraphStore; log: string[] }> {
  const log: string[] = [];
  const store = await openHostedEmbeddedGraphStore({ dataDir: tempDir(), restartDelayMs: 100, log: (line) => log.push(line), ...options });
  stores.push(store);
  await store.applySchema();
  await store.writeBatch(contractFixture());
  return { store, log };
}

async function failure(promise: Promise<unknown>): Promise<GraphStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphStoreError);
  return error as GraphStoreError;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the embedded store in a process of its own", () => {
  it("survives a statement that crashes the engine: answered STORE_UNAVAILABLE with when to retry, reads answered, the statement refused next time", async () => {
    // The crash guard is off so that the engine really crashes.
    const { store, log } = await openHosted({ refuseKnownCrashes: false });
    const before = store.hostInfo().pid as number;
    expect(await store.runReadQuery("RETURN 1 AS one")).toMatchObject({ rows: [[1]] });

    const crash = failure(store.runReadQuery(CRASH));
    // An app read in flight when the host dies is sent again to the next host, once.
    const search = store.search("acme");
    const error = await crash;
    expect(error.code).toBe("STORE_UNAVAILABLE");
    expect(error.endedStore).toBe(true);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.message).toMatch(/crashed .* refused from now on/);
    expect((await search).map((hit) => hit.node.id)).toContain("acme");

    await until(() => store.hostInfo().up, 10_000);
    expect(store.hostInfo().pid).not.toBe(before);
    expect(alive(before)).toBe(false);
    expect(log.join("\n")).toMatch(/crashed with SIGSEGV while running .*UNION ALL/);

    // Refused without reaching the engine, in any spacing; the statement run before is not blamed.
    const again = await failure(store.runReadQuery(`  ${CRASH.replace(" UNION ", "\n  UNION ")}`));
    expect(again.code).toBe("CYPHER_QUARANTINED");
    expect(again.message).toMatch(/crashed the store/);
    expect(await store.runReadQuery("RETURN 1 AS one")).toMatchObject({ rows: [[1]] });
    expect(store.hostInfo().restarts).toBe(1);
  });

  it("answers STORE_UNAVAILABLE with retryAfterSeconds while the host is down, and everything again once it is back", async () => {
    const { store } = await openHosted();
    const pid = store.hostInfo().pid as number;
    process.kill(pid, "SIGKILL");
    await until(() => !store.hostInfo().up, 5000);
    const meanwhile = await failure(store.getEntity("acme"));
    expect(meanwhile.code).toBe("STORE_UNAVAILABLE");
    expect(meanwhile.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(meanwhile.endedStore).toBe(false);
    await until(() => store.hostInfo().up, 10_000);
    expect(await store.getEntity("acme")).toMatchObject({ id: "acme", type: "Organization" });
    // What was written before the end is still there: Kùzu's write-ahead log was replayed.
    expect((await store.stats()).entities).toBe(contractFixture().entities.length);
  });

  it("stops a statement that ignores its time limit by ending the host within timeout + grace, while other reads are answered", async () => {
    const { store, log } = await openHosted({ queryGraceMs: 500 });
    const started = Date.now();
    const bomb = failure(store.runReadQuery(TIME_BOMB, {}, { timeoutMs: 1000 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The app's reads have connections of their own, and the host's event loop is free.
    const searchStarted = Date.now();
    expect((await store.search("acme")).length).toBeGreaterThan(0);
    expect(Date.now() - searchStarted).toBeLessThan(500);

    const error = await bomb;
    const took = Date.now() - started;
    expect(error.code).toBe("QUERY_TIMEOUT");
    expect(error.endedStore).toBe(true);
    expect(took).toBeGreaterThanOrEqual(1500);
    expect(took).toBeLessThan(1500 + 1000);
    expect(log.join("\n")).toMatch(/ran past its time limit/);
    expect((await failure(store.runReadQuery(TIME_BOMB, {}, { timeoutMs: 1000 }))).code).toBe("CYPHER_QUARANTINED");
    await until(() => store.hostInfo().up, 10_000);
    expect(await store.runReadQuery("MATCH (o:Organization) RETURN count(*) AS n")).toMatchObject({ rows: [[expect.any(Number)]] });
  });

  it("ends the host when its memory passes the ceiling, answering QUERY_TOO_LARGE, and keeps the host within it", async () => {
    const limit = 900 * MIB;
    const { store } = await openHosted({ bufferPoolBytes: 256 * MIB, memoryLimitBytes: limit, memorySampleMs: 100 });
    const error = await failure(store.runReadQuery(MEMORY_BOMB, {}, { timeoutMs: 30_000 }));
    expect(error.code).toBe("QUERY_TOO_LARGE");
    expect(error.endedStore).toBe(true);
    expect(error.message).toMatch(/KGX_STORE_MEMORY_LIMIT, 900 MiB/);
    // Sampled every 100 ms: seen over the ceiling by no more than what one interval adds.
    expect(store.hostInfo().peakRssBytes).toBeLessThan(limit + 1024 * MIB);
    expect((await failure(store.runReadQuery(MEMORY_BOMB))).code).toBe("CYPHER_QUARANTINED");
    await until(() => store.hostInfo().up, 10_000);
    expect(await store.getEntity("acme")).not.toBeNull();
  });

  it("answers a statement that needs more than the buffer pool holds with QUERY_TOO_LARGE, not as a store failure", async () => {
    const { store } = await openHosted({ bufferPoolBytes: 128 * MIB });
    const error = await failure(store.runReadQuery(TIME_BOMB, {}, { timeoutMs: 10_000 }));
    expect(error.code).toBe("QUERY_TOO_LARGE");
    expect(error.message).toMatch(/KGX_KUZU_BUFFER_POOL/);
    // The engine refused it by itself: no restart, nothing quarantined.
    expect(error.endedStore).toBe(false);
    expect(store.hostInfo().restarts).toBe(0);
    expect((await failure(store.runReadQuery(TIME_BOMB, {}, { timeoutMs: 10_000 }))).code).toBe("QUERY_TOO_LARGE");
  });

  it("gives the host only the environment it is given: no token, no password", async () => {
    const secretName = "KGX_WRITE_TOKEN";
    const saved = process.env[secretName];
    process.env[secretName] = "host-must-not-see-this";
    try {
      const { store } = await openHosted({ environment: { PATH: process.env["PATH"] ?? "/usr/bin", LANG: "C.UTF-8" } });
      const pid = store.hostInfo().pid as number;
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
      // Node's own IPC channel variables aside.
      const names = environ.map((entry) => entry.slice(0, entry.indexOf("="))).filter((name) => !name.startsWith("NODE_CHANNEL_"));
      expect(names.sort()).toEqual(["LANG", "PATH", "UV_THREADPOOL_SIZE"]);
      expect(environ.join("\n")).not.toContain("host-must-not-see-this");
    } finally {
      if (saved === undefined) delete process.env[secretName];
      else process.env[secretName] = saved;
    }
  });

  it("keeps serving through SIGINT and SIGTERM sent to its process group, and closes when asked", async () => {
    const { store } = await openHosted();
    const pid = store.hostInfo().pid as number;
    process.kill(pid, "SIGINT");
    process.kill(pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alive(pid)).toBe(true);
    expect(await store.getEntity("acme")).not.toBeNull();
    await store.close();
    await until(() => !alive(pid), 5000);
    const error = await failure(store.getEntity("acme"));
    expect(error.code).toBe("STORE_UNAVAILABLE");
  });

  it("ends with its parent, however the parent ends, and frees the store's directory", async () => {
    const dir = tempDir();
    const parentScript = path.join(dir, "..", `${path.basename(dir)}-parent.mts`);
    fs.writeFileSync(
      parentScript,
      `import { openHostedEmbeddedGraphStore } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/embedded-host/index.ts"))};\n` +
        `const store = await openHostedEmbeddedGraphStore({ dataDir: ${JSON.stringify(dir)} });\n` +
        `await store.applySchema();\n` +
        `process.stdout.write("host " + store.hostInfo().pid + "\\n");\n` +
        `setInterval(() => undefined, 1000);\n`,
    );
    dirs.push(parentScript);
    const parent = spawn(process.execPath, ["--import", "tsx", parentScript], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    parent.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await until(() => /host \d+/.test(output), 60_000);
    const hostPid = Number(/host (\d+)/.exec(output)?.[1]);
    expect(alive(hostPid)).toBe(true);
    parent.kill("SIGKILL");
    await until(() => !alive(hostPid), 6000);
    // The lock is free: the directory opens in this process.
    const reopened = await openEmbeddedGraphStore({ dataDir: dir });
    expect((await reopened.stats()).entities).toBe(0);
    await reopened.close();
  });

  it("reports an open error of the host (the directory locked by another process) to the caller", async () => {
    const dir = tempDir();
    const holder = await openHostedEmbeddedGraphStore({ dataDir: dir });
    stores.push(holder);
    const error = await failure(openHostedEmbeddedGraphStore({ dataDir: dir }));
    expect(error.code).toBe("STORE_LOCKED");
  });

  it("remembers a statement whatever its spacing", () => {
    expect(quarantineKey("  MATCH (n)\n\tRETURN n  ")).toBe("MATCH (n) RETURN n");
  });
});
