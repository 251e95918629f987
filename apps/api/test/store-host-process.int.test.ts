import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "./support/api-process.ts";
import { answerOf, codes, type GraphqlAnswer } from "./support/test-api.ts";

/**
 * The real `kgx-api` process, embedded store, attacked over HTTP by anonymous clients: the
 * statement Kùzu 0.11.3 crashes on and its spellings, a crash of the store's process in the middle
 * of a query, a statement that ignores its time limit and one that takes memory without bound.
 * After each the API is the same process, answers search within seconds, and keeps memory within
 * the limits it was given; another client's search is answered while a bomb runs.
 */

const CYPHER_TIMEOUT_MS = 1000;
const GRACE_MS = 1000;
/** Kùzu takes the time bomb's string from its buffer pool. */
const BUFFER_POOL_MIB = 512;
const MEMORY_LIMIT_MIB = 1280;
const RATE_PER_MINUTE = 40;
const WRITE_TOKEN = "store-host-test-token";

const CRASH = "RETURN 'x' AS a, 'y' AS b UNION ALL MATCH (p:Policy) RETURN (p.kind) AS a, p.kind AS b";
const CRASH_SPELLINGS = [
  CRASH,
  "return 'x' as a, 'y' as b union all match (p:Policy) return (p.kind) as a, p.kind as b",
  "RETURN 'x' AS a, 'y' AS b UNION ALL MATCH (p:Policy) RETURN ((p.kind)) AS a, (p).kind AS b",
  "RETURN 'x' AS `a`, 'y' AS `b` UNION ALL MATCH (`p`:Policy) RETURN (`p`.kind) AS `a`, `p`.`kind` AS `b`",
  "/* c */ RETURN 'x' AS a, 'y' AS b // d\nUNION ALL MATCH (p:Policy) RETURN (p.kind) AS a, p.kind AS b",
  "RETURN 'x' AS a, 'y' AS b UNION MATCH (p:Policy) RETURN (p.kind) AS a, p.kind AS b",
  "RETURN 'y' AS b, 'x' AS a UNION ALL MATCH (p:Policy) RETURN p.kind AS b, (p.kind) AS a",
];
/** Kùzu cannot interrupt repeat(): this one runs about 4 s whatever the timeout, and its 100 MB string fits the buffer pool. */
const TIME_BOMB = "RETURN size(repeat('a', 100000000)) AS n";
const MEMORY_BOMB = "UNWIND range(1, 100000000) AS x RETURN count(*) AS n";

function residentMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) / 1024;
}

