import { seededRandom } from "@kgx/graph-store/contract";
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, Kind, parse, type GraphQLSchema, type TypeNode } from "graphql";

/**
 * Inputs for fuzzing the GraphQL endpoint: seeded, so a run can be repeated exactly, and shaped
 * after the real schema, so mutated documents get past the parser often enough to reach
 * validation, variable coercion and the resolvers.
 */

/** The seeded generator the property tests share (mulberry32). */
export const mulberry32 = seededRandom;

/** The seed of input `index` of a run: each input has its own stream, so one can be regenerated alone. */
export function inputSeed(runSeed: number, index: number): number {
  let h = Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** A whole number from 0 to `below - 1`. */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** A whole number from `min` to `max`, both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)] as T;
  }

  /** Picks a name by weight. */
  weighted<T extends { readonly weight: number }>(items: readonly T[]): T {
    const total = items.reduce((sum, item) => sum + item.weight, 0);
    let at = this.next() * total;
    for (const item of items) {
      at -= item.weight;
      if (at < 0) return item;
    }
    return items[items.length - 1] as T;
  }
}

/** One HTTP request to /graphql, and a short description of it for failure reports. */
export interface FuzzRequest {
  readonly method: string;
  /** The query string of a GET, with its leading `?`, or "". */
  readonly search: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A string is sent as UTF-8; bytes are sent as they are (and fetch then adds no content-type). */
  readonly body?: string | Uint8Array;
  readonly summary: string;
}

export interface FuzzGenerator {
  readonly name: string;
  /** How often this generator is picked, relative to the others. */
  readonly weight: number;
  generate(random: Random): FuzzRequest;
}

