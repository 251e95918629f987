import { describe, expect, it } from "vitest";
import { loadKnowledgeScript } from "@kgx/knowledge";

/**
 * Every relationship in the shipped knowledge carries a `claim`: one sentence saying what its
 * article supports about the pair. A claim that only restates the relationship's type and its two
 * endpoints ("The statement concerns Nvidia.", "The Cryptopolitan article of 22 July 2025 names
 * CNBC.") is evidence in form only, so this test reads the .cypher text directly, without a
 * database, and names every claim of that kind.
 */

/** A property value as the knowledge files write it: a string, a list of strings, a number or date('…'). */
type KnowledgeValue = string | number | readonly string[] | { readonly date: string };

interface KnowledgeEntity {
  readonly id: string;
  readonly label: string;
  readonly properties: Readonly<Record<string, KnowledgeValue>>;
}

interface KnowledgeRelationship {
  readonly id: string;
  readonly type: string;
  readonly fromId: string;
  readonly toId: string;
  readonly properties: Readonly<Record<string, KnowledgeValue>>;
  /** Where the statement stands, as `file:line`, so a failure points at the text to rewrite. */
  readonly location: string;
}

interface KnowledgeFiles {
  readonly entities: ReadonlyMap<string, KnowledgeEntity>;
  readonly relationships: readonly KnowledgeRelationship[];
}

const STRING_LITERAL = String.raw`'(?:[^'\\]|\\.)*'`;
const ENTITY_STATEMENT = /^MERGE \(n:(\w+) \{id: '([^']+)'\}\) SET ([\s\S]*)$/;
const RELATIONSHIP_STATEMENT =
  /^MATCH \(a:\w+ \{id: '([^']+)'\}\), \(b:\w+ \{id: '([^']+)'\}\) MERGE \(a\)-\[r:(\w+) \{id: '([^']+)'\}\]->\(b\) SET ([\s\S]*)$/;
/** One `alias.key = value` of a SET clause, and the comma (or end) after it. */
const ASSIGNMENT = new RegExp(
  String.raw`^\s*\w+\.(\w+)\s*=\s*(${STRING_LITERAL}|\[\s*(?:${STRING_LITERAL}\s*(?:,\s*${STRING_LITERAL}\s*)*)?\]|date\(${STRING_LITERAL}\)|-?\d+(?:\.\d+)?)\s*(?:,|$)`,
);

/** The text of a single-quoted Cypher string literal; the files escape with a backslash (\' and \\). */
function decodeStringLiteral(literal: string): string {
  const escapes: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t" };
  return literal.slice(1, -1).replace(/\\(.)/g, (_, escaped: string) => escapes[escaped] ?? escaped);
}

function parseValue(text: string): KnowledgeValue {
  if (text.startsWith("'")) return decodeStringLiteral(text);
  if (text.startsWith("[")) return (text.match(new RegExp(STRING_LITERAL, "g")) ?? []).map(decodeStringLiteral);
  if (text.startsWith("date(")) return { date: decodeStringLiteral(text.slice("date(".length, -1)) };
  return Number(text);
}

/** The properties a SET clause assigns; anything it cannot read is thrown, so no statement is skipped silently. */
function parseAssignments(setClause: string, location: string): Record<string, KnowledgeValue> {
  const properties: Record<string, KnowledgeValue> = {};
  let rest = setClause.trim();
  while (rest.length > 0) {
    const assignment = ASSIGNMENT.exec(rest);
    if (!assignment) throw new Error(`${location}: cannot read the SET clause at "${rest.slice(0, 60)}"`);
    properties[assignment[1] as string] = parseValue(assignment[2] as string);
    rest = rest.slice(assignment[0].length).trim();
  }
  return properties;
}

function readKnowledgeFiles(): KnowledgeFiles {
  const entities = new Map<string, KnowledgeEntity>();
  const relationships: KnowledgeRelationship[] = [];
  for (const statement of loadKnowledgeScript()) {
    const location = `${statement.file ?? "?"}:${statement.line}`;
    const entity = ENTITY_STATEMENT.exec(statement.text);
    if (entity) {
      const [, label, id, setClause] = entity as unknown as [string, string, string, string];
      entities.set(id, { id, label, properties: parseAssignments(setClause, location) });
      continue;
    }
    const relationship = RELATIONSHIP_STATEMENT.exec(statement.text);
    if (relationship) {
      const [, fromId, toId, type, id, setClause] = relationship as unknown as [string, string, string, string, string, string];
      relationships.push({ id, type, fromId, toId, properties: parseAssignments(setClause, location), location });
      continue;
    }
    throw new Error(`${location}: neither an entity MERGE nor a relationship MERGE: ${statement.text.slice(0, 80)}`);
  }
  return { entities, relationships };
}

