import { isAllowedEndpoint, isEntityTypeName, type EntityRecord, type EntityTypeName } from "@kgx/domain";
import type { GraphStore } from "@kgx/graph-store";
import type { AliasMergeInput, KnownEntity } from "./article.ts";
import { stringList } from "./article-evidence.ts";
import type { IngestProblem } from "./write-errors.ts";

/** Entity types a Source may MENTION (the model's MENTIONS endpoints). */
export function mentionable(type: EntityTypeName): boolean {
  return isAllowedEndpoint("MENTIONS", "Source", type);
}

/** A name a commit adds to an existing entity's aliases. */
export interface PlannedAlias {
  readonly entityId: string;
  readonly alias: string;
}

export interface PlannedMerges {
  /** The merged entities written back with their new aliases (only the name and aliases are set). */
  readonly records: readonly EntityRecord[];
  readonly added: readonly PlannedAlias[];
  /** Each merged name as a name of its entity, for the analysis. */
  readonly known: readonly KnownEntity[];
}

/**
 * Candidates merged into existing entities: each entity must exist and be one an article can name;
 * a name the entity already has (compared without case) is not added again, and the same name
 * merged into two entities is refused, since it could then only mean one of them.
 */
export async function planAliasMerges(store: GraphStore, merges: readonly AliasMergeInput[], problems: IngestProblem[]): Promise<PlannedMerges> {
  const ids = merges.map((m) => m.entity).filter((id): id is string => typeof id === "string" && id !== "");
  const nodes = ids.length > 0 ? new Map((await store.getEntities([...new Set(ids)])).map((node) => [node.id, node])) : new Map();
  const aliasesOf = new Map<string, string[]>();
  const entityOfName = new Map<string, { entity: string; index: number }>();
  const added: PlannedAlias[] = [];
  const known: KnownEntity[] = [];
  merges.forEach((merge, index) => {
    const field = `input.merges[${index}]`;
    const alias = typeof merge.alias === "string" ? merge.alias.trim() : "";
    if (alias === "") problems.push({ field: `${field}.alias`, message: "give the name, as the article writes it, to add as an alias." });
    const node = typeof merge.entity === "string" ? nodes.get(merge.entity) : undefined;
    if (!node) {
      problems.push({ field: `${field}.entity`, message: `no entity with id ${JSON.stringify(merge.entity)}; it may have been deleted since the analysis.` });
      return;
    }
    if (!isEntityTypeName(node.type) || !mentionable(node.type)) {
      problems.push({
        field: `${field}.entity`,
        message: `"${node.id}" is a ${node.type}; a name from an article can only be merged into an entity the article can name.`,
      });
      return;
    }
    if (alias === "") return;
    const folded = alias.toLowerCase();
    const earlier = entityOfName.get(folded);
    if (earlier && earlier.entity !== node.id) {
      problems.push({
        field: `${field}.alias`,
        message: `"${alias}" is merged into ${earlier.entity} by input.merges[${earlier.index}] too; one name can stand for one entity.`,
      });
      return;
    }
    entityOfName.set(folded, { entity: node.id, index });
    known.push({ id: node.id, type: node.type, name: alias });
    const current = aliasesOf.get(node.id) ?? stringList(node.properties["aliases"]);
    const names = [node.properties["name"], node.properties["nameJa"], ...current]
      .filter((n): n is string => typeof n === "string")
      .map((n) => n.toLowerCase());
    if (names.includes(folded)) return;
    aliasesOf.set(node.id, [...current, alias]);
    added.push({ entityId: node.id, alias });
  });
  const records: EntityRecord[] = [...aliasesOf].map(([id, aliases]) => {
    const node = nodes.get(id) as { type: EntityTypeName; properties: Readonly<Record<string, unknown>> };
    const name = node.properties["name"];
    return { type: node.type, id, properties: { ...(typeof name === "string" ? { name } : {}), aliases } };
  });
  return { records, added, known };
}
