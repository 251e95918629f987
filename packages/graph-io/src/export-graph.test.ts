import { allEntityPropertyKinds, allRelationshipPropertyKinds, type EntityRecord, type RelationshipRecord } from "@kgx/domain";
import { splitCypherStatements, type GraphBatch } from "@kgx/graph-store";
import { seededRandom } from "@kgx/graph-store/contract";
import { describe, expect, it } from "vitest";
import { cypherFloat } from "./export-cypher.ts";
import { exportGraph, parseImportFile } from "./index.ts";

const entities: EntityRecord[] = [
  { type: "Source", id: "nikkei-2025-07-15", properties: { name: "エヌビディア、H20の中国販売を再開へ", publishedAt: "2025-07-15", language: "ja" } },
  { type: "Person", id: "jensen-huang", properties: { name: "Jensen Huang", nameJa: "ジェンスン・フアン", aliases: ["黄仁勲", "Huang"] } },
  { type: "Organization", id: "nvidia", properties: { name: "NVIDIA", kind: "company", description: null } },
  { type: "Event", id: "h20-write-down", properties: { name: "H20 write-down", date: "2025-05-28", amount: 4.5e9, amountUpper: 15, unit: "USD" } },
];
const relationships: RelationshipRecord[] = [
  {
    type: "LEADS",
    id: "jensen-huang-leads-nvidia",
    from: "jensen-huang",
    to: "nvidia",
    properties: { sources: ["nikkei-2025-07-15"], claim: "フアン氏はCEO。", role: "CEO" },
  },
  {
    type: "INVOLVES",
    id: "write-down-involves-nvidia",
    from: "h20-write-down",
    to: "nvidia",
    properties: { sources: ["nikkei-2025-07-15"], validFrom: "2025-05-28" },
  },
];
const batch: GraphBatch = { entities, relationships };

describe("JSON export", () => {
  it("writes the import format, one record per line, properties in model order and nulls left out", () => {
    expect(exportGraph(batch, "json")).toBe(
      [
        `{`,
        `  "entities": [`,
        `    {"type":"Source","id":"nikkei-2025-07-15","name":"エヌビディア、H20の中国販売を再開へ","publishedAt":"2025-07-15","language":"ja"},`,
        `    {"type":"Person","id":"jensen-huang","name":"Jensen Huang","nameJa":"ジェンスン・フアン","aliases":["黄仁勲","Huang"]},`,
        `    {"type":"Organization","id":"nvidia","name":"NVIDIA","kind":"company"},`,
        `    {"type":"Event","id":"h20-write-down","name":"H20 write-down","date":"2025-05-28","amount":4500000000,"amountUpper":15,"unit":"USD"}`,
        `  ],`,
        `  "relationships": [`,
        `    {"type":"LEADS","id":"jensen-huang-leads-nvidia","from":"jensen-huang","to":"nvidia","sources":["nikkei-2025-07-15"],"claim":"フアン氏はCEO。","role":"CEO"},`,
        `    {"type":"INVOLVES","id":"write-down-involves-nvidia","from":"h20-write-down","to":"nvidia","sources":["nikkei-2025-07-15"],"validFrom":"2025-05-28"}`,
        `  ]`,
        `}`,
        ``,
      ].join("\n"),
    );
  });

  it("round-trips: importing an export gives the same records, and exporting them again the same text", async () => {
    const tricky = { ...entities[1], properties: { ...entities[1]?.properties, description: `quote " backslash \\ line\nbreak ✓ 😀 \u2028` } } as EntityRecord;
    const original: GraphBatch = { entities: [entities[0], tricky, ...entities.slice(2)] as EntityRecord[], relationships };
    const text = exportGraph(original, "json");
    const parsed = await parseImportFile("export.json", text);
    if (parsed.format === "cypher") throw new Error("expected records");
    const withoutNulls = original.entities.map((e) => ({ ...e, properties: Object.fromEntries(Object.entries(e.properties).filter(([, v]) => v !== null)) }));
    expect(parsed.batch).toEqual({ entities: withoutNulls, relationships });
    expect(exportGraph(parsed.batch, "json")).toBe(text);
  });

  it("writes an empty graph as empty lists", () => {
    expect(exportGraph({ entities: [], relationships: [] }, "json")).toBe(`{\n  "entities": [],\n  "relationships": []\n}\n`);
  });
});

