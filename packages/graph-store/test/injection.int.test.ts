import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import { KuzuSession } from "../src/embedded/kuzu-handle.ts";
import { GraphStoreError } from "../src/errors.ts";
import { storeFingerprint } from "./contract/fingerprint.ts";
import { neo4jGraphStore } from "../src/neo4j/index.ts";
import { UPSERT_RELATIONSHIPS, allStatements } from "../src/neo4j/statements.ts";
import type { GraphBatch, GraphStore } from "../src/port.ts";
import { contractFixture } from "./contract/fixture.ts";
import { seededRandom } from "./contract/seeded-random.ts";

/**
 * Input can never change the shape of a statement. Every argument of the public GraphStore methods
 * that names something in Cypher text (entity and relationship types, property keys, direction,
 * dates and numbers spliced as literals, parameter names) must be checked against the domain model
 * and refused with INVALID_INPUT; every other argument is a value and must travel as a parameter,
 * coming back byte for byte. Adversarial strings are generated from a seeded mix of the characters
 * that break out of Cypher names, strings, comments and clauses, and fed through each argument of
 * each method: on the real embedded store (with the statements sent to Kùzu captured) and on the
 * Neo4j adapter over a driver that records every statement instead of sending it.
 */

const FRAGMENTS = [
  "`",
  "\u0060\u0060",
  ")",
  "(",
  ";",
  "//",
  "/*",
  "*/",
  "}",
  "{",
  "]",
  "'",
  '"',
  "\n",
  "\r\n",
  "\\",
  "\\'",
  "$x",
  "$",
  ":",
  "|",
  "-->",
  " DETACH DELETE n ",
  " RETURN 1 UNION MATCH (m) ",
  "ü",
  "漢字",
  "🎉",
  "\u202e",
  "\u0000",
  "\u200b",
];

/** Names the model knows, so that a near miss ("Person`) …") is tried as well as plain garbage. */
const NEAR_MISSES = ["Person", "LEADS", "name", "out", "2025-01-01", ""];

/**
 * Every fragment on its own, then combinations: an optional near-miss name, one to four fragments
 * and a marker word (`kgxprobe7`) that would show in any statement text the string reached.
 */
function adversarialStrings(seed: number, generated: number): string[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const out = FRAGMENTS.map((fragment, index) => `${fragment}kgxprobe${index}`);
  for (let n = 0; n < generated; n++) {
    const parts = [pick(NEAR_MISSES)];
    const count = 1 + Math.floor(random() * 4);
    for (let k = 0; k < count; k++) parts.push(pick(FRAGMENTS));
    const marker = `kgxprobe${FRAGMENTS.length + n}`;
    parts.splice(1 + Math.floor(random() * count), 0, marker);
    out.push(parts.join(""));
  }
  return out;
}

const SEED = 20251121;
const CASES = adversarialStrings(SEED, 60);
const markerOf = (s: string) => /kgxprobe\d+/.exec(s)?.[0] as string;

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * One call per argument that names something in statement text, with `s` in that argument and
 * everything else valid. `acme` exists in the fixture, so a call gets past "no such entity".
 */
function identifierCalls(s: string): [argument: string, call: (store: GraphStore) => Promise<unknown>][] {
  const anything = s as never;
  return [
    ["search options.types", (store) => store.search("acme", { types: [s] })],
    ["listEntities options.types", (store) => store.listEntities({ types: [s] })],
    ["neighborhood options.relationshipTypes", (store) => store.neighborhood("acme", { relationshipTypes: [s] })],
    ["neighborhood options.relationshipTypes at depth 2", (store) => store.neighborhood("acme", { depth: 2, relationshipTypes: [s] })],
    ["neighborhood options.direction", (store) => store.neighborhood("acme", { direction: anything })],
    ["neighborhood options.depth (spliced as a literal)", (store) => store.neighborhood("acme", { depth: anything })],
    ["neighborhood options.limit", (store) => store.neighborhood("acme", { limit: anything })],
    ["relationshipsOfMany options.relationshipTypes", (store) => store.relationshipsOfMany(["acme"], { relationshipTypes: [s] })],
    ["relationshipsOfMany options.direction", (store) => store.relationshipsOfMany(["acme"], { direction: anything })],
    ["listEntities options.offset", (store) => store.listEntities({ offset: anything })],
    ["shortestPath options.maxHops (spliced as a literal)", (store) => store.shortestPath("acme", "x100", { maxHops: anything })],
    ["validDuring range.from", (store) => store.validDuring({ from: s })],
    ["validDuring range.to", (store) => store.validDuring({ to: s })],
    ["runReadQuery options.timeoutMs", (store) => store.runReadQuery("RETURN 1 AS one", {}, { timeoutMs: anything })],
    [
      "writeBatch entity type",
      (store) => store.writeBatch({ entities: [{ type: anything, id: "inj-entity", properties: { name: "Injected" } }], relationships: [] }),
    ],
    [
      "writeBatch entity property key",
      (store) => store.writeBatch({ entities: [{ type: "Person", id: "inj-entity", properties: { name: "Injected", [s]: "x" } }], relationships: [] }),
    ],
    [
      "writeBatch relationship type",
      (store) =>
        store.writeBatch({
          entities: [],
          relationships: [{ type: anything, id: "inj-rel", from: "ada", to: "acme", properties: { sources: ["src-fixture"] } }],
        }),
    ],
    [
      "writeBatch relationship property key",
      (store) =>
        store.writeBatch({
          entities: [],
          relationships: [{ type: "LEADS", id: "inj-rel", from: "ada", to: "acme", properties: { sources: ["src-fixture"], [s]: "x" } }],
        }),
    ],
  ];
}

