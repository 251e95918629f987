import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isEntityTypeName } from "@kgx/domain";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import { KNOWLEDGE_DIR, loadKnowledgeScript } from "@kgx/knowledge";
import type { KnownEntity } from "./article.ts";

/**
 * The shipped knowledge as the analysis sees it: seeded from cypher/knowledge into a real embedded
 * store in a temporary directory and read back, the way the API reads it. The quality evaluation
 * and the tests use it.
 */

export interface ShippedSource {
  readonly id: string;
  readonly title: string;
  readonly language: string | null;
}

export interface ShippedKnowledge {
  readonly entities: readonly KnownEntity[];
  readonly sources: readonly ShippedSource[];
  /** Source id → ids of the entities the source MENTIONS. */
  readonly mentionsBySource: ReadonlyMap<string, ReadonlySet<string>>;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export async function loadShippedKnowledge(knowledgeDir: string = KNOWLEDGE_DIR): Promise<ShippedKnowledge> {
  const script = loadKnowledgeScript(knowledgeDir);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-ingest-knowledge-"));
  const store = await openEmbeddedGraphStore({ dataDir });
  try {
    await store.applySchema();
    await store.runScript(script);
    const { entities, relationships } = await store.exportAll();
    const known: KnownEntity[] = entities.map((entity) => {
      if (!isEntityTypeName(entity.type)) throw new Error(`The store holds an entity of unknown type ${entity.type} (${entity.id})`);
      const { name, nameJa, aliases } = entity.properties;
      return {
        id: entity.id,
        type: entity.type,
        name: stringOrNull(name) ?? entity.id,
        nameJa: stringOrNull(nameJa),
        aliases: Array.isArray(aliases) ? aliases.filter((alias): alias is string => typeof alias === "string") : [],
      };
    });
    const sources = entities
      .filter((entity) => entity.type === "Source")
      .map((entity) => ({
        id: entity.id,
        title: stringOrNull(entity.properties.title) ?? stringOrNull(entity.properties.name) ?? entity.id,
        language: stringOrNull(entity.properties.language),
      }));
    const mentionsBySource = new Map<string, Set<string>>();
    for (const relationship of relationships) {
      if (relationship.type !== "MENTIONS") continue;
      const mentioned = mentionsBySource.get(relationship.from) ?? new Set<string>();
      mentioned.add(relationship.to);
      mentionsBySource.set(relationship.from, mentioned);
    }
    return { entities: known, sources, mentionsBySource };
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
