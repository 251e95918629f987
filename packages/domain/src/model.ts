/**
 * The domain model of kgx, declared once.
 *
 * Everything that names an entity type, a relationship type or a property derives from this
 * file: the Kùzu DDL and the Neo4j constraints under `cypher/schema/`, input validation in the
 * store and the importers, the GraphQL types and the explorer's legend. A test regenerates the
 * schema files and fails when the checked-in copies drift from this model.
 */

/** The value kinds a property can hold; each maps to one Kùzu column type and one GraphQL scalar. */
export type PropertyKind = "string" | "string[]" | "int" | "float" | "date" | "boolean";

export interface PropertySpec {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  /** For figures: the unit the number is in, shown beside it in the UI. */
  readonly unit?: string;
  /**
   * For dates: the articles often give only a month or a year, so the date has a companion
   * property `<name>Precision` (see withDatePrecisions) saying how much of it is known.
   */
  readonly hasPrecision?: boolean;
  /** Set on a companion precision property: the date property whose precision it gives. */
  readonly precisionOf?: string;
}

/**
 * How much of a date is known. A week is stored as its Monday (an article's "last week"), a month
 * as its first day, a year as 1 January.
 */
export const DATE_PRECISIONS = ["day", "week", "month", "year"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** `publishedAt` → `publishedAtPrecision`. */
export function precisionPropertyName(dateProperty: string): string {
  return `${dateProperty}Precision`;
}

/**
 * The properties as declared, each date that declares `hasPrecision` followed by its precision
 * companion. Applied to every list below, so the DDL, the validation, the GraphQL fields and the
 * UI all see the companions without naming them.
 */
export function withDatePrecisions(specs: readonly PropertySpec[]): PropertySpec[] {
  return specs.flatMap((spec) =>
    spec.kind === "date" && spec.hasPrecision
      ? [
          spec,
          {
            name: precisionPropertyName(spec.name),
            kind: "string" as const,
            description: `How much of ${spec.name} is known: day, week, month or year (stored as the week's Monday, the month's or the year's first day). Day when absent.`,
            precisionOf: spec.name,
          },
        ]
      : [spec],
  );
}

export const ENTITY_TYPE_NAMES = ["Person", "Organization", "Chip", "Technology", "Policy", "Event", "Place", "Source", "Statement"] as const;
export type EntityTypeName = (typeof ENTITY_TYPE_NAMES)[number];

export interface EntityTypeSpec {
  readonly name: EntityTypeName;
  readonly description: string;
  /** Legend styling for the explorer; kept here so the legend cannot disagree with the types. */
  readonly style: { readonly color: string; readonly shape: string };
  /** Properties beyond the ones every entity has (see ENTITY_BASE_PROPERTIES). */
  readonly properties: readonly PropertySpec[];
  /** The property that places this entity in time, if any (used by time filters). */
  readonly timeProperties?: { readonly from: string; readonly to?: string };
}

/** Properties every entity carries. `id` is the stable key used everywhere outside the engine. */
export const ENTITY_BASE_PROPERTIES: readonly PropertySpec[] = [
  { name: "id", kind: "string", description: "Stable identifier (a lowercase slug), unique across all entity types." },
  { name: "name", kind: "string", description: "Name in English." },
  { name: "nameJa", kind: "string", description: "Name in Japanese, as the source articles write it." },
  { name: "aliases", kind: "string[]", description: "Other names and spellings, in any language." },
  { name: "description", kind: "string", description: "One line saying what this is." },
];

/** Properties every relationship carries: its evidence and its time of validity. */
export const RELATIONSHIP_BASE_PROPERTIES: readonly PropertySpec[] = withDatePrecisions([
  { name: "id", kind: "string", description: "Stable identifier of the relationship." },
  { name: "sources", kind: "string[]", description: "Ids of the Source entities (articles) that support this relationship." },
  {
    name: "locators",
    kind: "string[]",
    description:
      "Where in each source the evidence stands, parallel to sources (one per source, same order): paragraph numbers such as ¶3 or ¶2–3, see docs/knowledge-model.md; an empty string where not recorded.",
  },
  {
    name: "quotes",
    kind: "string[]",
    description:
      "The sentence of each source the relationship rests on, parallel to sources (one per source, same order); an empty string where none is kept. The shipped knowledge keeps none; an article a person ingests keeps the sentence they confirmed.",
  },
  {
    name: "sourceClaims",
    kind: "string[]",
    description:
      "What each source says about the relationship, in the analyst's words, parallel to sources; an empty string where a source has no claim of its own and claim speaks for it.",
  },
  { name: "claim", kind: "string", description: "What the sources say about this relationship, in kgx's own words." },
  { name: "validFrom", kind: "date", description: "First day the relationship held, where known.", hasPrecision: true },
  { name: "validTo", kind: "date", description: "Last day the relationship held, where known.", hasPrecision: true },
]);

const DECLARED_ENTITY_TYPES: readonly EntityTypeSpec[] = [
  {
    name: "Person",
    description: "A named individual: executive, official, analyst or politician.",
    style: { color: "#4e79a7", shape: "ellipse" },
    properties: [],
  },
  {
    name: "Organization",
    description: "A company, government body, agency, think tank, investment firm or media outlet.",
    style: { color: "#f28e2b", shape: "round-rectangle" },
    properties: [
      { name: "kind", kind: "string", description: "company, government, agency, think_tank, investment_firm, consultancy or media." },
      { name: "country", kind: "string", description: "Country of headquarters or jurisdiction (ISO 3166 alpha-2)." },
    ],
  },
  {
    name: "Chip",
    description: "A semiconductor product, such as an AI accelerator or GPU.",
    style: { color: "#e15759", shape: "hexagon" },
    properties: [
      { name: "kind", kind: "string", description: "gpu or ai_accelerator." },
      { name: "processNode", kind: "string", description: "Manufacturing process node, e.g. 7nm." },
    ],
  },
  {
    name: "Technology",
    description: "A technology that is not a single product: a software platform or a process node.",
    style: { color: "#76b7b2", shape: "diamond" },
    properties: [{ name: "kind", kind: "string", description: "software_platform, process_node or workload." }],
  },
  {
    name: "Policy",
    description: "A government measure: export control, licence, condition or guidance.",
    style: { color: "#59a14f", shape: "rectangle" },
    properties: [
      { name: "kind", kind: "string", description: "export_control, licence, condition or guidance." },
      { name: "jurisdiction", kind: "string", description: "Country that issued the measure (ISO 3166 alpha-2)." },
      {
        name: "effectiveFrom",
        kind: "date",
        description: "Date the measure took effect (first of the month when only the month is known).",
        hasPrecision: true,
      },
      { name: "effectiveTo", kind: "date", description: "Date the measure ended, if it did.", hasPrecision: true },
      { name: "revenueSharePercent", kind: "float", description: "Share of sales revenue demanded by the measure.", unit: "%" },
    ],
    timeProperties: { from: "effectiveFrom", to: "effectiveTo" },
  },
  {
    name: "Event",
    description: "Something that happened at a time: an approval, a write-down, an order, an interview, a market activity.",
    style: { color: "#edc948", shape: "triangle" },
    properties: [
      { name: "kind", kind: "string", description: "approval, write_down, order, interview, market_activity, announcement or investigation." },
      { name: "date", kind: "date", description: "Date it happened (first of the month when only the month is known).", hasPrecision: true },
      { name: "endDate", kind: "date", description: "Last day, for events that span a period.", hasPrecision: true },
      { name: "amount", kind: "float", description: "The figure this event is measured by (exact value or lower bound)." },
      { name: "amountUpper", kind: "float", description: "Upper bound of the figure, when the source gives a range." },
      { name: "unit", kind: "string", description: "Unit of amount, e.g. USD, units, repairs per month." },
    ],
    timeProperties: { from: "date", to: "endDate" },
  },
  {
    name: "Place",
    description: "A country, region or city.",
    style: { color: "#b07aa1", shape: "vee" },
    properties: [
      { name: "kind", kind: "string", description: "country, region or city." },
      { name: "aiDeveloperSharePercent", kind: "float", description: "Share of the world's AI developers who live here.", unit: "%" },
    ],
  },
  {
    name: "Source",
    description: "A published article that the knowledge is taken from.",
    style: { color: "#9c755f", shape: "tag" },
    properties: [
      { name: "title", kind: "string", description: "Headline of the article." },
      { name: "publisher", kind: "string", description: "Who published the article." },
      { name: "url", kind: "string", description: "Where the article can be read, when it gives an address." },
      {
        name: "citationNote",
        kind: "string",
        description: "Why the source has no url (or outlet, or date): e.g. a headline another article lists without naming where it ran.",
      },
      { name: "publishedAt", kind: "date", description: "Publication date.", hasPrecision: true },
      { name: "language", kind: "string", description: "Language of the article (BCP 47)." },
      { name: "author", kind: "string", description: "Author, or a description of the author when unnamed." },
    ],
    timeProperties: { from: "publishedAt" },
  },
  {
    name: "Statement",
    description: "Something a person or body said: who said it, when, about what, and where it was reported.",
    style: { color: "#ff9da7", shape: "round-tag" },
    properties: [
      {
        name: "date",
        kind: "date",
        description: "When it was said, where the article says so; otherwise the date of the article reporting it (see dateBasis).",
        hasPrecision: true,
      },
      {
        name: "dateBasis",
        kind: "string",
        description: "said: the article says when the statement was made; reported: it does not, so date is the report's publication date.",
      },
      { name: "stance", kind: "string", description: "critical, supportive, cautionary, denial or analytical." },
      { name: "channel", kind: "string", description: "The interview, programme or release the statement was made in." },
    ],
    timeProperties: { from: "date" },
  },
];

/** The entity types, each date with a precision followed by its companion (see withDatePrecisions). */
export const ENTITY_TYPES: readonly EntityTypeSpec[] = DECLARED_ENTITY_TYPES.map((spec) => ({ ...spec, properties: withDatePrecisions(spec.properties) }));

export const RELATIONSHIP_TYPE_NAMES = [
  "LEADS",
  "WORKS_AT",
  "MAKES",
  "MANUFACTURES",
  "ADOPTS",
  "USES",
  "DEPENDS_ON",
  "COMPETES_WITH",
  "COMPARED_WITH",
  "TARGETS",
  "ISSUED_BY",
  "RESTRICTS",
  "APPROVES",
  "LED_TO",
  "INVOLVES",
  "LOCATED_IN",
  "PART_OF",
  "MENTIONS",
  "SAID",
  "ABOUT",
  "REPORTED_BY",
  "REPORTED_IN",
  "CITES",
] as const;
export type RelationshipTypeName = (typeof RELATIONSHIP_TYPE_NAMES)[number];

export interface RelationshipTypeSpec {
  readonly name: RelationshipTypeName;
  readonly description: string;
  /** Allowed (from, to) pairs of entity types. */
  readonly endpoints: readonly (readonly [EntityTypeName, EntityTypeName])[];
  /** Properties beyond RELATIONSHIP_BASE_PROPERTIES. */
  readonly properties: readonly PropertySpec[];
}

const SUBJECTS: readonly EntityTypeName[] = ENTITY_TYPE_NAMES.filter((t) => t !== "Source" && t !== "Statement");

function pairs(from: readonly EntityTypeName[], to: readonly EntityTypeName[]): (readonly [EntityTypeName, EntityTypeName])[] {
  return from.flatMap((f) => to.map((t) => [f, t] as const));
}

const ROLE: PropertySpec = { name: "role", kind: "string", description: "Position held, e.g. CEO, deputy director." };

export const RELATIONSHIP_TYPES: readonly RelationshipTypeSpec[] = [
  { name: "LEADS", description: "A person heads an organization.", endpoints: pairs(["Person"], ["Organization"]), properties: [ROLE] },
  { name: "WORKS_AT", description: "A person works at or for an organization.", endpoints: pairs(["Person"], ["Organization"]), properties: [ROLE] },
  {
    name: "MAKES",
    description: "An organization designs and sells a chip or develops a technology.",
    endpoints: pairs(["Organization"], ["Chip", "Technology"]),
    properties: [],
  },
  {
    name: "MANUFACTURES",
    description: "A foundry fabricates a chip for its designer.",
    endpoints: pairs(["Organization"], ["Chip"]),
    properties: [{ name: "processNode", kind: "string", description: "Process node the chip is made on." }],
  },
  {
    name: "ADOPTS",
    description: "An organization puts a chip or technology into use.",
    endpoints: pairs(["Organization"], ["Chip", "Technology"]),
    properties: [],
  },
  { name: "USES", description: "A chip is built on or with a technology.", endpoints: pairs(["Chip"], ["Technology"]), properties: [] },
  {
    name: "DEPENDS_ON",
    description: "A party relies on a technology, chip or supplier.",
    endpoints: pairs(["Organization", "Place"], ["Technology", "Chip", "Organization"]),
    properties: [],
  },
  {
    name: "COMPETES_WITH",
    description: "Two companies or products compete for the same market.",
    endpoints: [...pairs(["Organization"], ["Organization"]), ...pairs(["Chip"], ["Chip"])],
    properties: [],
  },
  {
    name: "COMPARED_WITH",
    description: "A measured comparison of one chip against another.",
    endpoints: pairs(["Chip"], ["Chip"]),
    properties: [
      { name: "metric", kind: "string", description: "What was compared, e.g. inference performance." },
      { name: "ratioLow", kind: "float", description: "Lower bound of the ratio (this chip ÷ the other).", unit: "ratio" },
      { name: "ratioHigh", kind: "float", description: "Upper bound of the ratio (this chip ÷ the other).", unit: "ratio" },
    ],
  },
  {
    name: "TARGETS",
    description: "A policy is aimed at a chip, company, technology or country.",
    endpoints: pairs(["Policy"], ["Chip", "Organization", "Technology", "Place"]),
    properties: [],
  },
  {
    name: "ISSUED_BY",
    description: "A policy was issued or announced by a body or person.",
    endpoints: pairs(["Policy"], ["Organization", "Person"]),
    properties: [],
  },
  {
    name: "RESTRICTS",
    description: "A policy or body limits what an organization may buy, sell or use.",
    endpoints: pairs(["Policy", "Organization"], ["Organization", "Chip"]),
    properties: [{ name: "scope", kind: "string", description: "Where the restriction applies, e.g. government projects." }],
  },
  {
    name: "APPROVES",
    description: "A body or person approves a measure, sale or event.",
    endpoints: pairs(["Organization", "Person"], ["Policy", "Event"]),
    properties: [],
  },
  {
    name: "LED_TO",
    description: "One policy or event brought about another.",
    endpoints: pairs(["Policy", "Event"], ["Policy", "Event"]),
    properties: [],
  },
  {
    name: "INVOLVES",
    description: "An event concerns or has as participant the given entity.",
    endpoints: pairs(["Event"], ["Organization", "Person", "Chip", "Technology", "Place", "Policy"]),
    properties: [{ name: "role", kind: "string", description: "Part played in the event, e.g. buyer, supplier." }],
  },
  {
    name: "LOCATED_IN",
    description: "Where an organization, place or event is.",
    endpoints: pairs(["Organization", "Place", "Event", "Person"], ["Place"]),
    properties: [],
  },
  {
    name: "PART_OF",
    description: "An organization or place belongs to a larger one.",
    endpoints: [...pairs(["Organization"], ["Organization"]), ...pairs(["Place"], ["Place"])],
    properties: [],
  },
  {
    name: "MENTIONS",
    description: "An article names the entity.",
    endpoints: pairs(["Source"], SUBJECTS),
    properties: [
      {
        name: "aliasesAdded",
        kind: "string[]",
        description:
          "Names this article added to the entity's aliases (a candidate merged into it when the article was committed); removing the article removes them again.",
      },
    ],
  },
  { name: "SAID", description: "A person or organization made the statement.", endpoints: pairs(["Person", "Organization"], ["Statement"]), properties: [] },
  { name: "ABOUT", description: "What a statement is about.", endpoints: pairs(["Statement"], SUBJECTS), properties: [] },
  {
    name: "REPORTED_BY",
    description: "The outlet the statement was given to or broadcast by.",
    endpoints: pairs(["Statement"], ["Organization"]),
    properties: [],
  },
  { name: "REPORTED_IN", description: "The article that reports the statement.", endpoints: pairs(["Statement"], ["Source"]), properties: [] },
  { name: "CITES", description: "An article names another report as its source.", endpoints: pairs(["Source"], ["Source"]), properties: [] },
];