describe("GraphML export", () => {
  const xml = exportGraph(batch, "graphml");

  it("declares a key for every property in the model, typed by its kind", () => {
    const keys = [...xml.matchAll(/<key id="([^"]+)" for="(node|edge)" attr\.name="([^"]+)" attr\.type="([^"]+)"/g)].map((m) => m.slice(1));
    expect(keys.length).toBe(allEntityPropertyKinds().size - 1 + allRelationshipPropertyKinds().size - 1 + 4);
    expect(keys).toContainEqual(["labels", "node", "labels", "string"]);
    expect(keys).toContainEqual(["node.type", "node", "type", "string"]);
    expect(keys).toContainEqual(["node.amount", "node", "amount", "double"]);
    expect(keys).toContainEqual(["node.publishedAt", "node", "publishedAt", "string"]);
    expect(keys).toContainEqual(["label", "edge", "label", "string"]);
    expect(keys).toContainEqual(["edge.ratioLow", "edge", "ratioLow", "double"]);
    expect(xml).toContain(`<key id="node.aliases" for="node" attr.name="aliases" attr.type="string" attr.list="string"/>`);
    expect(xml).toContain(`<key id="edge.sources" for="edge" attr.name="sources" attr.type="string" attr.list="string"/>`);
  });

  it("writes nodes and edges with their ids, types and Neo4j-style labels", () => {
    expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"`)).toBe(true);
    expect(xml).toContain(`<graph id="kgx" edgedefault="directed">`);
    expect(xml).toContain(
      [
        `    <node id="jensen-huang" labels=":Person">`,
        `      <data key="labels">:Person</data>`,
        `      <data key="node.type">Person</data>`,
        `      <data key="node.name">Jensen Huang</data>`,
        `      <data key="node.nameJa">ジェンスン・フアン</data>`,
        `      <data key="node.aliases">[&quot;黄仁勲&quot;,&quot;Huang&quot;]</data>`,
        `    </node>`,
      ].join("\n"),
    );
    expect(xml).toContain(`<data key="node.amount">4500000000</data>`);
    expect(xml).toContain(
      [
        `    <edge id="jensen-huang-leads-nvidia" source="jensen-huang" target="nvidia" label="LEADS">`,
        `      <data key="label">LEADS</data>`,
        `      <data key="edge.type">LEADS</data>`,
        `      <data key="edge.sources">[&quot;nikkei-2025-07-15&quot;]</data>`,
        `      <data key="edge.claim">フアン氏はCEO。</data>`,
        `      <data key="edge.role">CEO</data>`,
        `    </edge>`,
      ].join("\n"),
    );
    expect(xml.endsWith("  </graph>\n</graphml>\n")).toBe(true);
  });

  it("escapes markup, keeps line breaks and drops characters XML 1.0 forbids", () => {
    const name = `<b>"AT&T's"</b>\r\n\ttab\u0000nul\u0008bs\uFFFE\uD800 😀`;
    const out = exportGraph({ entities: [{ type: "Person", id: "a&b", properties: { name } }], relationships: [] }, "graphml");
    expect(out).toContain(`<node id="a&amp;b" labels=":Person">`);
    expect(out).toContain(`<data key="node.name">&lt;b&gt;&quot;AT&amp;T&apos;s&quot;&lt;/b&gt;&#13;\n\ttabnulbs 😀</data>`);
  });
});