function childrenOf(pid: number): number[] {
  const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the API process when the store's process crashes or runs away", () => {
  let root: string;
  let api: ApiProcess;
  let apiPid: number;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-store-host-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      KGX_STORE: "embedded",
      KGX_DATA_DIR: path.join(root, "store"),
      KGX_NOTEBOOK_DIR: path.join(root, "notebooks"),
      KGX_CYPHER_TIMEOUT_MS: String(CYPHER_TIMEOUT_MS),
      KGX_STORE_QUERY_GRACE_MS: String(GRACE_MS),
      KGX_KUZU_BUFFER_POOL: String(BUFFER_POOL_MIB),
      KGX_STORE_MEMORY_LIMIT: String(MEMORY_LIMIT_MIB),
      KGX_CYPHER_RATE_LIMIT: String(RATE_PER_MINUTE),
      KGX_WRITE_TOKEN: WRITE_TOKEN,
    };
    for (const name of ["NEO4J_URI", "KGX_DEBUG", "PORT", "KGX_WRITE_TOKEN_SHA256"]) delete env[name];
    api = await startApiProcess({ env, cwd: root });
    apiPid = api.child.pid as number;
  }, 180_000);

  afterAll(async () => {
    await api?.stop("SIGKILL");
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  /** One client per test (its own X-Forwarded-For, which the API believes from loopback), so rate limits do not cross tests. */
  async function graphql(client: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer & { ms: number }> {
    const started = Date.now();
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": client },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const answer = await answerOf(response);
    return { ...answer, ms: Date.now() - started };
  }

  const cypher = (client: string, statement: string) => graphql(client, "query($s: String!) { cypher(statement: $s) { rows } }", { s: statement });
  const search = (client: string) => graphql(client, '{ search(query: "nvidia") { id } }');

  /** Search answered with hits within `withinMs`, retrying while the store is restarting. */
  async function searchAnswersWithin(client: string, withinMs: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      const answer = await search(client);
      if (!answer.body.errors) {
        expect(JSON.stringify(answer.body.data)).toContain("nvidia");
        return Date.now() - started;
      }
      expect(codes(answer)).toEqual(["STORE_UNAVAILABLE"]);
      expect(answer.body.errors[0]?.extensions?.["retryAfterSeconds"]).toBeGreaterThanOrEqual(1);
      if (Date.now() - started > withinMs) throw new Error(`search not answered within ${withinMs} ms: ${answer.text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  // Each test starts with the store answering, whatever the test before it left behind.
  beforeEach(async () => {
    await searchAnswersWithin("10.0.9.9", 15_000);
  });

  function storeHostPid(): number | undefined {
    return childrenOf(apiPid).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("host-entry"));
  }

  it("runs the store in a child process that has neither the write token nor its digest", () => {
    const host = storeHostPid();
    expect(host).toBeDefined();
    const environ = fs.readFileSync(`/proc/${host}/environ`, "utf8");
    expect(environ).not.toContain(WRITE_TOKEN);
    expect(environ).not.toMatch(/KGX_WRITE_TOKEN|NEO4J_PASSWORD/);
  });

  it("answers the crash statement in every spelling, and search within seconds after each; the API is the same process", async () => {
    for (const statement of CRASH_SPELLINGS) {
      const answer = await cypher("10.0.0.1", statement);
      expect(answer.status, statement).toBe(200);
      expect(answer.text).not.toMatch(/\n\s+at /);
      // Refused by the crash guard, or the store's process crashed and said so; nothing else.
      for (const code of codes(answer))
        expect(["BAD_USER_INPUT", "CYPHER_SYNTAX", "CYPHER_WRITE_REFUSED", "STORE_UNAVAILABLE", "CYPHER_QUARANTINED"], statement).toContain(code);
      expect(await searchAnswersWithin("10.0.0.2", 5000)).toBeLessThan(5000);
    }
    expect(alive(apiPid)).toBe(true);
    expect(api.child.exitCode).toBeNull();
  });

  it("stays up through six crashes of the store's process in a row, answering STORE_UNAVAILABLE with retryAfterSeconds meanwhile", async () => {
    let slowest = 0;
    for (let crash = 1; crash <= 6; crash++) {
      const host = storeHostPid();
      expect(host, `store process before crash ${crash}`).toBeDefined();
      // A client of its own each time: a crash costs its sender a share of the allowance.
      const inFlight = cypher(`10.0.1.${10 + crash}`, TIME_BOMB.replace("100000000", String(100000000 + crash)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      process.kill(host as number, "SIGSEGV");
      const answer = await inFlight;
      expect(codes(answer)).toEqual(["STORE_UNAVAILABLE"]);
      expect(answer.body.errors?.[0]?.extensions?.["retryAfterSeconds"]).toBeGreaterThanOrEqual(1);
      expect(answer.body.errors?.[0]?.message).toMatch(/crashed .* refused from now on/);
      // Each crash is put down to the statement in flight, which is refused from now on, so the
      // store's process starts again at once rather than backing off.
      const waited = await searchAnswersWithin("10.0.1.2", 5000);
      slowest = Math.max(slowest, waited);
    }
    console.info(`six crashes of the store's process: search answered again within ${slowest} ms of each`);
    expect(api.child.exitCode).toBeNull();
    const ready = await fetch(new URL("/ready", api.url));
    expect(ready.status).toBe(200);
  });

  it("stops a statement that ignores its time limit within timeout + grace, answering another client meanwhile, and refuses it next time", async () => {
    const bomb = cypher("10.0.2.1", TIME_BOMB);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const other = await search("10.0.2.2");
    expect(other.body.errors).toBeUndefined();
    expect(other.ms).toBeLessThan(1000);
    const answer = await bomb;
    expect(codes(answer)).toEqual(["QUERY_TIMEOUT"]);
    expect(answer.ms).toBeLessThan(CYPHER_TIMEOUT_MS + GRACE_MS + 1500);
    expect(residentMiB(apiPid)).toBeLessThan(512);
    console.info(
      `time bomb answered ${codes(answer)[0]} in ${answer.ms} ms; another client's search in ${other.ms} ms; the API at ${Math.round(residentMiB(apiPid))} MiB`,
    );
    await searchAnswersWithin("10.0.2.2", 5000);
    const again = await cypher("10.0.2.3", TIME_BOMB);
    expect(codes(again)).toEqual(["CYPHER_QUARANTINED"]);
    expect(again.ms).toBeLessThan(500);
  });

  it("stops a statement that takes memory without bound within timeout + grace, the store's process never far over its limit", async () => {
    let peakHostMiB = 0;
    const sampler = setInterval(() => {
      const host = storeHostPid();
      if (host !== undefined && alive(host)) peakHostMiB = Math.max(peakHostMiB, residentMiB(host));
    }, 50);
    try {
      const bomb = cypher("10.0.3.1", MEMORY_BOMB);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const other = await search("10.0.3.2");
      expect(other.ms).toBeLessThan(1500);
      const answer = await bomb;
      console.info(`memory bomb answered ${codes(answer)[0]} in ${answer.ms} ms; another client's search in ${other.ms} ms`);
      // Whichever comes first: the engine's own interrupt, the deadline, or the memory ceiling.
      expect(["QUERY_TOO_LARGE", "QUERY_TIMEOUT"]).toContain(codes(answer)[0]);
      expect(answer.ms).toBeLessThan(CYPHER_TIMEOUT_MS + GRACE_MS + 1500);
    } finally {
      clearInterval(sampler);
    }
    // The ceiling is checked ten times a second; memory grows fast here, so the process is seen somewhat over it.
    console.info(`memory bomb: the store's process peaked at ${Math.round(peakHostMiB)} MiB (limit ${MEMORY_LIMIT_MIB} MiB)`);
    expect(peakHostMiB).toBeLessThan(MEMORY_LIMIT_MIB + 512);
    expect(residentMiB(apiPid)).toBeLessThan(512);
    await searchAnswersWithin("10.0.3.2", 5000);
  });

  it("counts a statement that ended the store's process against the client that sent it", async () => {
    const sender = "10.0.4.1";
    const bystander = "10.0.4.2";
    const bomb = await cypher(sender, TIME_BOMB.replace("100000000", "100000007"));
    expect(codes(bomb)).toEqual(["QUERY_TIMEOUT"]);
    await searchAnswersWithin(bystander, 5000);
    const allowed = async (client: string) => {
      let n = 0;
      for (; n < RATE_PER_MINUTE; n++) {
        const answer = await cypher(client, "RETURN 1 AS one");
        if (codes(answer).includes("RATE_LIMITED")) break;
        expect(answer.body.errors, answer.text).toBeUndefined();
      }
      return n;
    };
    // The bomb cost one call and a quarter of the minute's allowance; the bystander has it all.
    const senderLeft = await allowed(sender);
    const bystanderLeft = await allowed(bystander);
    expect(bystanderLeft).toBe(RATE_PER_MINUTE);
    // Without the charge it would be 39 or 40; the minute refills a little while the test runs.
    expect(senderLeft).toBeLessThanOrEqual(RATE_PER_MINUTE - RATE_PER_MINUTE / 4 + 2);
  });
});