/** Words of a text, lower-cased; numbers keep their decimal point or thousands comma ("4.5", "300,000"). */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu) ?? []).map(stem);
}

/**
 * A crude stem, so that "denial" and "denies", "approval" and "approves", "interview" and
 * "interviewee" count as one word. Stripping too much only makes the rule stricter.
 */
function stem(word: string): string {
  const suffixes = ["ations", "ation", "ings", "ing", "ions", "ion", "ees", "ee", "ers", "er", "ies", "ied", "ial", "al", "ed", "es", "s", "e", "y"];
  let current = word;
  for (;;) {
    const suffix = suffixes.find((s) => current.endsWith(s) && current.length - s.length >= 3);
    if (!suffix) return current;
    current = current.slice(0, -suffix.length);
  }
}

/** Function words: they join a sentence together but say nothing about the pair. */
const FUNCTION_WORDS = [
  "a",
  "an",
  "the",
  "this",
  "that",
  "these",
  "those",
  "it",
  "its",
  "they",
  "their",
  "he",
  "his",
  "she",
  "her",
  "one",
  "of",
  "in",
  "on",
  "at",
  "to",
  "for",
  "from",
  "by",
  "with",
  "as",
  "into",
  "onto",
  "per",
  "via",
  "over",
  "through",
  "and",
  "or",
  "but",
  "also",
  "both",
  "there",
  "here",
  "which",
  "who",
  "whom",
  "what",
  "where",
  "when",
  "is",
  "are",
  "was",
  "were",
  "be",
  "been",
  "being",
  "has",
  "have",
  "had",
  "does",
  "do",
  "did",
];

/** Words for what a relationship is rather than what the article says: linking verbs and entity-type words. */
const RELATING_WORDS = [
  "names",
  "named",
  "mentions",
  "mentioned",
  "describes",
  "described",
  "refers",
  "concerns",
  "concerned",
  "about",
  "regarding",
  "relates",
  "reports",
  "reported",
  "says",
  "said",
  "states",
  "cites",
  "cited",
  "lists",
  "involves",
  "covers",
  "event",
  "statement",
  "policy",
  "source",
  // Verbs that only restate who stands at which end: "X is identified as …", "X appears as …",
  // "X speaks as …", "the article quotes X making this point", "X took/issued/received the …".
  "identified",
  "appears",
  "presented",
  "shown",
  "among",
  "speaks",
  "quotes",
  "attributes",
  "makes",
  "making",
  "made",
  "gave",
  "gives",
  "took",
  "issued",
  "granted",
  "received",
  "calls",
  "point",
  "observation",
  "assessment",
  "remark",
  "view",
  "warning",
  "approval",
  "seat",
  "stands",
  "linked",
  "coverage",
];

/** Words that only identify the reporting outlet: the kind of text it is, not what it says. */
const OUTLET_WORDS = ["article", "blog", "post", "report", "story", "piece", "headline", "outlet", "publisher", "sources"];

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** The words of a date('YYYY-MM-DD') value: day, month name and year. */
function dateWords(value: KnowledgeValue | undefined): string[] {
  if (typeof value !== "object" || Array.isArray(value) || !("date" in value)) return [];
  const [year = "", month = "", day = ""] = (value as { date: string }).date.split("-");
  return [year, MONTHS[Number(month) - 1] ?? "", String(Number(day))].map(stem);
}

function stringValues(value: KnowledgeValue | undefined): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return [...(value as readonly string[])];
  return [];
}

/** Words of the relationship's own typed properties (role, scope, metric): a claim repeating "CEO" says nothing new. */
function ownPropertyWords(relationship: KnowledgeRelationship): string[] {
  return Object.entries(relationship.properties)
    .filter(([key]) => !["sources", "locators", "claim"].includes(key))
    .flatMap(([, value]) => stringValues(value))
    .flatMap(words);
}

/** A place is also known by its adjective: "Chinese" says no more than "China" about a pair that ends there. */
const DEMONYMS: Readonly<Record<string, readonly string[]>> = {
  china: ["chinese", "domestic"],
  "united-states": ["american", "us"],
  japan: ["japanese"],
  taiwan: ["taiwanese"],
};

