import type { EntityRecord, RelationshipRecord } from "@kgx/domain";
import type { GraphBatch } from "../../src/port.ts";

/**
 * A small graph the contract suite writes through `writeBatch`: enough types, languages, dates and
 * fan-out to exercise every operation, and small enough to reason about each expected answer.
 */
const SRC = "src-fixture";

function entity(type: EntityRecord["type"], id: string, properties: EntityRecord["properties"]): EntityRecord {
  return { type, id, properties };
}

function rel(type: RelationshipRecord["type"], from: string, to: string, extra: RelationshipRecord["properties"] = {}): RelationshipRecord {
  return { type, id: `${from}-${type.toLowerCase()}-${to}`, from, to, properties: { sources: [SRC], claim: `${from} ${type} ${to}`, ...extra } };
}

export const FIXTURE_HUB_FANOUT = 12;

export function contractFixture(): GraphBatch {
  const entities: EntityRecord[] = [
    entity("Source", SRC, {
      name: "Fixture article",
      title: "Fixture article",
      publisher: "Fixture Press",
      publishedAt: "2025-07-22",
      url: "https://example.org/a",
    }),
    entity("Organization", "acme", {
      name: "Acme Chips",
      nameJa: "アクメ",
      aliases: ["ACME", "アクメ半導体"],
      description: "A chip company.",
      kind: "company",
      country: "US",
    }),
    entity("Organization", "acme-foundry", { name: "Acme Foundry", nameJa: "アクメ・ファウンドリ", kind: "company" }),
    entity("Organization", "beta", { name: "Beta Systems", nameJa: "ベータ", aliases: ["Acme rival"], kind: "company" }),
    entity("Person", "ada", { name: "Ada Park", nameJa: "エイダ・パーク", aliases: ["Park"], description: "Chief executive of Acme." }),
    entity("Chip", "x100", { name: "X100", nameJa: "X100", kind: "gpu", processNode: "7nm" }),
    entity("Chip", "y200", { name: "Y200", kind: "ai_accelerator" }),
    entity("Policy", "rule-2025", {
      name: "Export rule 2025",
      nameJa: "輸出規制2025",
      kind: "export_control",
      effectiveFrom: "2025-04-01",
      effectiveTo: "2025-06-30",
      revenueSharePercent: 15,
    }),
    entity("Event", "big-order", { name: "Big order", kind: "order", date: "2025-08-10", amount: 300000, unit: "units" }),
    entity("Place", "lonely-isle", { name: "Lonely Isle", kind: "region" }),
  ];
  const relationships: RelationshipRecord[] = [
    rel("LEADS", "ada", "acme", { role: "CEO", validFrom: "2020-01-01" }),
    rel("MAKES", "acme", "x100"),
    rel("MANUFACTURES", "acme-foundry", "x100", { processNode: "7nm" }),
    rel("COMPETES_WITH", "beta", "acme"),
    rel("COMPARED_WITH", "y200", "x100", { metric: "inference performance", ratioLow: 0.6, ratioHigh: 0.8 }),
    rel("TARGETS", "rule-2025", "x100", { validFrom: "2025-04-01", validTo: "2025-06-30" }),
    rel("INVOLVES", "big-order", "acme", { role: "buyer", validFrom: "2025-08-10" }),
    rel("INVOLVES", "big-order", "acme-foundry", { role: "supplier" }),
    rel("MENTIONS", SRC, "acme"),
  ];
  // A hub with many neighbours, for limits, paging and totals.
  for (let i = 1; i <= FIXTURE_HUB_FANOUT; i++) {
    const id = `fan-${String(i).padStart(2, "0")}`;
    entities.push(entity("Organization", id, { name: `Fan ${String(i).padStart(2, "0")}`, kind: "company" }));
    relationships.push(rel("DEPENDS_ON", id, "acme"));
  }
  return { entities, relationships };
}
