import {
  ENTITY_TYPE_NAMES,
  RELATIONSHIP_TYPES,
  type EntityRecord,
  type EntityTypeName,
  type PropertyValue,
  type RelationshipRecord,
  type RelationshipTypeName,
} from "@kgx/domain";

/**
 * A seeded generator of synthetic knowledge graphs in the real domain model: every entity type,
 * every relationship type with only the endpoint pairs the model allows, a Source on every
 * relationship, dates, and names in English and Japanese with aliases. The same seed and size
 * always give the same graph, so runs on different days compare like with like.
 */

export interface SyntheticGraph {
  readonly entities: EntityRecord[];
  readonly relationships: RelationshipRecord[];
  /** The Source entity at the centre of the dense cluster (see CLUSTER below), for the GraphQL overhead row. */
  readonly clusterHubId: string;
  readonly clusterNodes: number;
  readonly clusterEdges: number;
}

/** mulberry32: small, fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of entities per type: roughly the mix of the shipped knowledge, with more of everything. */
const TYPE_SHARES: Readonly<Record<EntityTypeName, number>> = {
  Person: 0.2,
  Organization: 0.2,
  Chip: 0.08,
  Technology: 0.06,
  Policy: 0.06,
  Event: 0.12,
  Place: 0.05,
  Source: 0.08,
  Statement: 0.15,
};

/** English syllables with their katakana, so a name and its Japanese name correspond. */
const SYLLABLES: readonly (readonly [string, string])[] = [
  ["ka", "カ"],
  ["ki", "キ"],
  ["ku", "ク"],
  ["ko", "コ"],
  ["sa", "サ"],
  ["shi", "シ"],
  ["su", "ス"],
  ["to", "ト"],
  ["na", "ナ"],
  ["ni", "ニ"],
  ["no", "ノ"],
  ["ha", "ハ"],
  ["hi", "ヒ"],
  ["ma", "マ"],
  ["mi", "ミ"],
  ["mo", "モ"],
  ["ra", "ラ"],
  ["ri", "リ"],
  ["ro", "ロ"],
  ["ya", "ヤ"],
  ["yu", "ユ"],
  ["te", "テ"],
  ["da", "ダ"],
  ["ze", "ゼ"],
  ["vi", "ヴィ"],
  ["lu", "ル"],
  ["ne", "ネ"],
  ["bo", "ボ"],
  ["pa", "パ"],
  ["re", "レ"],
];

/** Per type: an English suffix and its Japanese, so names read like the real ones. */
const NAME_PATTERNS: Readonly<Record<EntityTypeName, readonly (readonly [string, string])[]>> = {
  Person: [["", ""]],
  Organization: [
    ["Semiconductor", "半導体"],
    ["Systems", "システムズ"],
    ["Ministry", "省"],
    ["Institute", "研究所"],
    ["Capital", "キャピタル"],
  ],
  Chip: [
    ["X", "X"],
    ["Accelerator", "アクセラレーター"],
    ["GPU", "GPU"],
  ],
  Technology: [
    ["Platform", "プラットフォーム"],
    ["Process", "プロセス"],
    ["Stack", "スタック"],
  ],
  Policy: [
    ["Export Rule", "輸出規則"],
    ["Licence", "ライセンス"],
    ["Guidance", "指針"],
  ],
  Event: [
    ["Order", "発注"],
    ["Approval", "承認"],
    ["Probe", "調査"],
    ["Write-down", "評価損"],
  ],
  Place: [
    ["City", "市"],
    ["Province", "省"],
    ["Region", "地域"],
  ],
  Source: [
    ["Times", "タイムズ"],
    ["Report", "レポート"],
    ["News", "ニュース"],
  ],
  Statement: [
    ["says supply is safe", "供給は安全と発言"],
    ["warns of controls", "規制を警告"],
    ["denies backdoors", "バックドアを否定"],
  ],
};

const KINDS: Partial<Readonly<Record<EntityTypeName, readonly string[]>>> = {
  Organization: ["company", "government", "agency", "think_tank", "investment_firm", "consultancy", "media"],
  Chip: ["gpu", "ai_accelerator"],
  Technology: ["software_platform", "process_node", "workload"],
  Policy: ["export_control", "licence", "condition", "guidance"],
  Event: ["approval", "write_down", "order", "interview", "market_activity", "announcement", "investigation"],
  Place: ["country", "region", "city"],
};