/** Everything an entity is already known by: id, English and Japanese names, aliases, title, publisher, kind. */
function identifyingWords(entity: KnowledgeEntity): string[] {
  const { properties } = entity;
  const texts = [
    entity.id.replace(/-/g, " "),
    entity.label,
    ...(DEMONYMS[entity.id] ?? []),
    ...["name", "nameJa", "aliases", "title", "publisher", "kind"].flatMap((key) => stringValues(properties[key])),
  ];
  return [...texts.flatMap(words), ...dateWords(properties["publishedAt"])];
}

/**
 * How many words a claim must keep, once the known ones are gone, to say something of its own.
 * Three, because one or two leftovers are usually a verb standing in for the type plus a
 * placeholder ("gave this warning", "names … in its note about the author"), while a claim that
 * carries a figure, a capacity, a reason or a consequence keeps several.
 */
const MINIMUM_CONTENT_WORDS = 3;

/**
 * The words of a claim that say something the graph does not already hold for that relationship.
 *
 * The rule: take the claim's words and strip (1) function words; (2) the relationship's type
 * ("LED_TO" → "led", "to") and linking verbs such as "names", "mentions", "describes", "concerns",
 * "is about", "reports"; (3) everything both endpoints are known by — id, name, Japanese name,
 * aliases, title, publisher, kind; (4) the outlet and date of the articles it cites ("The
 * Cryptopolitan article of 22 July 2025", "The August 2025 blog article", "the cited headline").
 * What remains is the claim's content, and a claim needs MINIMUM_CONTENT_WORDS of it. This
 * catches every boilerplate form the files have used — "<source> names <entity>.", "<source>
 * describes the event: <event name>.", "The statement concerns <entity>.", "<source> reports this
 * statement.", "<source> says this was said to <outlet>.", "The blog article lists this headline
 * as one of its sources." — and one-verb restatements of the pair such as "Nvidia issued the
 * denial.", while a claim carrying a figure, a reason, a context or a quoted point keeps words of
 * its own.
 */
function contentWords(relationship: KnowledgeRelationship, knowledge: KnowledgeFiles): string[] {
  const known = new Set<string>([...FUNCTION_WORDS, ...RELATING_WORDS, ...OUTLET_WORDS].map(stem));
  const add = (more: readonly string[]) => more.forEach((word) => known.add(word));
  add(words(relationship.type.replace(/_/g, " ")));
  add(ownPropertyWords(relationship));
  for (const endpointId of [relationship.fromId, relationship.toId]) {
    const endpoint = knowledge.entities.get(endpointId);
    if (endpoint) add(identifyingWords(endpoint));
  }
  for (const sourceId of stringValues(relationship.properties["sources"])) {
    const source = knowledge.entities.get(sourceId);
    if (source) add([...stringValues(source.properties["publisher"]).flatMap(words), ...dateWords(source.properties["publishedAt"])]);
  }
  return words(stringValues(relationship.properties["claim"]).join(" ")).filter((word) => !known.has(word));
}

function saysNothingOfItsOwn(relationship: KnowledgeRelationship, knowledge: KnowledgeFiles): boolean {
  return contentWords(relationship, knowledge).length < MINIMUM_CONTENT_WORDS;
}