/** A valid operation against the real schema and variables that make it succeed on the seeded graph. */
export interface ValidOperation {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

export const VALID_OPERATIONS: readonly ValidOperation[] = [
  {
    name: "search",
    query: `query Search($q: String!, $types: [EntityType!], $first: Int) {
  search(query: $q, types: $types, first: $first) { id type name nameJa aliases description ... on Organization { kind country } }
}`,
    variables: { q: "nvidia", types: ["Organization", "Person"], first: 5 },
  },
  {
    name: "entity",
    query: `query Entity($id: ID!, $direction: Direction, $first: Int, $after: String) {
  entity(id: $id) {
    id name properties
    relationships(direction: $direction, first: $first, after: $after) {
      totalCount
      edges { cursor direction other { id name } node { id type claim validFrom validTo evidence { claim sources { title url } } } }
      pageInfo { hasNextPage endCursor }
    }
    statements { id name }
    sources { id }
  }
}`,
    variables: { id: "nvidia", direction: "BOTH", first: 3, after: null },
  },
  {
    name: "entityLiteral",
    query: `{ entity(id: "nvidia") { id name __typename ... on Organization { kind } } }`,
  },
  {
    name: "entities",
    query: `query Entities($type: EntityType, $first: Int) {
  entities(type: $type, first: $first) {
    totalCount
    nodes { id name relationships(first: 2, direction: OUT, types: [MAKES, LEADS]) { totalCount nodes { id type from { id } to { id } } } }
    pageInfo { endCursor hasNextPage }
  }
}`,
    variables: { type: "Organization", first: 5 },
  },
  {
    name: "neighborhood",
    query: `query Neighborhood($id: ID!, $depth: Int, $limit: Int, $direction: Direction, $types: [RelationshipType!]) {
  neighborhood(id: $id, depth: $depth, limit: $limit, direction: $direction, types: $types) {
    nodes { id name type properties } edges { id type source target claim sources { id } } truncated totalNeighbors
  }
}`,
    variables: { id: "nvidia", depth: 2, limit: 20, direction: "BOTH", types: null },
  },
  {
    name: "shortestPath",
    query: `query Path($from: ID!, $to: ID!, $maxHops: Int) {
  shortestPath(from: $from, to: $to, maxHops: $maxHops) { nodes { id name } edges { id type source target } totalNeighbors }
}`,
    variables: { from: "nvidia", to: "jensen-huang", maxHops: 4 },
  },
  {
    name: "timeline",
    query: `query Timeline($from: Date, $to: Date, $types: [EntityType!]) {
  timeline(from: $from, to: $to, types: $types) { date endDate entity { id name type } }
}`,
    variables: { from: "2020-01-01", to: "2026-12-31", types: ["Event", "Policy"] },
  },
  {
    name: "timelineLiteral",
    query: `{ timeline(from: "2025-01-01", to: "2025-12-31") { date entity { id } } }`,
  },
  {
    name: "graphSchema",
    query: `{ graphSchema { entityTypes { name count properties propertyInfo { name kind unit } } relationshipTypes { name count endpoints { from to } } } }`,
  },
  {
    name: "cypher",
    query: `query Cypher($statement: String!, $params: JSON, $limit: Int) {
  cypher(statement: $statement, params: $params, limit: $limit) { columns rows truncated backend graph { nodes { id type } edges { id type } } }
}`,
    variables: { statement: "MATCH (p:Person)-[r:LEADS]->(o:Organization) WHERE o.id = $id RETURN p, r, o", params: { id: "nvidia" }, limit: 10 },
  },
  {
    name: "cypherLiteral",
    query: `{ cypher(statement: "MATCH (o:Organization) RETURN o.name AS name ORDER BY name LIMIT 3", params: {}) { columns rows } }`,
  },
  {
    name: "fragments",
    query: `query WithFragments($id: ID!, $withRelationships: Boolean!) {
  entity(id: $id) { ...Basics relationships(first: 2) @include(if: $withRelationships) { nodes { ...Edge } } }
}
fragment Basics on Entity { id name type }
fragment Edge on Relationship { id type fromId toId }`,
    variables: { id: "nvidia", withRelationships: true },
  },
  {
    name: "introspection",
    query: `{ __schema { queryType { name } types { name kind } } __type(name: "Entity") { name possibleTypes { name } } }`,
  },
];

/** Mutations are fuzzed too; the fuzzing server has no write token, so none of them can change the graph. */
export const WRITE_OPERATIONS: readonly ValidOperation[] = [
  {
    name: "upsertEntity",
    query: `mutation Upsert($input: EntityInput!) { upsertEntity(input: $input) { id name } }`,
    variables: { input: { id: "fuzz-org", type: "Organization", name: "Fuzz Org", properties: { kind: "company" } } },
  },
  {
    name: "upsertRelationship",
    query: `mutation Link($input: RelationshipInput!) { upsertRelationship(input: $input) { id } }`,
    variables: { input: { type: "MAKES", from: "nvidia", to: "h20", sources: ["x"], validFrom: "2024-01-01" } },
  },
  { name: "deleteRelationship", query: `mutation { deleteRelationship(id: "nvidia-makes-h20") }` },
];

const ALL_OPERATIONS = [...VALID_OPERATIONS, ...WRITE_OPERATIONS];

/** Type, field, argument and enum value names of the schema, for token soup that looks like the real thing. */
export function schemaVocabulary(schema: GraphQLSchema): string[] {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    names.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        names.add(field.name);
        for (const arg of field.args) names.add(arg.name);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) names.add(field.name);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) names.add(value.name);
    }
  }
  return [...names].sort();
}

const PUNCTUATION = ["{", "}", "(", ")", "[", "]", ":", "!", "$", "@", "...", "=", "|", "&", ",", "."];
const KEYWORDS = [
  "query",
  "mutation",
  "subscription",
  "fragment",
  "on",
  "true",
  "false",
  "null",
  "schema",
  "type",
  "interface",
  "union",
  "enum",
  "input",
  "extend",
  "scalar",
  "directive",
  "repeatable",
  "implements",
  "__typename",
  "__schema",
  "__type",
  "@include",
  "@skip",
  "@deprecated",
  "@specifiedBy",
  "if",
];
const ODD_LITERALS = [
  "0",
  "-0",
  "1",
  "-1",
  "00",
  "1.",
  ".5",
  "1e308",
  "1e309",
  "-1e309",
  "9007199254740993",
  "2147483648",
  "-2147483649",
  "0x1F",
  "NaN",
  "Infinity",
  '""',
  '"x"',
  '"""block"""',
  '"unterminated',
  '"\\u00"',
  '"\\uD800"',
  '"\\u{1F600}"',
  "#comment\n",
  '"\\q"',
  "'single'",
];

