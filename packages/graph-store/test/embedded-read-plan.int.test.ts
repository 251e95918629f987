import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Connection, Database } from "kuzu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalCypherText, checkReadOnlyCypher } from "../src/cypher-text.ts";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import { checkKuzuReadPlan, parseKuzuPlan } from "../src/embedded/kuzu-read-plan.ts";
import type { GraphStore } from "../src/port.ts";
import { contractFixture } from "./contract/fixture.ts";

/**
 * Read-only user Cypher on the embedded store as an attacker meets it: statements that read or
 * write files hidden in comments, strings and escapes that Kùzu's lexer ends elsewhere than a
 * naive one. A canary file's content must never come back, and a watched folder stays empty.
 */

const root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-read-plan-"));
const canaryText = "kgx-canary-7f3a9c";
const canaryFile = path.join(root, "canary.csv");
const watched = path.join(root, "watched");
let store: GraphStore;

beforeAll(async () => {
  fs.writeFileSync(canaryFile, `${canaryText},x\n${canaryText},y\n`);
  fs.mkdirSync(watched);
  store = await openEmbeddedGraphStore({ dataDir: path.join(root, "store") });
  await store.applySchema();
  await store.writeBatch(contractFixture());
});

afterAll(async () => {
  await store?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** Statements that would read the canary or write into the watched folder if they ever ran. */
const payloads = [
  `LOAD FROM "${canaryFile}" (header=false) RETURN *`,
  `LOAD FROM '${canaryFile}' RETURN *`,
  `COPY (MATCH (n) RETURN n.id) TO "${path.join(watched, "out.csv")}"`,
  `COPY (RETURN 1) TO '${path.join(watched, "out.parquet")}'`,
  `EXPORT DATABASE '${path.join(watched, "db")}'`,
  `CALL TIMEOUT=600000`,
  `ATTACH '${path.join(watched, "other")}' AS other (dbtype kuzu)`,
  `CREATE (n:Person {id: 'intruder', name: 'x'})`,
  `MATCH (n) DETACH DELETE n`,
];

/** Ways to hide a payload from a lexer that ends comments or strings in another place than Kùzu. */
const wrappers: ((payload: string) => string)[] = [
  (p) => `/***/ RETURN '*/ ${p} //'`,
  (p) => `/* **/ RETURN "*/ ${p} //"`,
  (p) => `RETURN 1 /* ' */ ; ${p}`,
  (p) => `RETURN '\\\\' /* ' */ ${p} //`,
  (p) => `RETURN "a\\"" /* "*/ ${p}`,
  (p) => `RETURN \`a\`\`b\` /* \` */ ${p}`,
  (p) => `RETURN 1 // \n ${p}`,
  (p) => `RETURN 1 //\r${p}`,
  (p) => `/*/ RETURN 1 /*/ ${p}`,
  (p) => `RETURN '\\u0027' /* ' */ ${p} //`,
  (p) => `RETURN 1 AS x\u001c${p}`,
  (p) => `WITH 1 AS load ${p}`,
  (p) => `RETURN {copy: 1} /*'*/ ${p}`,
  (p) => `MATCH (n) WHERE n.id = '/*' RETURN n.id */ ${p} //'`,
];

/** A small seeded generator, so a failure names a case that can be run again. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function answerOf(statement: string): Promise<string> {
  try {
    const result = await store.runReadQuery(statement, {}, { timeoutMs: 2000 });
    return JSON.stringify(result);
  } catch (error) {
    return `${(error as { code?: string }).code ?? "?"}: ${(error as Error).message}`;
  }
}

describe("read-only Cypher on the embedded store", () => {
  it("never reads the canary or writes a file, whatever comments, strings and escapes wrap the statement", async () => {
    const next = generator(20261202);
    const cases: string[] = [];
    for (const payload of payloads) for (const wrap of wrappers) cases.push(wrap(payload));
    // Nestings of two wrappers, chosen by the seeded generator.
    for (let i = 0; i < 150; i++) {
      const payload = payloads[Math.floor(next() * payloads.length)] as string;
      const outer = wrappers[Math.floor(next() * wrappers.length)] as (p: string) => string;
      const inner = wrappers[Math.floor(next() * wrappers.length)] as (p: string) => string;
      cases.push(outer(inner(payload)));
    }
    for (const statement of cases) {
      const answer = await answerOf(statement);
      const leaked = answer.includes(canaryText) && !statement.includes(canaryText);
      expect(leaked, statement).toBe(false);
      // The canary's text may come back only as the statement's own string literal, never as file rows.
      expect(answer, statement).not.toMatch(/"kgx-canary-7f3a9c","x"|\["kgx-canary-7f3a9c"/);
      expect(fs.readdirSync(watched), statement).toEqual([]);
    }
    const stats = await store.stats();
    expect(stats.entities).toBe(contractFixture().entities.length);
  });

  it("answers the classic bypass with the string it is, not the file it hides", async () => {
    const result = await store.runReadQuery(`/***/ RETURN '*/ LOAD FROM "${canaryFile}" (header=false) RETURN * //' AS text`);
    expect(result.rows).toEqual([[`*/ LOAD FROM "${canaryFile}" (header=false) RETURN * //`]]);
  });

  it("does not refuse keywords used as names", async () => {
    for (const statement of [
      "MATCH (n:Person) RETURN n.name AS start ORDER BY start LIMIT 1",
      "RETURN 1 AS update",
      "RETURN 1 AS begin",
      "RETURN {update: 1, set: 2} AS m",
      "MATCH (n:Person) RETURN n.name AS copy LIMIT 1",
    ]) {
      const result = await store.runReadQuery(statement);
      expect(result.rows.length, statement).toBeGreaterThan(0);
    }
  });

  it("refuses the UNION that crashes Kùzu also when one return item is parenthesised or quoted", async () => {
    for (const statement of [
      "RETURN 'x' AS a, 'y' AS b UNION ALL MATCH (p:Policy) RETURN (p.kind) AS a, p.kind AS b",
      "RETURN 'x' AS a, 'y' AS b UNION ALL MATCH (p:Policy) RETURN ((p.kind)) AS a, p.`kind` AS b",
      "RETURN 'x' AS a, 'y' AS b UNION MATCH (p:Policy) RETURN p.KIND AS a, (p.kind) AS b",
    ]) {
      await expect(store.runReadQuery(statement), statement).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    const after = await store.runReadQuery("RETURN 1 AS one");
    expect(after.rows).toEqual([[1]]);
  });

  it("reports a syntax error at the line the person wrote it on", async () => {
    await expect(store.runReadQuery("MATCH (n)\nRETURN n.id,, 1")).rejects.toMatchObject({ code: "CYPHER_SYNTAX", location: { line: 2 } });
  });
});

