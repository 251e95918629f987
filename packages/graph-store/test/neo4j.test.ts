import { createServer } from "node:net";
import neo4j, { Neo4jError, isInt, type Integer } from "neo4j-driver";
import { afterAll, describe, expect, it } from "vitest";
import { GraphStoreError } from "../src/errors.ts";
import { neo4jGraphStore, openNeo4jGraphStore, uriForDisplay } from "../src/neo4j/index.ts";
import { explainText } from "../src/neo4j/user-cypher.ts";
import { serverErrorPosition, toGraphStoreError } from "../src/neo4j/server-errors.ts";
import {
  collectElementIds,
  toDriverParameters,
  toGraphNode,
  toGraphPath,
  toGraphRelationship,
  toJsonValue,
  toPropertyValue,
  toResultValue,
} from "../src/neo4j/values.ts";

/**
 * The parts of the Neo4j adapter that need no server: turning the driver's values into the port's
 * shapes, turning server errors into coded errors, and refusing bad input before any connection
 * is made. The driver's own value classes are built directly, as the driver builds them from Bolt.
 */

/** A localhost port nothing listens on: the driver's connection attempt is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const { Node, Relationship, Path, PathSegment, Date: CypherDate, DateTime, LocalDateTime, Duration, Point } = neo4j.types;

function person(elementId: string, id: string, name: string) {
  return new Node(neo4j.int(1), ["Entity", "Person"], { id, name }, elementId);
}

function organization(elementId: string, id: string, name: string) {
  return new Node(neo4j.int(2), ["Organization", "Entity"], { id, name }, elementId);
}

function leads(startElementId: string, endElementId: string) {
  return new Relationship(
    neo4j.int(10),
    neo4j.int(1),
    neo4j.int(2),
    "LEADS",
    { id: "ada-leads-acme", sources: ["src-a"], validFrom: new CypherDate(neo4j.int(2020), neo4j.int(1), neo4j.int(1)) },
    "rel-1",
    startElementId,
    endElementId,
  );
}

describe("driver values become JSON", () => {
  it("turns integers into numbers when safe and into strings when not", () => {
    expect(toJsonValue(neo4j.int(42))).toBe(42);
    expect(toJsonValue(neo4j.int("9007199254740993"))).toBe("9007199254740993");
    expect(toJsonValue(neo4j.int("-9007199254740993"))).toBe("-9007199254740993");
    expect(toJsonValue(12345678901234567890n)).toBe("12345678901234567890");
    expect(toJsonValue(7n)).toBe(7);
  });

  it("writes a Date as YYYY-MM-DD and other temporals as ISO 8601", () => {
    expect(toJsonValue(new CypherDate(neo4j.int(2025), neo4j.int(8), neo4j.int(1)))).toBe("2025-08-01");
    expect(toJsonValue(new DateTime(2025, 8, 1, 10, 30, 0, 0, 0))).toBe("2025-08-01T10:30:00Z");
    expect(toJsonValue(new LocalDateTime(2025, 8, 1, 10, 30, 0, 0))).toBe("2025-08-01T10:30:00");
    expect(toJsonValue(new Duration(1, 2, 3, 0))).toBe("P1M2DT3S");
  });

  it("keeps strings, booleans, floats, lists and maps, converting inside them", () => {
    expect(toJsonValue({ a: [neo4j.int(1), 2.5, "x", true, null], b: { c: new CypherDate(2025, 1, 31) } })).toEqual({
      a: [1, 2.5, "x", true, null],
      b: { c: "2025-01-31" },
    });
  });

  it("gives points as a map and non-finite floats by name", () => {
    expect(toJsonValue(new Point(neo4j.int(4326), 139.7, 35.7))).toEqual({ srid: 4326, x: 139.7, y: 35.7 });
    expect(toJsonValue(Number.NaN)).toBe("NaN");
    expect(toJsonValue(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });

  it("turns stored lists into lists of strings for export records", () => {
    expect(toPropertyValue(["a", "b"])).toEqual(["a", "b"]);
    expect(toPropertyValue([neo4j.int(1), neo4j.int(2)])).toEqual(["1", "2"]);
    expect(toPropertyValue(new CypherDate(2025, 8, 10))).toBe("2025-08-10");
  });
});

describe("graph elements become port shapes", () => {
  it("names a node by its id property and its type label, never its element id", () => {
    const node = new Node(
      neo4j.int(7),
      ["Entity", "Policy"],
      {
        id: "rule-2025",
        name: "Export rule 2025",
        effectiveFrom: new CypherDate(neo4j.int(2025), neo4j.int(4), neo4j.int(1)),
        revenueSharePercent: 15,
        aliases: ["Rule"],
      },
      "4:abc:7",
    );
    expect(toGraphNode(node)).toEqual({
      kind: "node",
      id: "rule-2025",
      type: "Policy",
      properties: { name: "Export rule 2025", effectiveFrom: "2025-04-01", revenueSharePercent: 15, aliases: ["Rule"] },
    });
  });

  it("prefers a domain type when a node has extra labels", () => {
    expect(toGraphNode(new Node(neo4j.int(1), ["Entity", "Imported", "Chip"], { id: "x100" }, "e1")).type).toBe("Chip");
    expect(toGraphNode(new Node(neo4j.int(1), ["Entity", "Imported"], { id: "x" }, "e1")).type).toBe("Imported");
  });

  it("names a relationship's ends by entity id", () => {
    expect(toGraphRelationship(leads("e-ada", "e-acme"), "ada", "acme")).toEqual({
      kind: "relationship",
      id: "ada-leads-acme",
      type: "LEADS",
      source: "ada",
      target: "acme",
      properties: { sources: ["src-a"], validFrom: "2020-01-01" },
    });
  });

  it("turns a path into nodes in walking order and relationships in their stored direction", () => {
    const ada = person("e-ada", "ada", "Ada");
    const acme = organization("e-acme", "acme", "Acme");
    const x100 = new Node(neo4j.int(3), ["Chip", "Entity"], { id: "x100", name: "X100" }, "e-x100");
    const makes = new Relationship(neo4j.int(11), neo4j.int(2), neo4j.int(3), "MAKES", { id: "acme-makes-x100" }, "rel-2", "e-acme", "e-x100");
    // Walked from x100 back to Ada: both relationships are traversed against their direction.
    const path = new Path(x100, ada, [new PathSegment(x100, makes, acme), new PathSegment(acme, leads("e-ada", "e-acme"), ada)]);
    const converted = toGraphPath(path);
    expect(converted.nodes.map((n) => n.id)).toEqual(["x100", "acme", "ada"]);
    expect(converted.relationships.map((r) => [r.id, r.source, r.target])).toEqual([
      ["acme-makes-x100", "acme", "x100"],
      ["ada-leads-acme", "ada", "acme"],
    ]);
  });

  it("finds which relationship ends a result does not carry, and fills them in from a lookup", () => {
    const rows = [[person("e-ada", "ada", "Ada"), leads("e-ada", "e-acme"), { nested: [leads("e-ada", "e-acme")] }]];
    const known = new Map<string, string>();
    const wanted = new Set<string>();
    collectElementIds(rows, known, wanted);
    expect([...known]).toEqual([["e-ada", "ada"]]);
    expect([...wanted].filter((elementId) => !known.has(elementId))).toEqual(["e-acme"]);
    known.set("e-acme", "acme");
    const converted = toResultValue(rows, known) as unknown[][];
    expect(converted[0]?.[1]).toMatchObject({ kind: "relationship", source: "ada", target: "acme" });
    expect(converted[0]?.[2]).toMatchObject({ nested: [{ kind: "relationship", source: "ada", target: "acme" }] });
  });
});

describe("user parameters", () => {
  it("sends whole numbers as Integers and fractions as Floats, at any depth", () => {
    const sent = toDriverParameters({ n: 3, ratio: 0.5, list: [1, 2.5], map: { deep: [4] }, name: "acme", flag: true, none: null });
    expect(isInt(sent["n"])).toBe(true);
    expect((sent["n"] as Integer).toNumber()).toBe(3);
    expect(sent["ratio"]).toBe(0.5);
    const list = sent["list"] as unknown[];
    expect(isInt(list[0])).toBe(true);
    expect(list[1]).toBe(2.5);
    expect(isInt((sent["map"] as { deep: unknown[] }).deep[0])).toBe(true);
    expect(sent).toMatchObject({ name: "acme", flag: true, none: null });
  });

  it("refuses values that are not JSON", () => {
    expect(() => toDriverParameters({ when: new Date() })).toThrow(GraphStoreError);
    expect(() => toDriverParameters({ n: Number.NaN })).toThrow(/Parameter \$n/);
  });
});

describe("server errors become coded errors", () => {
  const context = { location: "neo4j://db.example:7687" };

  function serverError(message: string, code: string, diagnosticRecord?: Record<string, unknown>) {
    return new Neo4jError(message, code, "50N42", "error: general processing exception", diagnosticRecord as never);
  }

  it("maps a syntax error with the position the server wrote into the message", () => {
    const error = serverError(
      "Invalid input 'RETURN': expected a graph pattern, ')', ':', 'IS', 'WHERE' or '{' (line 1, column 25 (offset: 24))\n\"EXPLAIN MATCH (n:Person RETURN n\"\n                         ^",
      "Neo.ClientError.Statement.SyntaxError",
    );
    const mapped = toGraphStoreError(error, { ...context, firstLineShift: "EXPLAIN ".length }) as GraphStoreError;
    expect(mapped.code).toBe("CYPHER_SYNTAX");
    expect(mapped.location).toEqual({ line: 1, column: 17 });
    expect(mapped.message).toBe("Invalid input 'RETURN': expected a graph pattern, ')', ':', 'IS', 'WHERE' or '{' at line 1, column 17");
  });

  it("reads the position from the GQL diagnostic record of a cause, and shifts it into the file", () => {
    const cause = serverError("invalid input", "Neo.ClientError.Statement.SyntaxError", {
      OPERATION: "",
      OPERATION_CODE: "0",
      CURRENT_SCHEMA: "/",
      _position: { line: neo4j.int(2), column: neo4j.int(7), offset: neo4j.int(30) },
    });
    const error = new Neo4jError("Invalid input", "Neo.ClientError.Statement.SyntaxError", "42001", "syntax error", undefined, cause);
    expect(serverErrorPosition(error)).toEqual({ line: 2, column: 7 });
    const mapped = toGraphStoreError(error, { ...context, statementLine: 40, firstLineShift: 8 }) as GraphStoreError;
    expect(mapped.location).toEqual({ line: 41, column: 7 });
  });

  it.each([
    ["Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "QUERY_TIMEOUT"],
    ["Neo.ClientError.Transaction.TransactionTimedOut", "QUERY_TIMEOUT"],
    ["Neo.ClientError.Statement.AccessMode", "CYPHER_WRITE_REFUSED"],
    ["Neo.ClientError.Security.Unauthorized", "STORE_UNAVAILABLE"],
    ["Neo.ClientError.Database.DatabaseNotFound", "STORE_UNAVAILABLE"],
    ["ServiceUnavailable", "STORE_UNAVAILABLE"],
    ["SessionExpired", "STORE_UNAVAILABLE"],
    ["Neo.TransientError.General.MemoryPoolOutOfMemoryError", "QUERY_TOO_LARGE"],
    ["Neo.TransientError.General.OutOfMemoryError", "QUERY_TOO_LARGE"],
    ["Neo.TransientError.General.TransactionOutOfMemoryError", "QUERY_TOO_LARGE"],
    ["Neo.TransientError.General.DatabaseUnavailable", "STORE_UNAVAILABLE"],
    ["Neo.ClientError.Statement.ParameterMissing", "INVALID_INPUT"],
    ["Neo.ClientError.Schema.ConstraintValidationFailed", "INVALID_INPUT"],
  ])("maps %s to %s", (code, expected) => {
    const mapped = toGraphStoreError(serverError("server says no", code), { ...context, timeoutMs: 500 });
    expect(mapped).toBeInstanceOf(GraphStoreError);
    expect((mapped as GraphStoreError).code).toBe(expected);
  });

  it("says which id a write lost to the uniqueness constraint, in the store's words", () => {
    const raced = serverError(
      "Node(23) already exists with label `Entity` and property `id` = 'contested-id'",
      "Neo.ClientError.Schema.ConstraintValidationFailed",
    );
    const mapped = toGraphStoreError(raced, context) as GraphStoreError;
    expect([mapped.code, mapped.location?.field]).toEqual(["INVALID_INPUT", "id"]);
    expect(mapped.message).toBe(
      'Nothing was written: an entity with id "contested-id" was stored by another write at the same time; ids are unique across types.',
    );
  });

  it("leaves errors that did not come from the driver alone", () => {
    const bug = new TypeError("undefined is not a function");
    expect(toGraphStoreError(bug, context)).toBe(bug);
  });
});

describe("the statement used to ask the server what a query does", () => {
  it("puts EXPLAIN in front and remembers by how much the first line moved", () => {
    expect(explainText("MATCH (n) RETURN n")).toEqual({ text: "EXPLAIN MATCH (n) RETURN n", firstLineShift: 8 });
  });

  it("swaps a leading PROFILE for EXPLAIN and keeps an EXPLAIN as it is, remembering which was asked", () => {
    expect(explainText("// look\nprofile MATCH (n) RETURN n")).toEqual({ text: "// look\nEXPLAIN MATCH (n) RETURN n", firstLineShift: 0, asked: "PROFILE" });
    expect(explainText("EXPLAIN MATCH (n) RETURN n")).toEqual({ text: "EXPLAIN MATCH (n) RETURN n", firstLineShift: 0, asked: "EXPLAIN" });
  });
});

const unusedUri = `bolt://127.0.0.1:${await closedPort()}`;

describe("before any server is involved", () => {
  const uri = unusedUri;
  // A driver that would fail with STORE_UNAVAILABLE the moment it is used: any other outcome proves it was not.
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "unused"), { connectionTimeout: 2000, maxTransactionRetryTime: 0 });
  const store = neo4jGraphStore(driver, { location: uri });

  afterAll(async () => {
    await store.close();
  });

  async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof GraphStoreError ? error.code : String(error);
  }

  it.each([
    "CREATE (n:Person {id: 'evil', name: 'Evil'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Person) RETURN n; CREATE (m:Person {id: 'evil2'})",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL apoc.load.json('http://example.org') YIELD value RETURN value",
  ])("refuses a write or file access without contacting the server: %s", async (statement) => {
    expect(await codeOf(store.runReadQuery(statement))).toBe("CYPHER_WRITE_REFUSED");
  });

  it("refuses bad options and unknown types before contacting the server", async () => {
    expect(await codeOf(store.runReadQuery("MATCH (n) RETURN n", {}, { rowLimit: 0 }))).toBe("INVALID_INPUT");
    expect(await codeOf(store.search("acme", { types: ["Spaceship"] }))).toBe("INVALID_INPUT");
    expect(await codeOf(store.search("acme", { limit: 1000 }))).toBe("INVALID_INPUT");
    expect(await codeOf(store.neighborhood("acme", { relationshipTypes: ["LEADS`]->() DETACH DELETE n //"] }))).toBe("INVALID_INPUT");
    expect(await codeOf(store.neighborhood("acme", { limit: -1 }))).toBe("INVALID_INPUT");
    expect(await codeOf(store.shortestPath("a", "b", { maxHops: 11 }))).toBe("INVALID_INPUT");
    expect(await codeOf(store.validDuring({ from: "July 2025" }))).toBe("INVALID_INPUT");
    expect(await codeOf(store.validDuring({ from: "2025-09-01", to: "2025-08-01" }))).toBe("INVALID_INPUT");
  });

  it("answers an empty search or lookup without a round trip", async () => {
    expect(await store.search("   ")).toEqual([]);
    expect(await store.getEntities([])).toEqual([]);
  });

  it("stops a write that was cancelled before it began", async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await codeOf(store.writeBatch({ entities: [], relationships: [] }, { signal: controller.signal }))).toBe("CANCELLED");
    expect(await codeOf(store.runScript([{ text: "RETURN 1" }], { signal: controller.signal }))).toBe("CANCELLED");
  });

  it("says STORE_UNAVAILABLE when the server is not there", async () => {
    expect(await codeOf(store.getEntity("acme"))).toBe("STORE_UNAVAILABLE");
  });
});

describe("opening a store", () => {
  it("fails with STORE_UNAVAILABLE, naming the server but never the password", async () => {
    const password = "s3cret-Passw0rd";
    const error = await openNeo4jGraphStore({ uri: unusedUri, username: "neo4j", password }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphStoreError);
    expect((error as GraphStoreError).code).toBe("STORE_UNAVAILABLE");
    expect((error as GraphStoreError).message).toContain(`Cannot reach Neo4j at ${unusedUri}: `);
    expect((error as GraphStoreError).message).not.toContain(password);
  });

  it("refuses a URI the driver does not know", async () => {
    const error = await openNeo4jGraphStore({ uri: "http://localhost:7474", username: "neo4j", password: "x" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_INPUT" });
  });

  it("shows URIs without credentials", () => {
    expect(uriForDisplay("neo4j+s://user:pw@abcd.databases.neo4j.io")).toBe("neo4j+s://abcd.databases.neo4j.io");
    expect(uriForDisplay("bolt://localhost:7687")).toBe("bolt://localhost:7687");
  });

  it("closes twice without complaint and refuses work afterwards", async () => {
    const driver = neo4j.driver("bolt://127.0.0.1:1", neo4j.auth.basic("neo4j", "unused"));
    const store = neo4jGraphStore(driver, { location: "bolt://127.0.0.1:1" });
    await store.close();
    await store.close();
    const error = await store.getEntity("acme").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "STORE_UNAVAILABLE" });
  });
});