/** Strings that trip up encoders, parsers and databases. Lone surrogates become `\ud800` escapes in JSON. */
const AWKWARD_STRINGS = [
  "🧠🔥👩🏽‍💻",
  "مرحبا بالعالم",
  "\u202eevil\u202c",
  "e\u0301\u0302\u0303\u0304\u0305\u0306\u0307",
  "Z̸̢̛̛̗̤̯͍̫̬̣̮̈́̈́͊͌a̴̛̖͈̲̬̰̗͖̰̬l̴̡̜̞̳̞̥͍̪g̸̡̨͇̪͓̙͕̈́o̸",
  "\ud800",
  "\udfff",
  "\udc00\ud800",
  "a\ud83d",
  "\u0000",
  "nv\u0000idia",
  "\ufeff",
  "\uffff",
  "\ufffe",
  "\u2028\u2029",
  "\u200b\u200d",
  "エヌビディア",
  "'; MATCH (n) DETACH DELETE n //",
  "\\",
  '"',
  "${id}",
  "%s%n%x",
  "\r\n\t\v\f\b",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
];

/** Values that are wrong for most variables: wrong JSON kinds, edge numbers, NaN-like strings. */
function wrongValue(random: Random, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => "12",
    () => "NaN",
    () => "Infinity",
    () => "-Infinity",
    () => "1e999",
    () => "",
    () => random.pick(AWKWARD_STRINGS),
    () => null,
    () => true,
    () => false,
    () => 0,
    () => -1,
    () => 1.5,
    () => 2 ** 31,
    () => -(2 ** 31) - 1,
    () => 2 ** 53 + 2,
    () => Number.MAX_VALUE,
    () => -Number.MAX_VALUE,
    () => Number.MIN_VALUE,
    () => [],
    () => [null],
    () => ["OUT", 1, null],
    () => ({}),
    () => ({ OUT: true }),
    // Parsed, so that `__proto__` is an own key as it would be in a request body, not this object's prototype.
    () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
    () => ({ toString: "x", valueOf: 1 }),
    () => (depth < 3 ? [wrongValue(random, depth + 1), wrongValue(random, depth + 1)] : "deep"),
    () => (depth < 3 ? { nested: wrongValue(random, depth + 1) } : "deep"),
    () => "x".repeat(random.between(1000, 20_000)),
    () => "2024-02-30",
    () => "2024-13-01",
    () => "0000-00-00",
    () => "2024-01-01T00:00:00Z",
    () => "BOTH ",
    () => "both",
  ];
  return random.pick(choices)();
}