const COUNTRIES = ["US", "CN", "JP", "TW", "KR", "NL", "DE", "IN"];
const STANCES = ["critical", "supportive", "cautionary", "denial", "analytical"];
/** How many relationships the dense cluster has at most; its node count is a third of that. */
const CLUSTER_EDGES = 3000;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function dateIn2025(random: () => number): string {
  const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 365) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

export function generateSyntheticGraph(options: { relationships: number; seed?: number }): SyntheticGraph {
  const random = seededRandom(options.seed ?? 2025);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const totalRelationships = Math.max(10, Math.floor(options.relationships));
  const clusterEdges = Math.min(CLUSTER_EDGES, Math.floor(totalRelationships * 0.3));
  const clusterNodes = Math.max(2, Math.floor(clusterEdges / 3));
  const mainRelationships = totalRelationships - clusterEdges;
  const mainEntities = Math.max(ENTITY_TYPE_NAMES.length * 4, Math.round(mainRelationships / 4));

  const entities: EntityRecord[] = [];
  const idsByType = new Map<EntityTypeName, string[]>(ENTITY_TYPE_NAMES.map((t) => [t, []]));

  const word = (syllables: number): [string, string] => {
    let en = "";
    let ja = "";
    for (let i = 0; i < syllables; i++) {
      const [e, j] = pick(SYLLABLES);
      en += e;
      ja += j;
    }
    return [capitalise(en), ja];
  };

  const makeEntity = (type: EntityTypeName, id: string, serial: number): EntityRecord => {
    const [first, firstJa] = word(2 + Math.floor(random() * 2));
    const [second, secondJa] = word(2 + Math.floor(random() * 2));
    const [suffix, suffixJa] = pick(NAME_PATTERNS[type]);
    const name = type === "Person" ? `${first} ${second}` : `${first} ${suffix} ${serial}`.replace(/\s+/g, " ").trim();
    const nameJa = type === "Person" ? `${firstJa}・${secondJa}` : `${firstJa}${suffixJa}${serial}`;
    const aliases = random() < 0.5 ? [type === "Person" ? `${first.charAt(0)}. ${second}` : `${first.toUpperCase()}-${serial}`] : [];
    const properties: Record<string, PropertyValue> = {
      name,
      nameJa,
      description: `Synthetic ${type.toLowerCase()} number ${serial}.`,
    };
    if (aliases.length > 0) properties["aliases"] = aliases;
    const kinds = KINDS[type];
    if (kinds) properties["kind"] = pick(kinds);
    switch (type) {
      case "Organization":
        properties["country"] = pick(COUNTRIES);
        break;
      case "Chip":
        properties["processNode"] = pick(["4nm", "5nm", "7nm", "12nm"]);
        break;
      case "Policy":
        properties["jurisdiction"] = pick(COUNTRIES);
        properties["effectiveFrom"] = dateIn2025(random);
        if (random() < 0.3) properties["revenueSharePercent"] = Math.round(random() * 300) / 10;
        break;
      case "Event":
        properties["date"] = dateIn2025(random);
        if (random() < 0.4) {
          properties["amount"] = Math.round(random() * 1e6);
          properties["unit"] = pick(["USD", "units"]);
        }
        break;
      case "Place":
        if (random() < 0.3) properties["aiDeveloperSharePercent"] = Math.round(random() * 500) / 10;
        break;
      case "Source":
        properties["title"] = `${name}: ${nameJa}`;
        properties["publisher"] = `${second} Media`;
        properties["publishedAt"] = dateIn2025(random);
        properties["language"] = random() < 0.5 ? "ja" : "en";
        properties["url"] = `https://news.example/${id}`;
        break;
      case "Statement":
        properties["date"] = dateIn2025(random);
        properties["stance"] = pick(STANCES);
        break;
      default:
        break;
    }
    return { type, id, properties };
  };

  for (const type of ENTITY_TYPE_NAMES) {
    const count = Math.max(4, Math.round(mainEntities * TYPE_SHARES[type]));
    const ids = idsByType.get(type) as string[];
    for (let i = 0; i < count; i++) {
      const id = `${type.toLowerCase()}-${i}`;
      entities.push(makeEntity(type, id, i));
      ids.push(id);
    }
  }

  const sourceIds = idsByType.get("Source") as string[];
  // Squaring a uniform draw favours low indexes: a few hubs with many relationships and a long
  // tail with few, as in real knowledge graphs.
  const skewedPick = (ids: readonly string[]): string => ids[Math.floor(random() * random() * ids.length)] as string;
  const relationshipProperties = (type: RelationshipTypeName, from: string, to: string): Record<string, PropertyValue> => {
    const sources = random() < 0.8 ? [pick(sourceIds)] : [pick(sourceIds), pick(sourceIds)];
    const properties: Record<string, PropertyValue> = {
      sources: [...new Set(sources)],
      claim: `${from} ${type.toLowerCase().replace(/_/g, " ")} ${to}.`,
    };
    if (random() < 0.4) properties["validFrom"] = dateIn2025(random);
    if (type === "LEADS" || type === "WORKS_AT") properties["role"] = pick(["CEO", "Analyst", "Director", "Engineer"]);
    if (type === "COMPARED_WITH") {
      properties["metric"] = "inference performance";
      properties["ratioLow"] = 0.5;
      properties["ratioHigh"] = 1.5;
    }
    return properties;
  };

  const relationships: RelationshipRecord[] = [];
  for (let i = 0; i < mainRelationships; i++) {
    const spec = pick(RELATIONSHIP_TYPES);
    const [fromType, toType] = pick(spec.endpoints);
    const from = skewedPick(idsByType.get(fromType) as string[]);
    let to = skewedPick(idsByType.get(toType) as string[]);
    if (to === from) to = pick(idsByType.get(toType) as string[]);
    if (to === from) continue;
    relationships.push({ type: spec.name, id: `rel-${i}`, from, to, properties: relationshipProperties(spec.name, from, to) });
  }

  // A dense, isolated cluster: one Source that mentions every member, and the remaining edges among
  // the members. Two hops from the hub it is a subgraph of a known size (1,000 nodes and 3,000
  // edges at full size) that nothing else in the graph touches.
  const clusterHubId = "cluster-hub";
  entities.push(makeEntity("Source", clusterHubId, 0));
  const members: string[] = [];
  for (let i = 1; i < clusterNodes; i++) {
    const id = `cluster-org-${i}`;
    entities.push(makeEntity("Organization", id, i));
    members.push(id);
    relationships.push({
      type: "MENTIONS",
      id: `cluster-mentions-${i}`,
      from: clusterHubId,
      to: id,
      properties: relationshipProperties("MENTIONS", clusterHubId, id),
    });
  }
  const memberEdgeTypes: readonly RelationshipTypeName[] = ["COMPETES_WITH", "PART_OF", "DEPENDS_ON"];
  for (let i = 0; relationships.length < mainRelationships + clusterEdges && members.length > 1; i++) {
    const from = pick(members);
    let to = pick(members);
    if (to === from) to = members[(members.indexOf(from) + 1) % members.length] as string;
    const type = pick(memberEdgeTypes);
    relationships.push({ type, id: `cluster-rel-${i}`, from, to, properties: relationshipProperties(type, from, to) });
  }

  return { entities, relationships, clusterHubId, clusterNodes, clusterEdges: relationships.filter((r) => r.id.startsWith("cluster-")).length };
}

/** The graph as JSON Lines, the format `kgx import` reads one record per line. */
export function toJsonLines(graph: Pick<SyntheticGraph, "entities" | "relationships">): string {
  const lines: string[] = [];
  for (const e of graph.entities) lines.push(JSON.stringify({ kind: "entity", type: e.type, id: e.id, ...e.properties }));
  for (const r of graph.relationships) lines.push(JSON.stringify({ kind: "relationship", type: r.type, id: r.id, from: r.from, to: r.to, ...r.properties }));
  return `${lines.join("\n")}\n`;
}