describe("Cypher export", () => {
  it("writes one MERGE per entity and one MATCH … MERGE per relationship in the shipped style", () => {
    expect(exportGraph(batch, "cypher")).toBe(
      [
        `MERGE (n:Source {id: 'nikkei-2025-07-15'}) SET n.name = 'エヌビディア、H20の中国販売を再開へ', n.publishedAt = date('2025-07-15'), n.language = 'ja';`,
        `MERGE (n:Person {id: 'jensen-huang'}) SET n.name = 'Jensen Huang', n.nameJa = 'ジェンスン・フアン', n.aliases = ['黄仁勲','Huang'];`,
        `MERGE (n:Organization {id: 'nvidia'}) SET n.name = 'NVIDIA', n.kind = 'company';`,
        `MERGE (n:Event {id: 'h20-write-down'}) SET n.name = 'H20 write-down', n.date = date('2025-05-28'), n.amount = 4500000000.0, n.amountUpper = 15.0, n.unit = 'USD';`,
        ``,
        `MATCH (a:Person {id: 'jensen-huang'}), (b:Organization {id: 'nvidia'}) MERGE (a)-[r:LEADS {id: 'jensen-huang-leads-nvidia'}]->(b) SET r.sources = ['nikkei-2025-07-15'], r.claim = 'フアン氏はCEO。', r.role = 'CEO';`,
        `MATCH (a:Event {id: 'h20-write-down'}), (b:Organization {id: 'nvidia'}) MERGE (a)-[r:INVOLVES {id: 'write-down-involves-nvidia'}]->(b) SET r.sources = ['nikkei-2025-07-15'], r.validFrom = date('2025-05-28');`,
        ``,
      ].join("\n"),
    );
  });

  it("writes an entity with nothing to set as a bare MERGE", () => {
    // validateEntityRecord requires a name, but the export must not lose a record that lacks one.
    expect(exportGraph({ entities: [{ type: "Place", id: "tw", properties: {} }], relationships: [] }, "cypher")).toBe(`MERGE (n:Place {id: 'tw'});\n`);
  });

  it.each([
    [15, "15.0"],
    [0.15, "0.15"],
    [-2.5, "-2.5"],
    [1e21, "1.0e21"],
    [1.5e-7, "1.5e-7"],
    [5e-324, "5.0e-324"],
    [123456789.125, "123456789.125"],
  ])("writes the float %d as %s", (value, text) => {
    expect(cypherFloat(value)).toBe(text);
    expect(Number(text)).toBe(value);
  });

  it("writes every float so that it reads back exactly, always with a point or an exponent", () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const bits = new DataView(new ArrayBuffer(8));
      bits.setUint32(0, Math.floor(random() * 2 ** 32));
      bits.setUint32(4, Math.floor(random() * 2 ** 32));
      const value = bits.getFloat64(0);
      if (!Number.isFinite(value)) continue;
      const text = cypherFloat(value);
      expect(text).toMatch(/^-?\d+\.\d+(e-?\d+)?$/);
      expect(Number(text)).toBe(value);
    }
  });

  it("keeps statement boundaries and every string intact, whatever the strings hold", () => {
    const pieces = [
      "'",
      "\\",
      "\\'",
      "`",
      "*/",
      "/*",
      "//",
      "\n",
      "\r\n",
      "\r",
      ";",
      "\u0000",
      "\t",
      '"',
      "$param",
      "😀",
      "日本語",
      "「引用」",
      "\uD83D",
      "\uDE00",
      " ",
      "a",
      "}",
      ")",
      "]->(",
      "MATCH (n) DETACH DELETE n",
    ];
    const random = seededRandom(2025);
    const strings = Array.from({ length: 400 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join(""),
    );
    const graph: GraphBatch = {
      entities: [
        { type: "Source", id: "s1", properties: { name: "S" } },
        { type: "Person", id: "p", properties: { name: "P" } },
        ...strings.map((s, i): EntityRecord => ({
          type: "Event",
          id: `e${i}`,
          properties: { name: s, aliases: [s, `${s}2`], description: s, date: "2025-07-01" },
        })),
      ],
      relationships: strings.map((s, i): RelationshipRecord => ({
        type: "INVOLVES",
        id: `r${i}`,
        from: `e${i}`,
        to: "p",
        properties: { sources: ["s1"], claim: s },
      })),
    };
    const statements = splitCypherStatements(exportGraph(graph, "cypher"));
    expect(statements.length).toBe(graph.entities.length + graph.relationships.length);
    strings.forEach((s, i) => {
      expect(stringLiterals(statements[2 + i]?.text ?? "")).toEqual([`e${i}`, s, s, `${s}2`, s, "2025-07-01"]);
      expect(stringLiterals(statements[2 + strings.length + i]?.text ?? "")).toEqual([`e${i}`, "p", `r${i}`, "s1", s]);
    });
  });

  it("escapes only what it must: backslash and quote, and as \\u only NUL and unpaired surrogates", () => {
    const statement = exportGraph({ entities: [{ type: "Person", id: "p", properties: { name: `a'b\\c\nd\u0000e\uD800f😀` } }], relationships: [] }, "cypher");
    expect(statement).toBe(`MERGE (n:Person {id: 'p'}) SET n.name = 'a\\'b\\\\c\nd\\u0000e\\uD800f😀';\n`);
  });
});