/** A random read-shaped Cypher statement over the domain's labels, sometimes damaged afterwards. */
function randomCypher(random: Random, labels: readonly string[], relationshipTypes: readonly string[]): string {
  const label = () => random.pick(labels);
  const rel = () => random.pick(relationshipTypes);
  const node = (name: string) => random.pick([`(${name})`, `(${name}:${label()})`, `(${name}:${label()} {id: 'nvidia'})`, `(${name} {id: $id})`]);
  const pattern = () =>
    random.pick([
      () => node("a"),
      () => `${node("a")}-[r:${rel()}]->${node("b")}`,
      () => `${node("a")}-[r]-${node("b")}`,
      () => `${node("a")}-[r:${rel()}|${rel()}]-${node("b")}`,
      () => `${node("a")}-[r*1..${random.between(1, 3)}]-${node("b")}`,
      () => `p = ${node("a")}-[r* SHORTEST 1..${random.between(1, 4)}]-${node("b")}`,
    ])();
  const expression = () =>
    random.pick([
      "a",
      "a.id",
      "a.name",
      "label(a)",
      "count(*)",
      "collect(a.name)",
      "1/0",
      "1.0/0",
      "[1,2,3][10]",
      "'a' + 1",
      "size('x')",
      "9223372036854775807 + 1",
      "-9223372036854775808 - 1",
      "toInteger('x')",
      "CAST('x' AS INT64)",
      "[x IN range(1, 5) | x * x]",
      "a.name =~ '(((('",
      "lower(a.name)",
      "substring(a.name, -5, 3)",
      "coalesce(a.nameJa, a.name)",
      "{k: a.id, v: [1, 'x', null]}",
      "NULL",
      "TRUE",
      "1e308 * 10",
      "'\\u0000'",
      "date('2024-02-30')",
      "timestamp('x')",
      "list_extract([1], 0)",
      "a.missingProperty",
      "$id",
      "$missing",
      "r",
      "p",
      "b.id",
      "nodes(p)",
      "properties(nodes(p), 'name')",
      "rels(p)",
      "length(p)",
      "DISTINCT a.name",
      "CASE WHEN a.name IS NULL THEN 1 ELSE 'x' END",
      "[x IN $list WHERE x > 1]",
      "list_concat([1], ['a'])",
      "a.aliases[1]",
      "a.aliases[0:-1]",
      "COUNT { MATCH (a)-[]->() }",
      "EXISTS { MATCH (a)-[]-() }",
      "min(a.name)",
      "avg(size(a.name))",
      "collect(DISTINCT label(a))[0]",
      "struct_extract({x: 1}, 'x')",
      "to_int64('9223372036854775808')",
      "'x' * 3",
      "a = b",
      "id(a)",
      "offset(id(a))",
      "*",
    ]);
  const where = () =>
    random.pick(["a.id = $id", "a.name CONTAINS 'a'", "a.name STARTS WITH $id", "label(a) = 'Person'", "a.id IN ['nvidia', 'h20']", "a.name IS NULL", "1 = 1"]);
  let statement: string = random.pick([
    () =>
      `MATCH ${pattern()}${random.chance(0.5) ? ` WHERE ${where()}` : ""} RETURN ${expression()}${random.chance(0.5) ? `, ${expression()}` : ""} LIMIT ${random.between(0, 50)}`,
    () => `MATCH ${pattern()} WITH ${expression()} AS x RETURN x ORDER BY x${random.chance(0.5) ? " DESC" : ""} SKIP ${random.between(0, 5)} LIMIT 20`,
    () =>
      `UNWIND ${random.pick(["[1, 2, 3]", "range(1, 100)", "['a', null]", "$list", "[]"])} AS x RETURN ${random.pick(["x", "x + 1", "x * x", "toString(x)"])}`,
    () => `RETURN ${expression()}`,
    () => `OPTIONAL MATCH ${pattern()} RETURN ${expression()} LIMIT 5`,
    () => `MATCH (a:${label()}) RETURN a.id AS x UNION ${random.chance(0.5) ? "ALL " : ""}MATCH (a:${label()}) RETURN a.name AS x`,
    () => `MATCH ${pattern()} RETURN DISTINCT ${expression()} ORDER BY ${expression()} LIMIT ${random.between(1, 20)}`,
    () => `MATCH ${pattern()} WITH a, count(*) AS c WHERE c > ${random.between(0, 3)} RETURN a.id, c`,
    () => `MATCH (a:${label()}) WITH * RETURN ${expression()} UNION ALL RETURN ${expression()}`,
    () => `UNWIND ${random.pick(["NULL", "[NULL]", "[[1, 2], [3]]", "$list"])} AS x UNWIND x AS y RETURN y`,
    () => `CALL show_tables() RETURN *`,
    () => `CALL table_info('${label()}') RETURN *`,
    () =>
      Array.from({ length: random.between(1, 12) }, () =>
        random.pick([
          "MATCH",
          "RETURN",
          "WITH",
          "(",
          ")",
          "-[",
          "]->",
          "a",
          ":",
          label(),
          ",",
          "*",
          "{",
          "}",
          "'x'",
          "$id",
          "WHERE",
          "=",
          "LIMIT",
          "1",
          "UNION",
          "ORDER BY",
          "AS",
        ]),
      ).join(" "),
  ])();
  if (random.chance(0.3)) statement = damageText(random, statement, 1 + random.int(3));
  return statement;
}

/** Deletes, inserts, duplicates or swaps characters of a text. */
function damageText(random: Random, text: string, edits: number): string {
  let out = text;
  for (let i = 0; i < edits; i++) {
    const at = random.int(out.length + 1);
    const to = Math.min(out.length, at + 1 + random.int(8));
    switch (random.int(5)) {
      case 0:
        out = out.slice(0, at) + out.slice(to);
        break;
      case 1:
        out = out.slice(0, at) + random.pick([...PUNCTUATION, ...KEYWORDS, "\u0000", "\ud800", "🧠", '"', "\\", " ", "\n", "#"]) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, to) + out.slice(at, to) + out.slice(to);
        break;
      case 3: {
        const other = random.int(out.length);
        const chars = [...out];
        const a = chars[at] ?? "";
        chars[at] = chars[other] ?? "";
        chars[other] = a;
        out = chars.join("");
        break;
      }
      default:
        out = out.slice(0, at) + String.fromCharCode(random.int(0x80)) + out.slice(at);
    }
  }
  return out;
}

const GRAPHQL_TOKEN = /\.\.\.|"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|#[^\n]*|\S/g;