describe("the claims of the shipped knowledge", () => {
  const knowledge = readKnowledgeFiles();
  const relationshipById = new Map(knowledge.relationships.map((r) => [r.id, r]));
  const withClaim = (id: string, claim: string): KnowledgeRelationship => {
    const relationship = relationshipById.get(id);
    if (!relationship) throw new Error(`no relationship ${id}`);
    return { ...relationship, properties: { ...relationship.properties, claim } };
  };

  it("are read in full: every entity and every relationship, each relationship with a claim", () => {
    expect(knowledge.entities.size).toBe(80);
    expect(knowledge.relationships).toHaveLength(262);
    const withoutClaim = knowledge.relationships.filter((r) => stringValues(r.properties["claim"]).join("").trim() === "").map((r) => r.id);
    expect(withoutClaim).toEqual([]);
    const unknownEndpoints = knowledge.relationships.filter((r) => !knowledge.entities.has(r.fromId) || !knowledge.entities.has(r.toId)).map((r) => r.id);
    expect(unknownEndpoints).toEqual([]);
  });

  it("are judged by a rule that catches the boilerplate forms and lets a specific claim through", () => {
    const boilerplate: ReadonlyArray<readonly [string, string]> = [
      ["src-cryptopolitan-2025-07-22-mentions-nvidia", "The Cryptopolitan article of 22 July 2025 names Nvidia."],
      [
        "src-cryptopolitan-2025-07-22-mentions-nvidia-h20-inventory-write-down",
        "The Cryptopolitan article of 22 July 2025 describes the event: Nvidia $4.5 billion write-down of unsold H20 inventory.",
      ],
      ["src-blog-2025-08-china-h20-restriction-mentions-process-node-7nm", "The August 2025 blog article names 7nm process."],
      [
        "src-headline-china-urges-firms-not-to-use-nvidia-h20-mentions-china-h20-guidance-2025-08",
        "The cited headline describes the Chinese guidance restricting use of the H20 (August 2025).",
      ],
      ["stmt-huang-not-in-china-huge-loss-about-nvidia", "The statement concerns Nvidia."],
      ["stmt-cac-h20-backdoor-concern-about-cac-h20-security-probe", "The statement concerns the event: CAC security inquiry into the H20."],
      ["stmt-triolo-huawei-software-hard-to-use-reported-in-src-cryptopolitan-2025-07-22", "The Cryptopolitan article of 22 July 2025 reports this statement."],
      ["stmt-dessai-nvidia-access-drains-domestic-capital-reported-by-cnbc", "The Cryptopolitan article of 22 July 2025 says this was said to CNBC."],
      ["nvidia-denies-h20-backdoors-involves-nvidia", "Nvidia issued the denial."],
      [
        "src-blog-2025-08-china-h20-restriction-cites-src-headline-china-urges-firms-not-to-use-nvidia-h20",
        "The blog article lists this headline as one of its sources.",
      ],
      // Forms that restate the pair through a role, a place adjective or a placeholder noun.
      ["daniel-newman-leads-futurum-group", "Newman is identified as chief executive of Futurum Group."],
      ["howard-lutnick-leads-us-commerce-department", "Lutnick speaks as the US Commerce Secretary."],
      ["biren-located-in-china", "Biren is named among the domestic Chinese companies."],
      ["nvidia-located-in-united-states", "The blog article calls Nvidia an American company."],
      ["beijing-part-of-china", "Beijing is the seat of the Chinese leadership in the coverage."],
      ["us-approves-h20-sales-resumption-involves-us-government", "Washington granted the approval."],
      ["nvidia-h20-revenue-warning-involves-nvidia", "Nvidia issued the warning about lost revenue."],
      ["tejas-dessai-said-stmt-dessai-nvidia-access-drains-domestic-capital", "Dessai gave this warning to CNBC."],
      ["paul-triolo-said-stmt-triolo-huawei-software-hard-to-use", "Cryptopolitan reports Triolo making this observation."],
      ["src-blog-2025-08-china-h20-restriction-mentions-taiwan", "The blog article names Taiwan in its note about the author."],
      ["src-blog-2025-08-china-h20-restriction-mentions-a100", "The blog article names the A100 in the headline of a linked article about smuggling."],
    ];
    const missed = boilerplate.filter(([id, claim]) => !saysNothingOfItsOwn(withClaim(id, claim), knowledge));
    expect(missed).toEqual([]);

    const specific: ReadonlyArray<readonly [string, string]> = [
      [
        "ascend-910c-compared-with-h100",
        "The Ascend 910C reaches roughly 60 to 80 percent of the H100 in inference, while its training performance remains weak.",
      ],
      ["src-blog-2025-08-china-h20-restriction-mentions-taiwan", "The author note says the writer spent ten years on leading-edge chip development in Taiwan."],
      ["tejas-dessai-said-stmt-dessai-nvidia-access-drains-domestic-capital", "Dessai told CNBC that local chip projects would lose momentum and funding."],
    ];
    const rejected = specific.filter(([id, claim]) => saysNothingOfItsOwn(withClaim(id, claim), knowledge));
    expect(rejected).toEqual([]);
  });

  it("each say something beyond the relationship's type and endpoints", () => {
    const empty = knowledge.relationships
      .filter((relationship) => saysNothingOfItsOwn(relationship, knowledge))
      .map((r) => `${r.location} ${r.id}: ${stringValues(r.properties["claim"]).join("")}`);
    if (empty.length > 0)
      console.log(`${empty.length} of ${knowledge.relationships.length} claims say nothing beyond type and endpoints:\n${empty.join("\n")}`);
    expect(empty).toEqual([]);
  });
});