describe("records the formats cannot represent", () => {
  it("are refused, each named", () => {
    const bad: GraphBatch = {
      entities: [
        { type: "Person", id: "a", properties: { name: "A", colour: "red" } },
        { type: "Robot" as EntityRecord["type"], id: "r", properties: { name: "R" } },
        { type: "Event", id: "e", properties: { name: "E", amount: "lots", date: "2025-02-30" } },
        { type: "Person", id: "a", properties: { name: "A again" } },
      ],
      relationships: [{ type: "LEADS", id: "l", from: "a", to: "elsewhere", properties: { sources: ["s"] } }],
    };
    expect(() => exportGraph(bad, "cypher")).toThrow(
      [
        "Cannot export: 6 problems",
        `entity "a": field "colour": Person has no such property`,
        `entity "r": unknown entity type "Robot"`,
        `entity "e": field "amount": expected float, got "lots"`,
        `entity "e": field "date": expected date, got "2025-02-30"`,
        `entity "a": appears more than once`,
        `relationship "l": its to entity "elsewhere" is not in the export`,
      ].join("\n"),
    );
  });

  it("include, for GraphML and Cypher but not JSON, relationships whose endpoints are not exported", () => {
    const partial: GraphBatch = { entities: [entities[1] as EntityRecord], relationships: [relationships[0] as RelationshipRecord] };
    expect(() => exportGraph(partial, "graphml")).toThrow(`relationship "jensen-huang-leads-nvidia": its to entity "nvidia" is not in the export`);
    expect(() => exportGraph(partial, "cypher")).toThrow(`relationship "jensen-huang-leads-nvidia": its to entity "nvidia" is not in the export`);
    expect(exportGraph(partial, "json")).toContain(`"from":"jensen-huang","to":"nvidia"`);
  });
});

/** The values of the string literals in a Cypher statement, decoded as openCypher defines its escapes. */
function stringLiterals(statement: string): string[] {
  const escapes: Readonly<Record<string, string>> = { "\\": "\\", "'": "'", '"': '"', n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };
  const out: string[] = [];
  for (let i = 0; i < statement.length; i++) {
    if (statement[i] !== "'") continue;
    let value = "";
    for (i++; statement[i] !== "'"; i++) {
      if (i >= statement.length) throw new Error(`unterminated string in ${statement}`);
      const ch = statement[i] as string;
      if (ch !== "\\") {
        value += ch;
        continue;
      }
      const letter = statement[++i] as string;
      if (letter === "u") {
        value += String.fromCharCode(Number.parseInt(statement.slice(i + 1, i + 5), 16));
        i += 4;
      } else {
        const decoded = escapes[letter];
        if (decoded === undefined) throw new Error(`unknown escape \\${letter}`);
        value += decoded;
      }
    }
    out.push(value);
  }
  return out;
}