/** Deletes, duplicates, swaps or replaces whole tokens of a document. */
function damageTokens(random: Random, document: string, edits: number, vocabulary: readonly string[]): string {
  const tokens = document.match(GRAPHQL_TOKEN) ?? [];
  for (let i = 0; i < edits && tokens.length > 0; i++) {
    const at = random.int(tokens.length);
    switch (random.int(4)) {
      case 0:
        tokens.splice(at, 1);
        break;
      case 1:
        tokens.splice(at, 0, tokens[at] as string);
        break;
      case 2: {
        const other = random.int(tokens.length);
        const a = tokens[at] as string;
        tokens[at] = tokens[other] as string;
        tokens[other] = a;
        break;
      }
      default:
        tokens[at] = random.pick([...PUNCTUATION, ...KEYWORDS, ...ODD_LITERALS, ...vocabulary]);
    }
  }
  return tokens.join(" ");
}

function truncate(text: string, max = 160): string {
  const flat = JSON.stringify(text);
  return flat.length > max ? `${flat.slice(0, max)}…(${text.length} chars)` : flat;
}

/** Every UTF-8 byte as %XX; unlike encodeURIComponent it accepts lone surrogates (as U+FFFD, the way a client's encoder would). */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0").toUpperCase()}`).join("");
}

/** encodeURIComponent throws on lone surrogates; a client's encoder sends them as U+FFFD, and so does this. */
function uriComponent(text: string): string {
  return encodeURIComponent(Buffer.from(text, "utf8").toString("utf8"));
}

/** Longest query string sent with a GET; see the GET generator for why. */
export const MAX_GET_SEARCH_CHARS = 40_000;

const JSON_HEADERS = { "content-type": "application/json" };
const PREFLIGHT = { "apollo-require-preflight": "true" };

function postJson(payload: unknown, summary: string, headers: Record<string, string> = JSON_HEADERS): FuzzRequest {
  return { method: "POST", search: "", headers, body: JSON.stringify(payload), summary };
}

function postOperation(query: string, variables: unknown, summary: string, extra: Record<string, unknown> = {}): FuzzRequest {
  const payload = variables === undefined ? { query, ...extra } : { query, variables, ...extra };
  return postJson(payload, `${summary} query=${truncate(query)}${variables === undefined ? "" : ` variables=${truncate(JSON.stringify(variables) ?? "")}`}`);
}

function variableNames(query: string): { name: string; type: TypeNode }[] {
  try {
    const document = parse(query);
    return document.definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []).map((v) => ({ name: v.variable.name.value, type: v.type })) : [],
    );
  } catch {
    return [];
  }
}

