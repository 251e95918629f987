import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedKnowledge } from "@kgx/cli";
import { isEntityTypeName } from "@kgx/domain";
import { openEmbeddedGraphStore } from "@kgx/graph-store/embedded";
import type { KnownEntity } from "../src/index.ts";

/**
 * The entities of the shipped knowledge, read the way the API reads them: seeded into a real
 * embedded store in a temporary directory and listed from it.
 */
export async function loadShippedEntities(): Promise<KnownEntity[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-ingest-entities-"));
  const store = await openEmbeddedGraphStore({ dataDir: dir });
  try {
    await seedKnowledge(store);
    const page = await store.listEntities({ limit: 10_000 });
    return page.nodes.map((node) => {
      if (!isEntityTypeName(node.type)) throw new Error(`The store lists an entity of unknown type ${node.type} (${node.id})`);
      const { name, nameJa, aliases } = node.properties;
      return {
        id: node.id,
        type: node.type,
        name: typeof name === "string" ? name : node.id,
        nameJa: typeof nameJa === "string" ? nameJa : null,
        aliases: Array.isArray(aliases) ? aliases.filter((alias): alias is string => typeof alias === "string") : [],
      };
    });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const SEEDS_DIR = "/work/shared/seeds";

/** A seed article's text, read at test time: the articles' sentences are not copied into the tests. */
export function readSeedArticle(prefix: string): string {
  const file = fs.readdirSync(SEEDS_DIR).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`No seed article ${prefix}* in ${SEEDS_DIR}`);
  return fs.readFileSync(path.join(SEEDS_DIR, file), "utf8");
}