describe("Kùzu's plan check", () => {
  let database: Database;
  let connection: Connection;

  beforeAll(async () => {
    database = new Database(path.join(root, "plain.kuzu"));
    connection = new Connection(database);
    await connection.query("CREATE NODE TABLE P(id STRING, PRIMARY KEY(id))");
  });

  afterAll(async () => {
    await connection?.close();
    await database?.close();
  });

  async function planOf(statement: string) {
    const result = await connection.query(`EXPLAIN ${statement}`);
    const single = Array.isArray(result) ? result[0] : result;
    const rows = single ? await single.getAll() : [];
    single?.close();
    return parseKuzuPlan(rows.map((row) => String(Object.values(row)[0])).join("\n"));
  }

  it("passes plans of reads", async () => {
    for (const statement of [
      "MATCH (p:P) RETURN p.id ORDER BY p.id LIMIT 3",
      "MATCH (p:P) WITH p.id AS id RETURN count(*) AS n",
      "UNWIND range(1, 3) AS x RETURN collect(x)",
      "RETURN 1 AS a UNION RETURN 2 AS a",
      "CALL show_tables() RETURN *",
      "MATCH (a:P), (b:P) RETURN count(*)",
    ]) {
      const plan = await planOf(statement);
      expect(() => checkKuzuReadPlan(plan), statement).not.toThrow();
    }
  });

  it("refuses plans that read files, write files, change the graph or change settings", async () => {
    const out = path.join(root, "plan-out");
    for (const statement of [
      `LOAD FROM '${canaryFile}' (header=false) RETURN *`,
      `COPY (MATCH (p:P) RETURN p.id) TO '${out}.csv'`,
      "CREATE (p:P {id: 'x'})",
      "MERGE (p:P {id: 'x'})",
      "MATCH (p:P) DELETE p",
      "CALL current_setting('threads') RETURN *",
      "CALL TIMEOUT=1000",
    ]) {
      const plan = await planOf(statement);
      expect(() => checkKuzuReadPlan(plan), statement).toThrow(/read-only/);
    }
    expect(fs.existsSync(`${out}.csv`)).toBe(false);
  });

  it("refuses an empty or unreadable plan", () => {
    expect(() => checkKuzuReadPlan(parseKuzuPlan(""))).toThrow(/could not show a plan/);
  });
});

describe("canonical text", () => {
  it("keeps lines and columns and respells strings so both lexers agree where they end", () => {
    expect(canonicalCypherText("MATCH (n) /* a\nb */ RETURN n")).toBe("MATCH (n)     \n     RETURN n");
    expect(canonicalCypherText(`RETURN "it's", 'a\\'b'`)).toBe(`RETURN 'it\\'s', 'a\\'b'`);
    const bypass = `/***/ RETURN '*/ LOAD FROM "/etc/passwd" RETURN * //'`;
    checkReadOnlyCypher(bypass);
    expect(canonicalCypherText(bypass).trimStart()).toBe(`RETURN '*/ LOAD FROM "/etc/passwd" RETURN * //'`);
  });
});