/** JSON text of a value nested `depth` levels deep, written out directly: JSON.stringify would overflow the stack. */
function nestedJsonText(depth: number, kind: "list" | "object"): string {
  return kind === "list" ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** A POST whose variables hold one deeply nested value at `variable`, written as text. */
function postNestedVariable(
  query: string,
  variable: string,
  wrap: (inner: string) => string,
  depth: number,
  kind: "list" | "object",
  summary: string,
): FuzzRequest {
  const body = `{"query":${JSON.stringify(query)},"variables":{${JSON.stringify(variable)}:${wrap(nestedJsonText(depth, kind))}}}`;
  return { method: "POST", search: "", headers: JSON_HEADERS, body, summary: `${summary} query=${truncate(query)}` };
}

export interface FuzzContext {
  readonly vocabulary: readonly string[];
  readonly labels: readonly string[];
  readonly relationshipTypes: readonly string[];
  readonly maxBodyBytes: number;
}

export function fuzzGenerators(context: FuzzContext): FuzzGenerator[] {
  const { vocabulary, labels, relationshipTypes, maxBodyBytes } = context;
  const soupToken = (random: Random) =>
    random.pick([
      () => random.pick(PUNCTUATION),
      () => random.pick(KEYWORDS),
      () => random.pick(vocabulary),
      () => random.pick(ODD_LITERALS),
      () => `$${random.pick(vocabulary)}`,
    ])();

  return [
    {
      name: "token soup",
      weight: 10,
      generate(random) {
        const tokens = Array.from({ length: random.between(1, 80) }, () => soupToken(random));
        const query = random.chance(0.5) ? `{ ${tokens.join(" ")} }` : tokens.join(random.pick([" ", "", "\n"]));
        return postOperation(query, random.chance(0.3) ? { id: "nvidia", q: wrongValue(random) } : undefined, "soup");
      },
    },
    {
      name: "mutated documents",
      weight: 14,
      generate(random) {
        const operation = random.pick(ALL_OPERATIONS);
        const edits = random.between(1, 5);
        const query = random.chance(0.5) ? damageText(random, operation.query, edits) : damageTokens(random, operation.query, edits, vocabulary);
        return postOperation(query, operation.variables, `mutated ${operation.name}`);
      },
    },
    {
      name: "wrong variables",
      weight: 12,
      generate(random) {
        const operation = random.pick(ALL_OPERATIONS.filter((o) => o.variables));
        const variables: Record<string, unknown> = { ...operation.variables };
        const defined = variableNames(operation.query);
        for (let i = random.between(1, 3); i > 0; i--) {
          const action = random.int(10);
          if (action === 0) variables[random.pick(vocabulary)] = wrongValue(random);
          else if (action === 1 && defined.length > 0) delete variables[random.pick(defined).name];
          else if (defined.length > 0) variables[random.pick(defined).name] = wrongValue(random);
        }
        if (random.chance(0.1))
          return postOperation(operation.query, random.pick([[variables], "variables", 5, true]), `wrong variables container ${operation.name}`);
        return postOperation(operation.query, variables, `wrong variables ${operation.name}`);
      },
    },
    {
      name: "huge strings",
      weight: 3,
      generate(random) {
        const over = random.chance(0.3);
        // Under: hundreds of KB, still under the body limit. Over: up to 3x the limit (the server drains up to 8x).
        const size = over ? maxBodyBytes + random.between(1, 2 * maxBodyBytes) : random.between(100_000, maxBodyBytes - 4096);
        const filler = random.pick(["x", "é", "🧠", " ", "\\", '"', "{"]);
        const huge = filler.repeat(Math.floor(size / Buffer.byteLength(JSON.stringify(filler))));
        const target = random.int(6);
        if (target === 0) return postOperation(`query($q: String!) { search(query: $q) { id } }`, { q: huge }, `huge search (${size} B)`);
        if (target === 1) return postOperation(`query($id: ID!) { entity(id: $id) { id } }`, { id: huge }, `huge id (${size} B)`);
        if (target === 2)
          return postOperation(
            `query($s: String!) { cypher(statement: $s) { rows } }`,
            { s: `RETURN '${huge.replace(/['\\]/g, "x")}' AS x` },
            `huge cypher (${size} B)`,
          );
        if (target === 3)
          return postOperation(
            `query($p: JSON) { cypher(statement: "RETURN $v AS v", params: $p) { rows } }`,
            { p: { v: huge } },
            `huge cypher param (${size} B)`,
          );
        if (target === 4) return postOperation(`{ search(query: ${JSON.stringify(huge)}) { id } }`, undefined, `huge literal (${size} B)`);
        return postOperation(`# ${huge.replace(/\n/g, " ")}\n{ __typename }`, undefined, `huge comment (${size} B)`);
      },
    },
    {
      name: "deep nesting",
      weight: 5,
      generate(random) {
        const depth = random.pick([20, 100, 1000, 2400, 10_000, 100_000]);
        const shape = random.int(6);
        if (shape === 0) return postOperation(`${"{ a ".repeat(depth)}${"}".repeat(depth)}`, undefined, `nested selections ${depth}`);
        if (shape === 1) {
          const chain = Array.from({ length: Math.min(depth, 2000) }, (_, i) => ["relationships", "nodes", "from"][i % 3] as string);
          return postOperation(
            `{ entity(id: "nvidia") { ${chain.reduceRight((inner, field) => `${field} { ${inner} }`, "id")} } }`,
            undefined,
            `nested relationships ${depth}`,
          );
        }
        if (shape === 2)
          return postOperation(
            `{ cypher(statement: "RETURN 1", params: {p: ${"[".repeat(depth)}1${"]".repeat(depth)}}) { rows } }`,
            undefined,
            `nested list literal ${depth}`,
          );
        if (shape === 3)
          return postOperation(
            `{ cypher(statement: "RETURN 1", params: ${"{a: ".repeat(depth)}1${"}".repeat(depth)}) { rows } }`,
            undefined,
            `nested object literal ${depth}`,
          );
        const kind = random.pick(["list", "object"] as const);
        const target = random.int(3);
        if (target === 0) {
          return postNestedVariable(
            `query($p: JSON) { cypher(statement: "RETURN 1 AS one", params: $p) { rows } }`,
            "p",
            (inner) => `{"deep":${inner}}`,
            depth,
            kind,
            `nested ${kind} cypher params ${depth}`,
          );
        }
        if (target === 1)
          return postNestedVariable(`query($input: EntityInput!) { __typename }`, "input", (inner) => inner, depth, kind, `nested ${kind} input ${depth}`);
        return postNestedVariable(
          `query($types: [EntityType!]) { search(query: "a", types: $types) { id } }`,
          "types",
          (inner) => inner,
          depth,
          kind,
          `nested ${kind} list variable ${depth}`,
        );
      },
    },
    {
      name: "unicode and NUL",
      weight: 10,
      generate(random) {
        const text = random.pick(AWKWARD_STRINGS);
        const place = random.int(9);
        if (place === 0) return postOperation(`query($q: String!) { search(query: $q) { id name } }`, { q: text }, "unicode search");
        if (place === 1)
          return postOperation(`query($id: ID!) { entity(id: $id) { id } neighborhood(id: $id) { totalNeighbors } }`, { id: text }, "unicode id");
        if (place === 2)
          return postOperation(
            `query($s: String!) { cypher(statement: $s) { rows } }`,
            { s: `RETURN '${text.replace(/['\\]/g, "")}' AS x` },
            "unicode cypher text",
          );
        if (place === 3)
          return postOperation(
            `query($p: JSON) { cypher(statement: "RETURN $v AS v", params: $p) { rows } }`,
            { p: { v: text, [text]: 1 } },
            "unicode cypher params",
          );
        if (place === 4) return postOperation(`{ search(query: ${JSON.stringify(text)}) { id } }`, undefined, "unicode literal");
        if (place === 5) return postOperation(`{ entity${text}(id: "nvidia") { id } }`, undefined, "unicode in a name");
        if (place === 6) return postOperation(`{ __typename }`, { [text]: text }, "unicode variable name", { operationName: text });
        if (place === 7) return postOperation(`query Q${text.replace(/\W/g, "")}($d: Date) { timeline(from: $d) { date } }`, { d: text }, "unicode date");
        return postOperation(damageText(random, `{ entity(id: "nvidia") { id name } }`, 1).replace(/ /, text), undefined, "unicode between tokens");
      },
    },
    {
      name: "many aliases",
      weight: 2,
      generate(random) {
        const count = random.pick([31, 100, 1000, 10_000]);
        const field = random.pick(["__typename", `entity(id: "nvidia") { id }`, "graphSchema { entityTypes { name } }"]);
        return postOperation(`{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ")} }`, undefined, `${count} aliases of ${field}`);
      },
    },
    {
      name: "GET query strings",
      weight: 8,
      generate(random) {
        const parts: string[] = [];
        for (let i = random.between(0, 4); i > 0; i--) {
          const key = random.pick(["query", "variables", "operationName", "extensions", "query", "", "a", "query[]", "__proto__"]);
          const operation = random.pick(VALID_OPERATIONS);
          const value = random.pick([
            () => uriComponent(operation.query),
            () => uriComponent(damageText(random, operation.query, 2)),
            () => uriComponent(JSON.stringify(operation.variables ?? {})),
            () => uriComponent("{not json"),
            () => uriComponent(JSON.stringify(wrongValue(random)) ?? "null"),
            () => random.pick(["%", "%zz", "%E0%A4%A", "%00", "%ud800", "%ED%A0%80", "+", "&&&", "=="]),
            () => percentEncoded(random.pick(AWKWARD_STRINGS)),
            () => uriComponent('mutation { deleteRelationship(id: "x") }'),
          ])();
          parts.push(random.chance(0.1) ? key : `${key}=${value}`);
        }
        const headers: Record<string, string> = random.chance(0.8) ? { ...PREFLIGHT } : {};
        if (random.chance(0.2)) headers["content-type"] = random.pick(["application/json", "text/plain", "application/graphql-response+json"]);
        // Past 16 KiB Node's HTTP parser refuses the request line; the server answers that with a JSON 431.
        const search = (parts.length > 0 || random.chance(0.5) ? `?${parts.join("&")}` : "").slice(0, MAX_GET_SEARCH_CHARS);
        return { method: "GET", search, headers, summary: `GET ${truncate(search, 200)} ${JSON.stringify(headers)}` };
      },
    },
    {
      name: "bad bodies",
      weight: 8,
      generate(random) {
        const raw = random.pick<() => string | Uint8Array>([
          () => "",
          () => " ",
          () => "{",
          () => "nul",
          () => "[]",
          () => "{}",
          () => "123",
          () => '"{ __typename }"',
          () => "null",
          () => "true",
          () => '[{"query":"{ __typename }"},{"query":"{ __typename }"}]',
          () => JSON.stringify(Array.from({ length: random.between(2, 50) }, () => ({ query: random.pick(VALID_OPERATIONS).query }))),
          () => JSON.stringify({ query: random.pick([123, ["{ __typename }"], null, true, {}, ""]) }),
          () => JSON.stringify({ query: "{ __typename }", variables: random.pick(["{}", 5, [], true, "null"]) }),
          () => JSON.stringify({ query: "{ __typename }", operationName: random.pick([5, {}, [], "Missing", ""]) }),
          () => JSON.stringify({ query: "{ __typename }", extensions: random.pick(["x", [], 5, { persistedQuery: { version: 1, sha256Hash: "abc" } }]) }),
          () => JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
          () => '{"__proto__": {"query": "{ __typename }"}}',
          () => '{"constructor": {"prototype": {"query": "{ __typename }"}}, "query": "{ __typename }"}',
          () => '{"query": "{ __typename }", "query": "{ entity(id: \\"nvidia\\") { id } }"}',
          () => "\ufeff" + JSON.stringify({ query: "{ __typename }" }),
          () => `{"query": "{ __typename }", "variables": {"n": ${"9".repeat(400)}}}`,
          () => `{"query": "{ __typename }", "variables": {"n": 1e999}}`,
          () => Buffer.from([0x7b, 0x22, 0x71, 0x75, 0x65, 0x72, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
          () => Buffer.from(JSON.stringify({ query: "{ __typename }" }), "utf16le"),
          () => damageText(random, JSON.stringify({ query: random.pick(VALID_OPERATIONS).query }), random.between(1, 4)),
        ])();
        const headers: Record<string, string> = { ...JSON_HEADERS };
        if (random.chance(0.2)) Object.assign(headers, PREFLIGHT);
        return {
          method: "POST",
          search: "",
          headers,
          body: raw,
          summary: `body ${truncate(typeof raw === "string" ? raw : `bytes:${Buffer.from(raw).toString("hex")}`)}`,
        };
      },
    },
    {
      name: "content types and methods",
      weight: 6,
      generate(random) {
        const operation = random.pick(VALID_OPERATIONS);
        const body = JSON.stringify({ query: operation.query, variables: operation.variables });
        const headers: Record<string, string> = {};
        const contentType = random.pick([
          "text/plain",
          "text/plain; charset=utf-8",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/graphql",
          "application/json; charset=utf-16",
          "application/json; charset=latin1",
          "APPLICATION/JSON",
          "application/json, text/plain",
          "application/graphql-response+json",
          "application/xml",
          "*/*",
          ";;;",
          "",
          "application/octet-stream",
          "none",
        ]);
        if (contentType !== "none") headers["content-type"] = contentType;
        if (random.chance(0.5)) Object.assign(headers, PREFLIGHT);
        if (random.chance(0.2))
          headers["accept"] = random.pick(["text/html", "application/graphql-response+json", "*/*", "application/xml", "multipart/mixed"]);
        const method = random.pick(["POST", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
        return { method, search: "", headers, body: Buffer.from(body), summary: `${method} ${JSON.stringify(headers)} ${operation.name}` };
      },
    },
    {
      name: "random cypher",
      weight: 10,
      generate(random) {
        const statement = randomCypher(random, labels, relationshipTypes);
        const offered: Record<string, unknown> = random.pick([
          { id: "nvidia", list: [1, 2, 3] },
          { id: wrongValue(random), list: [1, 2, 3] },
          { id: "nvidia", list: wrongValue(random) },
        ]);
        // Mostly only the parameters the statement uses: the store refuses unused ones, which would stop most statements early.
        const params = random.chance(0.85) ? Object.fromEntries(Object.entries(offered).filter(([name]) => statement.includes(`$${name}`))) : offered;
        return postOperation(
          `query($s: String!, $p: JSON) { cypher(statement: $s, params: $p, limit: 50) { columns rows truncated graph { nodes { id } edges { id } } } }`,
          { s: statement, p: params },
          "cypher",
        );
      },
    },
  ];
}