/** The same calls with a plain unknown name: the adversarial string must be treated exactly like it. */
const PLAIN_UNKNOWN = "Spaceship";

/**
 * The probe entity and relationship a value case writes, every free-text field holding `s`. With
 * `selfContained` the batch brings its own source and organization, for a backend that has none.
 */
function probeBatch(index: number, s: string, selfContained: boolean): GraphBatch {
  const id = `probe-${index}`;
  const withSource = selfContained;
  return {
    entities: [
      ...(withSource
        ? [
            { type: "Source" as const, id: "src-probe", properties: { name: "Probe source", title: "Probe source" } },
            { type: "Organization" as const, id: "probe-org", properties: { name: "Probe organization" } },
          ]
        : []),
      { type: "Person", id, properties: { name: `Probe ${s}`, nameJa: s, aliases: [s, `${s}${s}`], description: s } },
    ],
    relationships: [
      {
        type: "LEADS",
        id: `${id}-leads`,
        from: id,
        to: withSource ? "probe-org" : "acme",
        properties: { sources: [withSource ? "src-probe" : "src-fixture"], claim: s, role: s },
      },
    ],
  };
}

describe("embedded store: input never shapes a statement", () => {
  let dir: string;
  let store: GraphStore;
  const sent: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-injection-"));
    store = await openEmbeddedGraphStore({ dataDir: dir });
    await store.applySchema();
    await store.writeBatch(contractFixture());
    // Every statement the adapter sends goes through KuzuSession.execute (user text goes through
    // the connection directly and is not an adapter statement).
    const execute = KuzuSession.prototype.execute;
    vi.spyOn(KuzuSession.prototype, "execute").mockImplementation(function (this: KuzuSession, statement, params) {
      sent.push(statement);
      return execute.call(this, statement, params);
    });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function statementsOf(call: () => Promise<unknown>): Promise<{ error: unknown; statements: string[] }> {
    sent.length = 0;
    const error = await errorOf(call());
    return { error, statements: [...sent] };
  }

  it(`refuses ${CASES.length} adversarial strings in every name-like argument with INVALID_INPUT, like any unknown name, and changes nothing`, async () => {
    const before = await storeFingerprint(store);
    let tried = 0;
    const failures: string[] = [];
    for (const s of CASES) {
      const plainCalls = identifierCalls(PLAIN_UNKNOWN);
      for (const [index, [argument, call]] of identifierCalls(s).entries()) {
        tried++;
        const plain = await statementsOf(() => (plainCalls[index] as (typeof plainCalls)[number])[1](store));
        const probe = await statementsOf(() => call(store));
        const code = probe.error instanceof GraphStoreError ? probe.error.code : String(probe.error);
        if (code !== "INVALID_INPUT") failures.push(`${argument} ${JSON.stringify(s)}: ${code}`);
        if (probe.statements.some((text) => text.includes(markerOf(s)))) failures.push(`${argument} ${JSON.stringify(s)}: reached statement text`);
        // Refused at the same point as a plain unknown name: the same fixed statements (if any) ran before the refusal.
        if (JSON.stringify(probe.statements) !== JSON.stringify(plain.statements)) {
          failures.push(
            `${argument} ${JSON.stringify(s)}: sent ${JSON.stringify(probe.statements)} where a plain unknown name sent ${JSON.stringify(plain.statements)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(tried).toBe(CASES.length * identifierCalls("").length);
    const after = await storeFingerprint(store);
    expect({ ...after, lines: undefined }).toEqual({ ...before, lines: undefined });
  });

  it("refuses adversarial parameter names of user queries, whether or not they are valid identifiers", async () => {
    for (const s of CASES) {
      const error = await errorOf(store.runReadQuery("RETURN 1 AS one", { [s]: 1 }));
      expect(error, JSON.stringify(s)).toMatchObject({ code: "INVALID_INPUT" });
    }
  });

  it("looks adversarial ids and search text up as values: nothing matches, the statements are those of a plain value, nothing changes", async () => {
    const before = await storeFingerprint(store);
    const calls = (s: string): [string, (store: GraphStore) => Promise<unknown>][] => [
      ["getEntity", (st) => st.getEntity(s)],
      ["getEntities", (st) => st.getEntities([s, "acme"])],
      ["entityTypesOf", (st) => st.entityTypesOf([s])],
      ["neighborhood id", (st) => st.neighborhood(s)],
      ["shortestPath from", (st) => st.shortestPath(s, "acme")],
      ["shortestPath to", (st) => st.shortestPath("acme", s)],
      ["relationshipsOfMany ids", (st) => st.relationshipsOfMany([s, "acme"])],
      ["deleteRelationship", (st) => st.deleteRelationship(s)],
      ["search text", (st) => st.search(s)],
      ["runReadQuery parameter value", (st) => st.runReadQuery("RETURN $v AS v", { v: s })],
    ];
    const plainValue = "plain-absent-value";
    for (const s of CASES) {
      const plainCalls = calls(plainValue);
      for (const [index, [name, call]] of calls(s).entries()) {
        const plain = await statementsOf(() => (plainCalls[index] as (typeof plainCalls)[number])[1](store));
        sent.length = 0;
        let answer: unknown;
        let error: unknown;
        try {
          answer = await call(store);
        } catch (e) {
          error = e;
        }
        const probe = [...sent];
        expect(
          probe.some((text) => text.includes(markerOf(s))),
          `${name} ${JSON.stringify(s)}`,
        ).toBe(false);
        // The plain call may have loaded what the probe then found cached (the search index), so the
        // probe's statements are a subset of the plain call's, never anything else.
        expect(plain.statements, `${name} ${JSON.stringify(s)}`).toEqual(expect.arrayContaining(probe));
        switch (name) {
          case "getEntity":
            expect(answer).toBeNull();
            break;
          case "getEntities":
            expect((answer as { id: string }[]).map((n) => n.id)).toEqual(["acme"]);
            break;
          case "entityTypesOf":
            expect((answer as Map<string, string>).size).toBe(0);
            break;
          case "neighborhood id":
          case "shortestPath from":
          case "shortestPath to":
            // An empty id is refused as input; any other unknown id is simply not found.
            expect(error).toMatchObject({ code: expect.stringMatching(/^(NOT_FOUND|INVALID_INPUT)$/) });
            break;
          case "relationshipsOfMany ids":
            expect((answer as Map<string, { totalCount: number }>).get(s)?.totalCount ?? 0).toBe(0);
            expect((answer as Map<string, { totalCount: number }>).get("acme")?.totalCount).toBeGreaterThan(0);
            break;
          case "deleteRelationship":
            expect(error ?? answer).toBe(false);
            break;
          case "search text":
            expect(answer).toEqual([]);
            break;
          case "runReadQuery parameter value":
            expect((answer as { rows: unknown[][] }).rows).toEqual([[s]]);
            break;
        }
      }
    }
    const after = await storeFingerprint(store);
    expect({ ...after, lines: undefined }).toEqual({ ...before, lines: undefined });
  });

  it("refuses adversarial ids in writes (ids are slugs) and writes nothing", async () => {
    const before = await storeFingerprint(store);
    for (const s of CASES) {
      const entity = await errorOf(store.writeBatch({ entities: [{ type: "Person", id: s, properties: { name: "x" } }], relationships: [] }));
      expect(entity, JSON.stringify(s)).toMatchObject({ code: "INVALID_INPUT" });
      const rel = await errorOf(
        store.writeBatch({ entities: [], relationships: [{ type: "LEADS", id: s, from: "ada", to: "acme", properties: { sources: ["src-fixture"] } }] }),
      );
      expect(rel, JSON.stringify(s)).toMatchObject({ code: "INVALID_INPUT" });
      const endpoint = await errorOf(
        store.writeBatch({ entities: [], relationships: [{ type: "LEADS", id: "inj-x", from: s, to: "acme", properties: { sources: [s] } }] }),
      );
      expect(endpoint, JSON.stringify(s)).toMatchObject({ code: "INVALID_INPUT" });
    }
    expect((await storeFingerprint(store)).checksum).toBe(before.checksum);
  });

  it("stores adversarial names, aliases, descriptions and claims byte for byte, finds them literally, and adds nothing else", async () => {
    const before = await storeFingerprint(store);
    for (const [index, s] of CASES.entries()) {
      const plain = await statementsOf(() => store.writeBatch(probeBatch(10_000 + index, "plain text", false)));
      expect(plain.error).toBeUndefined();
      const probe = await statementsOf(() => store.writeBatch(probeBatch(index, s, false)));
      expect(probe.error, JSON.stringify(s)).toBeUndefined();
      expect(probe.statements.some((text) => text.includes(markerOf(s)))).toBe(false);
      expect(probe.statements, JSON.stringify(s)).toEqual(plain.statements);

      const node = await store.getEntity(`probe-${index}`);
      expect(node?.properties, JSON.stringify(s)).toEqual({ name: `Probe ${s}`, nameJa: s, aliases: [s, `${s}${s}`], description: s });
      const page = (await store.relationshipsOfMany([`probe-${index}`])).get(`probe-${index}`);
      expect(page?.relationships.map((r) => r.properties)).toEqual([{ sources: ["src-fixture"], claim: s, role: s }]);

      // Search matches the text literally: the probe is found, and every hit really contains the text.
      const query = s.normalize("NFKC").trim().toLowerCase();
      if (query !== "") {
        const hits = await store.search(s, { limit: 100, similar: false });
        expect(
          hits.map((h) => h.node.id),
          JSON.stringify(s),
        ).toContain(`probe-${index}`);
        for (const hit of hits) {
          const texts = [hit.node.properties["name"], hit.node.properties["nameJa"], ...((hit.node.properties["aliases"] as unknown[]) ?? [])];
          expect(
            texts.some((t) => typeof t === "string" && t.normalize("NFKC").toLowerCase().includes(query)),
            `${hit.node.id} for ${JSON.stringify(s)}`,
          ).toBe(true);
        }
      }
    }
    // Exactly the written records were added; nothing stored before changed.
    const after = await storeFingerprint(store);
    expect(after.entities).toBe(before.entities + CASES.length * 2);
    expect(after.relationships).toBe(before.relationships + CASES.length * 2);
    const added = after.lines.filter((line) => !before.lines.includes(line));
    expect(added.length).toBe(CASES.length * 4);
    expect(before.lines.filter((line) => !after.lines.includes(line))).toEqual([]);
    const exported = await store.exportAll();
    for (const [index, s] of CASES.entries()) {
      const entity = exported.entities.find((e) => e.id === `probe-${index}`);
      expect(entity?.properties).toEqual({ name: `Probe ${s}`, nameJa: s, aliases: [s, `${s}${s}`], description: s });
    }
  });
});

/** One statement the Neo4j adapter sent, with its parameters. */
interface SentStatement {
  readonly text: string;
  readonly params: Record<string, unknown>;
}

/**
 * A driver that records every statement and answers with no rows (the upsert of relationships
 * reports every row written, as the server would). It stands in for the server because what is
 * checked here is what leaves the adapter, not what a server does with it.
 */
function recordingDriver(sent: SentStatement[]): Driver {
  const upsertRelationships = new Set(Object.values(UPSERT_RELATIONSHIPS));
  const run = (text: string, params: Record<string, unknown> = {}) => {
    sent.push({ text, params });
    const rows = (params["rows"] as unknown[] | undefined) ?? [];
    const records = upsertRelationships.has(text) ? [{ get: (key: string) => (key === "written" ? neo4j.int(rows.length) : null) }] : [];
    const answer = { records, summary: { queryType: "r" } };
    return {
      then: (resolve: (value: typeof answer) => unknown, reject: (error: unknown) => unknown) => Promise.resolve(answer).then(resolve, reject),
      keys: async () => [] as string[],
      async *[Symbol.asyncIterator]() {},
    };
  };
  const tx = { run };
  const session = {
    executeRead: async <T>(work: (t: typeof tx) => Promise<T>) => work(tx),
    executeWrite: async <T>(work: (t: typeof tx) => Promise<T>) => work(tx),
    close: async () => undefined,
  };
  return { session: () => session, close: async () => undefined } as unknown as Driver;
}

/** Whether `needle` occurs anywhere in a parameter value: in a string, a list item or a map value. */
function paramsContain(value: unknown, needle: string): boolean {
  if (typeof value === "string") return value.includes(needle);
  if (Array.isArray(value)) return value.some((item) => paramsContain(item, needle));
  if (value && typeof value === "object") return Object.values(value).some((item) => paramsContain(item, needle));
  return false;
}

describe("Neo4j adapter: every statement it sends is one of its fixed statements", () => {
  const sent: SentStatement[] = [];
  const store = neo4jGraphStore(recordingDriver(sent), { location: "bolt://recording.invalid:7687" });
  const fixed = new Set(allStatements().map((s) => s.text));

  afterAll(async () => {
    await store.close();
  });

  function unfixed(userText: readonly string[] = []): string[] {
    const allowed = new Set([...userText, ...userText.map((t) => `EXPLAIN ${t}`)]);
    return sent.map((s) => s.text).filter((text) => !fixed.has(text) && !allowed.has(text));
  }

  it(`refuses ${CASES.length} adversarial strings in every name-like argument with INVALID_INPUT; nothing outside the fixed statements is sent`, async () => {
    const failures: string[] = [];
    for (const s of CASES) {
      for (const [argument, call] of identifierCalls(s)) {
        sent.length = 0;
        const error = await errorOf(call(store));
        const code = error instanceof GraphStoreError ? error.code : String(error);
        if (code !== "INVALID_INPUT") failures.push(`${argument} ${JSON.stringify(s)}: ${code}`);
        if (unfixed().length > 0) failures.push(`${argument} ${JSON.stringify(s)}: sent ${JSON.stringify(unfixed())}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("sends adversarial values only as parameters, inside fixed statements", async () => {
    const failures: string[] = [];
    for (const [index, s] of CASES.entries()) {
      const calls: [string, () => Promise<unknown>, boolean][] = [
        ["getEntity", () => store.getEntity(s), s !== ""],
        ["getEntities", () => store.getEntities([s]), s !== ""],
        ["entityTypesOf", () => store.entityTypesOf([s]), s !== ""],
        ["neighborhood id", () => store.neighborhood(s), true],
        ["neighborhood id at depth 3", () => store.neighborhood(s, { depth: 3, direction: "in" }), true],
        ["shortestPath", () => store.shortestPath(s, "acme"), true],
        ["relationshipsOfMany", () => store.relationshipsOfMany([s]), s !== ""],
        ["deleteRelationship", () => store.deleteRelationship(s), s !== ""],
        ["search", () => store.search(s), false],
        ["runReadQuery value", () => store.runReadQuery("RETURN $v AS v", { v: s }), true],
        ["runReadQuery parameter name", () => store.runReadQuery("RETURN 1 AS one", { [s]: 1 }), false],
        ["writeBatch values", () => store.writeBatch(probeBatch(index, s, true)), true],
      ];
      for (const [name, call, reachesParams] of calls) {
        sent.length = 0;
        await errorOf(call());
        const statements = name.startsWith("runReadQuery") ? unfixed(["RETURN $v AS v", "RETURN 1 AS one"]) : unfixed();
        if (statements.length > 0) failures.push(`${name} ${JSON.stringify(s)}: sent ${JSON.stringify(statements)}`);
        if (sent.some((statement) => statement.text.includes(markerOf(s)))) failures.push(`${name} ${JSON.stringify(s)}: reached statement text`);
        if (reachesParams && !sent.some((statement) => paramsContain(statement.params, s)))
          failures.push(`${name} ${JSON.stringify(s)}: not sent as a parameter`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("writes a batch of adversarial values through fixed statements with every value a parameter", async () => {
    sent.length = 0;
    const s = CASES[CASES.length - 1] as string;
    await store.writeBatch({
      entities: [
        { type: "Source", id: "src-probe", properties: { name: "Probe source" } },
        { type: "Person", id: "probe-x", properties: { name: s, description: s } },
        { type: "Organization", id: "probe-org", properties: { name: s } },
      ],
      relationships: [{ type: "LEADS", id: "probe-x-leads", from: "probe-x", to: "probe-org", properties: { sources: ["src-probe"], claim: s } }],
    });
    expect(unfixed()).toEqual([]);
    // The statements really ran the upserts (this fails if the recording driver stopped the write early).
    expect(sent.map((statement) => allStatements().find((named) => named.text === statement.text)?.name)).toEqual(
      expect.arrayContaining(["UPSERT_ENTITIES.Person", "UPSERT_ENTITIES.Organization", "UPSERT_RELATIONSHIPS.LEADS"]),
    );
  });
});
