import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSeededStore, startTestApi, type TestApi, type TestStore } from "./support/test-api.ts";

describe("HTTP endpoints", () => {
  let seeded: TestStore;
  let api: TestApi;

  beforeAll(async () => {
    seeded = await openSeededStore();
    api = await startTestApi(seeded.store);
  });

  afterAll(async () => {
    await api?.stop();
    await seeded?.close();
  });

  it("GET /health says the process is alive", async () => {
    const response = await fetch(`${api.origin}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /ready says the store answers, and which backend it is", async () => {
    const response = await fetch(`${api.origin}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", backend: "embedded" });
  });

  it("answers 404 elsewhere, 405 for other methods, 400 for a body that is not JSON", async () => {
    expect((await fetch(`${api.origin}/nothing-here`)).status).toBe(404);
    const put = await fetch(api.url, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST");
    const broken = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }] });
  });

  it("shows browsers a landing page that loads nothing from elsewhere and points to GraphiQL", async () => {
    const page = await fetch(api.url, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("kgx GraphQL API");
    expect(html).toContain("GraphiQL");
    // The example uses the address this server really listens on (port 0 picked a free one here).
    expect(html).toContain(`curl -s ${api.url} `);
    // Nothing for the browser to fetch: no scripts, stylesheets or images, from anywhere.
    expect(html).not.toMatch(/<script|<link|<img|src=/i);
  });

  it("answers requests Node's parser refuses (oversized request line, bytes that are not HTTP) with a JSON error", async () => {
    const longGet = await fetch(`${api.url}?query=${"x".repeat(20_000)}`, { headers: { "apollo-require-preflight": "true" } });
    expect(longGet.status).toBe(431);
    expect(((await longGet.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe("BAD_REQUEST");

    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(api.origin).port), "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toEqual({
      errors: [{ message: "The request is not valid HTTP.", extensions: { code: "BAD_REQUEST" } }],
    });
    // The server is unharmed.
    expect((await fetch(`${api.origin}/health`)).status).toBe(200);
  });
});

describe("GET /ready when the store does not answer", () => {
  it("answers 503 with the reason", async () => {
    const seeded = await openSeededStore();
    const api = await startTestApi(seeded.store);
    try {
      await seeded.store.close();
      const response = await fetch(`${api.origin}/ready`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; reason: string };
      expect(body.status).toBe("unavailable");
      expect(body.reason).toContain("closed");
      // The process itself is fine.
      expect((await fetch(`${api.origin}/health`)).status).toBe(200);
    } finally {
      await api.stop();
      await seeded.close();
    }
  });
});

describe("the kgx-api process", () => {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/kgx-api.mjs");
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-api-process-"));
  });

  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the real app on a free port and resolves with its URL once it listens (after seeding). */
  function startApp(): Promise<{ url: string; output: () => string; exited: Promise<number | null> }> {
    const proc = spawn(process.execPath, [bin], {
      env: { PATH: process.env["PATH"], PORT: "0", KGX_DATA_DIR: dataDir, KGX_CYPHER_TIMEOUT_MS: "60000", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let output = "";
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code, signal) => resolve(code ?? (signal as never))));
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const match = /GraphQL API at (http:\/\/\S+\/graphql)/.exec(output);
        if (match) resolve({ url: match[1] as string, output: () => output, exited });
      };
      proc.stdout?.on("data", onData);
      proc.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      void exited.then((code) => reject(new Error(`kgx-api exited with ${code} before listening:\n${output}`)));
    });
  }

  /** Sends a request and resolves once it has left this process, with the eventual response. */
  function sendSlowQuery(url: string): Promise<{ sent: Promise<void>; answer: Promise<{ status: number; body: string }> }> {
    // About a second or more of work, so the request is still running when the signal arrives.
    const statement = "UNWIND range(1, 15000) AS x UNWIND range(1, 15000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*) AS n";
    const body = JSON.stringify({ query: "query($s: String!) { cypher(statement: $s) { rows } }", variables: { s: statement } });
    return Promise.resolve().then(() => {
      let markSent!: () => void;
      const sent = new Promise<void>((resolve) => (markSent = resolve));
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(url, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        request.on("error", reject);
        request.end(body, () => markSent());
      });
      return { sent, answer };
    });
  }

  it("seeds an empty store on first start, and on SIGTERM finishes the request in flight, closes the store and exits 0", async () => {
    const app = await startApp();
    expect(app.output()).toContain("loaded 80 entities and 262 relationships");
    expect(app.output()).toContain("backend: embedded");
    const ready = await fetch(app.url.replace("/graphql", "/ready"));
    expect(ready.status).toBe(200);

    const slow = await sendSlowQuery(app.url);
    await slow.sent;
    // Give the server a moment to read the request off the socket; the query itself runs far longer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child?.kill("SIGTERM");

    const answer = await slow.answer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { cypher: { rows: [[expect.any(Number)]] } } });
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain("SIGTERM: stopping");
    expect(app.output()).toContain("stopped");
    await expect(fetch(app.url.replace("/graphql", "/health"))).rejects.toThrow();
  });

  it("starts again on the same directory without seeding twice", async () => {
    const app = await startApp();
    expect(app.output()).toContain("80 entities and 262 relationships in the store");
    expect(app.output()).not.toContain("loading the shipped knowledge");
    child?.kill("SIGINT");
    expect(await app.exited, app.output()).toBe(0);
  });
});
