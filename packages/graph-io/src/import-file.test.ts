import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { EntityTypeName } from "@kgx/domain";
import { isGraphStoreError, type GraphStoreError } from "@kgx/graph-store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_IMPORT_BYTES,
  checkImportFileSize,
  decodeImportBytes,
  parseImportFile,
  readImportFile,
  type ImportOptions,
  type ParsedImport,
} from "./index.ts";

/** The error an import raises; fails the test when the import succeeds. */
async function importError(file: string, text: string, options?: ImportOptions): Promise<GraphStoreError> {
  try {
    await parseImportFile(file, text, options);
  } catch (error) {
    if (isGraphStoreError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be refused`);
}

function batchOf(parsed: ParsedImport) {
  if (parsed.format === "cypher") throw new Error("expected records, got Cypher");
  return parsed.batch;
}

const lines = (...text: string[]) => text.join("\n");

const SOURCE = {
  type: "Source",
  id: "nikkei-2025-07-15",
  properties: { name: "エヌビディア、H20の中国販売を再開へ", publisher: "日本経済新聞", publishedAt: "2025-07-15", language: "ja" },
} as const;
const HUANG = {
  type: "Person",
  id: "jensen-huang",
  properties: { name: "Jensen Huang", nameJa: "ジェンスン・フアン", aliases: ["黄仁勲", "Huang"] },
} as const;
const NVIDIA = { type: "Organization", id: "nvidia", properties: { name: "NVIDIA", nameJa: "エヌビディア", kind: "company", country: "US" } } as const;
const H20 = { type: "Chip", id: "h20", properties: { name: "H20", kind: "gpu" } } as const;
const REVENUE_SHARE = {
  type: "Policy",
  id: "us-h20-revenue-share",
  properties: { name: "15% revenue-share condition", nameJa: "売上高の15%納付条件", jurisdiction: "US", effectiveFrom: "2025-08-01", revenueSharePercent: 15 },
} as const;
const LEADS = {
  type: "LEADS",
  id: "jensen-huang-leads-nvidia",
  from: "jensen-huang",
  to: "nvidia",
  properties: { sources: ["nikkei-2025-07-15"], claim: "フアン氏はエヌビディアのCEO。", role: "CEO" },
} as const;
const TARGETS = {
  type: "TARGETS",
  id: "h20-condition",
  from: "us-h20-revenue-share",
  to: "h20",
  properties: { sources: ["nikkei-2025-07-15"], claim: "条件はH20の対中販売に課される。", validFrom: "2025-08-01" },
} as const;

describe("JSON import", () => {
  const text = lines(
    `{`,
    `  "entities": [`,
    `    {"type": "Source", "id": "nikkei-2025-07-15", "name": "エヌビディア、H20の中国販売を再開へ", "publisher": "日本経済新聞", "publishedAt": "2025-07-15", "language": "ja"},`,
    `    {"type": "Person", "id": "jensen-huang", "name": "Jensen Huang", "nameJa": "ジェンスン・フアン", "aliases": ["黄仁勲", "Huang"]},`,
    `    {"type": "Organization", "id": "nvidia", "name": "NVIDIA", "nameJa": "エヌビディア", "kind": "company", "country": "US"},`,
    `    {"type": "Chip", "id": "h20", "name": "H20", "kind": "gpu"},`,
    `    {"type": "Policy", "id": "us-h20-revenue-share", "name": "15% revenue-share condition", "nameJa": "売上高の15%納付条件",`,
    `     "jurisdiction": "US", "effectiveFrom": "2025-08-01", "revenueSharePercent": 15}`,
    `  ],`,
    `  "relationships": [`,
    `    {"type": "LEADS", "from": "jensen-huang", "to": "nvidia", "sources": ["nikkei-2025-07-15"], "claim": "フアン氏はエヌビディアのCEO。", "role": "CEO"},`,
    `    {"type": "TARGETS", "id": "h20-condition", "from": "us-h20-revenue-share", "to": "h20", "sources": ["nikkei-2025-07-15"], "claim": "条件はH20の対中販売に課される。", "validFrom": "2025-08-01"}`,
    `  ]`,
    `}`,
  );

  it("reads entities and relationships, deriving the ids it is not given", async () => {
    const parsed = await parseImportFile("data/h20.json", text);
    expect(parsed).toEqual({
      format: "json",
      batch: { entities: [SOURCE, HUANG, NVIDIA, H20, REVENUE_SHARE], relationships: [LEADS, TARGETS] },
      recordCount: 7,
    });
  });

  it("reports a syntax error with its line and column", async () => {
    const error = await importError("data/people.json", lines(`{"entities": [`, `  {"type": "Person", "id": "a", "name": "A",}`, `]}`));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe(`data/people.json:2:45: unexpected "}", expected a property name in double quotes (JSON allows no comma before })`);
    expect(error.location).toEqual({ file: "data/people.json", line: 2, column: 45 });
  });

  it("reports an unterminated string where it starts", async () => {
    const error = await importError("data/people.json", lines(`{"entities": [`, `  {"type": "Person", "id": "a", "name": "A}`, `]}`));
    expect(error.message).toBe("data/people.json:2:41: unterminated string (a line break inside a string must be written \\n)");
  });

  it("reports a value of the wrong type on the line of its field", async () => {
    const people = [
      `{`,
      `  "entities": [`,
      `    {"type": "Source", "id": "s1", "name": "S"},`,
      ...Array.from({ length: 8 }, (_, i) => `    {"type": "Person", "id": "p${i}", "name": "P${i}"},`),
      `    {`,
      `      "type": "Person", "id": "yang",`,
      `      "nameJa": 5,`,
      `      "name": "Yang"`,
      `    }`,
      `  ]`,
      `}`,
    ];
    const error = await importError("data/people.json", lines(...people));
    expect(error.message).toBe(`data/people.json:14: field "nameJa": expected a string, got 5`);
    expect(error.location).toEqual({ file: "data/people.json", line: 14, field: "nameJa" });
  });

  it("refuses an unknown property, an unknown entity type and a bad date, naming each", async () => {
    const error = await importError(
      "data/mixed.json",
      lines(
        `{"entities": [`,
        `  {"type": "Person", "id": "a", "name": "A", "color": "red"},`,
        `  {"type": "Spaceship", "id": "b", "name": "B"},`,
        `  {"type": "Event", "id": "c", "name": "C", "date": "2025-02-30"}`,
        `]}`,
      ),
    );
    expect(error.message.split("\n")).toEqual([
      "data/mixed.json: 3 problems",
      `data/mixed.json:2: field "color": Person has no property "color" (allowed: id, name, nameJa, aliases, description)`,
      `data/mixed.json:3: field "type": unknown entity type "Spaceship"`,
      `data/mixed.json:4: field "date": expected a date as YYYY-MM-DD, got "2025-02-30"`,
    ]);
    expect(error.location).toEqual({ file: "data/mixed.json", line: 2, field: "color" });
  });

  it("reports a __proto__ key as an unknown property rather than losing it", async () => {
    const error = await importError("data/odd.json", `{"entities": [{"type": "Person", "id": "a", "name": "A", "__proto__": {"name": 1}}]}`);
    expect(error.message).toBe(`data/odd.json:1: field "__proto__": Person has no property "__proto__" (allowed: id, name, nameJa, aliases, description)`);
  });

  it("refuses relationships with dangling endpoints or without sources", async () => {
    const error = await importError(
      "data/links.json",
      lines(
        `{"entities": [{"type": "Person", "id": "a", "name": "A"}, {"type": "Organization", "id": "o", "name": "O"}],`,
        ` "relationships": [`,
        `  {"type": "LEADS", "from": "ghost", "to": "o", "sources": ["s1"]},`,
        `  {`,
        `    "type": "LEADS",`,
        `    "from": "a",`,
        `    "to": "nowhere",`,
        `    "claim": "no sources"`,
        `  }`,
        `]}`,
      ),
    );
    expect(error.message.split("\n")).toEqual([
      "data/links.json: 4 problems",
      `data/links.json:3: field "from": no entity with id "ghost"`,
      `data/links.json:3: field "sources": no Source entity with id "s1"`,
      `data/links.json:4: field "sources": every relationship needs at least one source (an id of a Source entity)`,
      `data/links.json:7: field "to": no entity with id "nowhere"`,
    ]);
  });

  it("names both lines of a duplicate entity id and of a duplicate relationship id", async () => {
    const error = await importError(
      "data/dup.json",
      lines(
        `{"entities": [`,
        `  {"type": "Source", "id": "s", "name": "S"},`,
        `  {"type": "Person", "id": "a", "name": "A"},`,
        `  {"type": "Organization", "id": "o", "name": "O"},`,
        `  {"type": "Organization", "id": "a", "name": "Also A"}`,
        `], "relationships": [`,
        `  {"type": "LEADS", "from": "a", "to": "o", "sources": ["s"]},`,
        `  {"type": "WORKS_AT", "id": "r2", "from": "a", "to": "o", "sources": ["s"]},`,
        `  {"type": "LEADS", "from": "a", "to": "o", "sources": ["s"], "role": "CEO"},`,
        `  {"type": "WORKS_AT", "id": "r2", "from": "a", "to": "o", "sources": ["s"]}`,
        `]}`,
      ),
    );
    expect(error.message.split("\n")).toEqual([
      "data/dup.json: 3 problems",
      `data/dup.json:5: field "id": duplicate entity id "a": defined at line 3 and again at line 5`,
      `data/dup.json:9: field "id": duplicate relationship id "a-leads-o": defined at line 7 and again at line 9 (derived from from, type and to; give each relationship its own "id")`,
      `data/dup.json:10: field "id": duplicate relationship id "r2": defined at line 8 and again at line 10`,
    ]);
  });

  it("refuses a document that is not the expected shape", async () => {
    const error = await importError("data/shape.json", lines(`{"nodes": [],`, ` "entities": {"type": "Person"}}`));
    expect(error.message.split("\n")).toEqual([
      "data/shape.json: 2 problems",
      `data/shape.json:1: field "nodes": unknown top-level key (expected "entities" and "relationships")`,
      `data/shape.json:2: field "entities": expected a list of records, got {"type":"Person"}`,
    ]);
  });

  it("lists at most the configured number of problems and says how many more there are", async () => {
    const entities = Array.from({ length: 8 }, (_, i) => `  {"type": "Person", "id": "p${i}"}`);
    const error = await importError("data/many.json", lines(`{"entities": [`, entities.join(",\n"), `]}`), { maxReportedProblems: 3 });
    expect(error.message.split("\n")).toEqual([
      "data/many.json: 8 problems",
      `data/many.json:2: field "name": name is required`,
      `data/many.json:3: field "name": name is required`,
      `data/many.json:4: field "name": name is required`,
      "… and 5 more",
    ]);
  });
});

describe("JSON Lines import", () => {
  it("tells entities from relationships by their type, skipping blank lines", async () => {
    const text = [
      JSON.stringify({ type: "Source", id: SOURCE.id, ...SOURCE.properties }),
      "",
      JSON.stringify({ type: "Person", id: HUANG.id, ...HUANG.properties }),
      JSON.stringify({ type: "Organization", id: NVIDIA.id, ...NVIDIA.properties }),
      JSON.stringify({ type: "LEADS", from: "jensen-huang", to: "nvidia", ...LEADS.properties }),
    ].join("\r\n");
    const parsed = await parseImportFile("data/h20.jsonl", `${text}\r\n`);
    expect(parsed).toEqual({ format: "jsonl", batch: { entities: [SOURCE, HUANG, NVIDIA], relationships: [LEADS] }, recordCount: 4 });
  });

  it(`accepts "kind": "entity" | "relationship", and otherwise reads kind as the model's property`, async () => {
    const text = lines(
      JSON.stringify({ kind: "entity", type: "Source", id: SOURCE.id, ...SOURCE.properties }),
      JSON.stringify({ kind: "entity", type: "Person", id: HUANG.id, ...HUANG.properties }),
      JSON.stringify({ type: "Organization", id: NVIDIA.id, ...NVIDIA.properties }),
      JSON.stringify({ kind: "relationship", type: "LEADS", from: "jensen-huang", to: "nvidia", ...LEADS.properties }),
    );
    const parsed = await parseImportFile("data/h20.jsonl", text);
    expect(batchOf(parsed)).toEqual({ entities: [SOURCE, HUANG, NVIDIA], relationships: [LEADS] });
    expect(batchOf(parsed).entities[2]?.properties["kind"]).toBe("company");
  });

  it(`refuses a line whose "kind" contradicts its type`, async () => {
    const error = await importError("data/h20.jsonl", `{"kind": "entity", "type": "LEADS", "from": "a", "to": "b"}`);
    expect(error.message).toBe(`data/h20.jsonl:1: field "kind": the line says it is an entity, but LEADS is a relationship type`);
  });

  it("reports problems on every line, syntax errors included", async () => {
    const error = await importError(
      "data/bad.ndjson",
      lines(`{"type": "Person", "id": "a", "name": "A"}`, `{"type": "Person", "id": "b", name: "B"}`, `[1, 2]`, `{"type": "Planet", "id": "c"}`),
    );
    expect(error.message.split("\n")).toEqual([
      "data/bad.ndjson: 3 problems",
      `data/bad.ndjson:2:31: unexpected "n", expected a property name in double quotes`,
      "data/bad.ndjson:3: expected one object per line, got [1,2]",
      `data/bad.ndjson:4: field "type": unknown type "Planet"; each line needs the "type" of an entity (e.g. Person) or a relationship (e.g. LEADS)`,
    ]);
  });
});

describe("CSV import", () => {
  it("reads entities with quoted commas, doubled quotes, line breaks, lists and numbers, counting physical lines", async () => {
    const text = [
      "\uFEFFtype,id,name,nameJa,aliases,description,jurisdiction,effectiveFrom,revenueSharePercent",
      `Person,jensen-huang,Jensen Huang,ジェンスン・フアン,黄仁勲|Huang,,,,`,
      `Policy,us-h20-revenue-share,15% revenue-share condition,売上高の15%納付条件,,"Sales of H20s to China, on condition:`,
      `pay 15% of revenue (the ""deal"")",US,2025-08-01, 15 `,
      `Organization,nvidia,NVIDIA,エヌビディア,,,,,`,
      "",
    ].join("\r\n");
    const parsed = await parseImportFile("data/entities.csv", text);
    expect(batchOf(parsed).entities).toEqual([
      HUANG,
      {
        ...REVENUE_SHARE,
        properties: {
          name: "15% revenue-share condition",
          nameJa: "売上高の15%納付条件",
          description: `Sales of H20s to China, on condition:\r\npay 15% of revenue (the "deal")`,
          jurisdiction: "US",
          effectiveFrom: "2025-08-01",
          revenueSharePercent: 15,
        },
      },
      { type: "Organization", id: "nvidia", properties: { name: "NVIDIA", nameJa: "エヌビディア" } },
    ]);
  });

  it("reads relationships, splitting sources on | and deriving missing ids", async () => {
    const known = new Map<string, EntityTypeName>([
      ["jensen-huang", "Person"],
      ["nvidia", "Organization"],
      ["nikkei-2025-07-15", "Source"],
      ["reuters-2025-07-15", "Source"],
    ]);
    const text = lines(
      "type,id,from,to,sources,claim,role",
      `LEADS,,jensen-huang,nvidia,nikkei-2025-07-15|reuters-2025-07-15,"フアン氏はCEO",CEO`,
      `WORKS_AT,huang-works-at-nvidia,jensen-huang,nvidia,nikkei-2025-07-15,,`,
    );
    const parsed = await parseImportFile("data/links.csv", text, { knownEntityTypes: known });
    expect(batchOf(parsed).relationships).toEqual([
      {
        type: "LEADS",
        id: "jensen-huang-leads-nvidia",
        from: "jensen-huang",
        to: "nvidia",
        properties: { sources: ["nikkei-2025-07-15", "reuters-2025-07-15"], claim: "フアン氏はCEO", role: "CEO" },
      },
      { type: "WORKS_AT", id: "huang-works-at-nvidia", from: "jensen-huang", to: "nvidia", properties: { sources: ["nikkei-2025-07-15"] } },
    ]);
  });

  it("names the line and column of a cell that does not convert, after a cell spanning lines", async () => {
    const text = lines("type,id,name,description,amount,date", `Event,e1,"Order","two`, `lines",about 5,2025-07-01`, `Event,e2,Other,,7,2025/07/01`);
    const error = await importError("data/events.csv", text);
    expect(error.message.split("\n")).toEqual([
      "data/events.csv: 2 problems",
      `data/events.csv:3: field "amount": expected a number, got "about 5"`,
      `data/events.csv:4: field "date": expected a date as YYYY-MM-DD, got "2025/07/01"`,
    ]);
  });

  it("refuses an unknown column, naming it", async () => {
    const error = await importError("data/people.csv", lines("type,id,name,colour", "Person,a,A,red"));
    expect(error.message).toMatch(
      /^data\/people\.csv:1:14: field "colour": unknown column "colour": no entity type has this property \(allowed: type, id, name, nameJa, /,
    );
    expect(error.location).toEqual({ file: "data/people.csv", line: 1, column: 14, field: "colour" });
  });

  it("refuses a relationship file without a sources column", async () => {
    const error = await importError("data/links.csv", lines("type,from,to", "LEADS,a,o"));
    expect(error.message).toBe(
      `data/links.csv:1: field "sources": missing column "sources": a relationship file (one with from and to columns) needs type, from, to, sources`,
    );
  });

  it("refuses a quote that is never closed, naming the line it opens on", async () => {
    const error = await importError("data/people.csv", lines("type,id,name", "Person,a,A", `Person,b,"B`, "Person,c,C"));
    expect(error.message).toBe(`data/people.csv:3:10: quoted field starting here is never closed (a quote inside a field must be doubled: "")`);
  });

  it("refuses text after a closing quote and a quote inside an unquoted field", async () => {
    const afterQuote = await importError("data/a.csv", lines("type,id,name", `Person,a,"A"x`));
    expect(afterQuote.message).toBe(`data/a.csv:2:13: unexpected "x" after a closing quote (a quote inside a field must be doubled: "")`);
    const inside = await importError("data/b.csv", lines("type,id,name", `Person,a,say "hi"`));
    expect(inside.message).toMatch(/^data\/b\.csv:2:14: quote inside an unquoted field/);
  });

  it("refuses a row with a different number of cells than the header", async () => {
    const error = await importError("data/people.csv", lines("type,id,name", "Person,a,Ada,Lovelace"));
    expect(error.message).toBe("data/people.csv:2: expected 3 cells as in the header, got 4");
  });
});

describe("Cypher import", () => {
  it("splits statements, keeping the line each starts on", async () => {
    const text = lines(
      "// H20 knowledge",
      "MERGE (n:Person {id: 'jensen-huang'}) SET n.nameJa = 'ジェンスン・フアン';",
      "MERGE (n:Organization {id: 'nvidia'})",
      "  SET n.name = 'NVIDIA; Inc.';",
    );
    const parsed = await parseImportFile("cypher/knowledge/h20.cypher", text);
    expect(parsed).toEqual({
      format: "cypher",
      statements: [
        { text: "MERGE (n:Person {id: 'jensen-huang'}) SET n.nameJa = 'ジェンスン・フアン'", line: 2, file: "cypher/knowledge/h20.cypher" },
        { text: "MERGE (n:Organization {id: 'nvidia'})\n  SET n.name = 'NVIDIA; Inc.'", line: 3, file: "cypher/knowledge/h20.cypher" },
      ],
    });
  });

  it("reports an unterminated string with the file", async () => {
    const error = await importError("x.cql", lines("MATCH (n) RETURN n;", "RETURN 'oops;"));
    expect(error.code).toBe("CYPHER_SYNTAX");
    expect(error.message).toBe("x.cql: unterminated string at line 2, column 8");
    expect(error.location).toEqual({ file: "x.cql", line: 2, column: 8 });
  });
});

describe("ids outside the file", () => {
  const text = lines(
    `{"relationships": [`,
    `  {"type": "LEADS", "from": "jensen-huang", "to": "nvidia", "sources": ["nikkei"]},`,
    `  {"type": "MAKES", "from": "nvidia", "to": "h20", "sources": ["nikkei"]}`,
    `]}`,
  );

  it("are looked up once, together, through an async lookup such as the store's", async () => {
    const asked: string[][] = [];
    const lookup = async (ids: readonly string[]) => {
      asked.push([...ids]);
      return new Map<string, EntityTypeName>([
        ["jensen-huang", "Person"],
        ["nvidia", "Organization"],
        ["h20", "Chip"],
        ["nikkei", "Source"],
      ]);
    };
    const parsed = await parseImportFile("data/links.json", text, { knownEntityTypes: lookup });
    expect(asked.map((ids) => [...ids].sort())).toEqual([["h20", "jensen-huang", "nikkei", "nvidia"]]);
    expect(batchOf(parsed).relationships.map((r) => r.id)).toEqual(["jensen-huang-leads-nvidia", "nvidia-makes-h20"]);
  });

  it("are dangling when the lookup does not know them", async () => {
    const error = await importError("data/links.json", text, { knownEntityTypes: new Map([["nikkei", "Source"]]) });
    expect(error.message.split("\n").slice(1)).toEqual([
      `data/links.json:2: field "from": no entity with id "jensen-huang"`,
      `data/links.json:2: field "to": no entity with id "nvidia"`,
      `data/links.json:3: field "from": no entity with id "nvidia"`,
      `data/links.json:3: field "to": no entity with id "h20"`,
    ]);
  });

  it("may not be redefined as another type", async () => {
    const error = await importError("data/people.json", `{"entities": [{"type": "Person", "id": "nvidia", "name": "NVIDIA"}]}`, {
      knownEntityTypes: new Map([["nvidia", "Organization"]]),
    });
    expect(error.message).toBe(`data/people.json:1: field "type": "nvidia" already exists as Organization; an id names one entity of one type`);
  });
});

describe("files that are not importable text", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "kgx-graph-io-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses an extension it does not know, listing the ones it does", async () => {
    const error = await importError("data/people.xlsx", "{}");
    expect(error.message).toBe("data/people.xlsx: cannot import a .xlsx file; the name must end in one of .json, .jsonl, .ndjson, .csv, .cypher, .cql");
  });

  it("refuses an empty file", async () => {
    expect((await importError("data/empty.csv", "\uFEFF \n")).message).toBe("data/empty.csv is empty");
  });

  it("refuses a file over the size limit before reading it", async () => {
    const file = path.join(dir, "big.json");
    await writeFile(file, `{"entities": []}${" ".repeat(100)}`);
    await expect(readImportFile(file, { maxBytes: 64 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: `${file} is 116 bytes, over the 64 bytes limit for one import; split it into smaller files`,
      location: { file },
    });
    expect(() => checkImportFileSize("dump.json", 300 * 1024 * 1024)).toThrow("dump.json is 300.0 MiB, over the 256.0 MiB limit for one import");
    expect(() => checkImportFileSize("dump.json", DEFAULT_MAX_IMPORT_BYTES)).not.toThrow();
  });

  it("refuses a binary file, naming the line of the NUL byte", async () => {
    const file = path.join(dir, "image.csv");
    await writeFile(file, Buffer.from([0x74, 0x79, 0x70, 0x65, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await expect(readImportFile(file)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: `${file}:2: looks like a binary file, not text (it contains a NUL byte); import JSON, JSON Lines, CSV or Cypher text`,
      location: { file, line: 2 },
    });
  });

  it("refuses text that is not UTF-8, naming the line", async () => {
    // "type,id,name\nPerson,a,日本" with 日本 in Shift_JIS, as older spreadsheets save it.
    const shiftJis = Buffer.concat([Buffer.from("type,id,name\nPerson,a,"), Buffer.from([0x93, 0xfa, 0x96, 0x7b]), Buffer.from("\n")]);
    expect(() => decodeImportBytes("data/people.csv", shiftJis)).toThrow(
      `data/people.csv:2: not UTF-8 text (byte 0x93 does not begin a valid UTF-8 character); save the file as UTF-8 (from Excel, save as "CSV UTF-8")`,
    );
  });

  it("reads a UTF-8 file from disk, byte order mark and all", async () => {
    const file = path.join(dir, "people.csv");
    await writeFile(file, `\uFEFFtype,id,name,nameJa\r\nPerson,jensen-huang,Jensen Huang,ジェンスン・フアン\r\n`);
    const parsed = await readImportFile(file);
    expect(batchOf(parsed).entities).toEqual([{ type: "Person", id: "jensen-huang", properties: { name: "Jensen Huang", nameJa: "ジェンスン・フアン" } }]);
  });

  it("names the file as told in messages while reading it from its real path", async () => {
    const file = path.join(dir, "named.json");
    await writeFile(file, `{"entities": [\n{"type": "Person", "id": "a"}]}`);
    await expect(readImportFile(file, { displayName: "data/named.json" })).rejects.toMatchObject({
      message: `data/named.json:2: field "name": name is required`,
      location: { file: "data/named.json", line: 2, field: "name" },
    });
  });

  it("says when the file does not exist", async () => {
    await expect(readImportFile(path.join(dir, "missing.json"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
