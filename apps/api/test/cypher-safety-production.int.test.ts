import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cypherEscapeAttempts } from "@kgx/graph-store/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "./support/api-process.ts";
import { answerOf, codes, filesUnder, type GraphqlAnswer } from "./support/test-api.ts";

/**
 * The escape matrix of cypher-safety.int.test.ts again, against the store opened the way
 * production opens it: the real `kgx-api` process with NODE_ENV=production on an embedded store it
 * seeds itself. Every attempt must be refused, the graph must be exactly as before, no file may
 * appear or change anywhere the process could write (its data and notebook directories, its working
 * directory, its own temp directory, the directory the attempts aim at), and the process must
 * still answer and then stop cleanly on SIGTERM.
 */
describe("cypher cannot write or escape in the production process", () => {
  let root: string;
  let dirs: { store: string; notebooks: string; cwd: string; tmp: string; outside: string };
  let secretFile: string;
  let api: ApiProcess;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-prod-escape-"));
    dirs = {
      store: path.join(root, "store"),
      notebooks: path.join(root, "notebooks"),
      cwd: path.join(root, "cwd"),
      // The process's own temp directory, so that any temp file it writes is seen here and not
      // lost among other processes' files in the shared one.
      tmp: path.join(root, "tmp"),
      outside: path.join(root, "outside"),
    };
    for (const dir of [dirs.cwd, dirs.tmp, dirs.outside]) fs.mkdirSync(dir);
    secretFile = path.join(dirs.outside, "secret.csv");
    fs.writeFileSync(secretFile, "id,name\nsecret-1,Do not read me\n");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      KGX_STORE: "embedded",
      KGX_DATA_DIR: dirs.store,
      KGX_NOTEBOOK_DIR: dirs.notebooks,
      // Off, so the matrix is not cut short by the per-client limit on cypher.
      KGX_CYPHER_RATE_LIMIT: "0",
      TMPDIR: dirs.tmp,
      TMP: dirs.tmp,
      TEMP: dirs.tmp,
    };
    for (const name of ["NEO4J_URI", "KGX_WRITE_TOKEN", "KGX_DEBUG", "PORT"]) delete env[name];
    api = await startApiProcess({ env, cwd: dirs.cwd });
  }, 180_000);

  afterAll(async () => {
    await api?.stop("SIGKILL");
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  async function cypher(statement: string): Promise<GraphqlAnswer> {
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query($s: String!) { cypher(statement: $s) { columns rows } }", variables: { s: statement } }),
    });
    return answerOf(response);
  }

  /** Counts and a checksum of every entity and relationship with all their properties, read through the API. */
  async function graphThroughApi(): Promise<{ entities: number; relationships: number; checksum: string }> {
    const nodes = await cypher("MATCH (n) RETURN n ORDER BY n.id");
    const rels = await cypher("MATCH (a)-[r]->(b) RETURN a.id, r, b.id ORDER BY r.id, a.id, b.id");
    for (const answer of [nodes, rels]) expect(answer.body.errors, answer.text).toBeUndefined();
    const nodeRows = (nodes.body.data?.["cypher"] as { rows: unknown[] }).rows;
    const relRows = (rels.body.data?.["cypher"] as { rows: unknown[] }).rows;
    return {
      entities: nodeRows.length,
      relationships: relRows.length,
      checksum: createHash("sha256")
        .update(JSON.stringify([nodeRows, relRows]))
        .digest("hex"),
    };
  }

  it("refuses every write, escape and engine command with CYPHER_WRITE_REFUSED; graph and files stay as they were; SIGTERM exits 0", async () => {
    const graphBefore = await graphThroughApi();
    expect(graphBefore.entities).toBeGreaterThan(40);
    const filesBefore = Object.fromEntries(Object.entries(dirs).map(([name, dir]) => [name, filesUnder(dir)]));
    const attempts = cypherEscapeAttempts({ readableFile: secretFile, outsideDir: dirs.outside });
    // Relative targets too: a path without a directory would land in the working directory.
    attempts.push(
      ["COPY TO a relative path", "COPY Person TO 'people-relative.csv'"],
      ["EXPORT DATABASE to a relative path", "EXPORT DATABASE 'dump-relative'"],
      ["COPY TO the temp directory", `COPY Person TO '${path.join(os.tmpdir(), `kgx-escape-${process.pid}.csv`)}'`],
    );

    const answers: Record<string, string> = {};
    for (const [label, statement] of attempts) {
      const answer = await cypher(statement);
      answers[label] = `${answer.status} ${codes(answer).join(",")}`;
      expect(answer.text, label).not.toContain("Do not read me");
      expect(answer.text, label).not.toMatch(/\n\s+at /);
      expect(answer.text, label).not.toContain("stacktrace");
    }
    expect(answers).toEqual(Object.fromEntries(attempts.map(([label]) => [label, "200 CYPHER_WRITE_REFUSED"])));
    console.info(`${attempts.length} escape attempts refused by the production process`);

    expect(await graphThroughApi()).toEqual(graphBefore);
    for (const [name, dir] of Object.entries(dirs)) expect(filesUnder(dir), name).toEqual(filesBefore[name]);
    expect(fs.existsSync(path.join(os.tmpdir(), `kgx-escape-${process.pid}.csv`))).toBe(false);

    // Still up and answering reads after every refusal.
    expect(api.child.exitCode).toBeNull();
    expect((await fetch(`${api.origin}/health`)).status).toBe(200);
    const read = await cypher("MATCH (p:Person) RETURN count(p) AS people");
    expect(read.body.errors).toBeUndefined();

    const exitCode = await api.stop("SIGTERM");
    expect(exitCode, api.output()).toBe(0);
    expect(api.output()).toContain("stopped");
    expect(api.output()).not.toMatch(/\n\s+at /);
  }, 120_000);
});
