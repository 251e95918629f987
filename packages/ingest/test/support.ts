import fs from "node:fs";
import path from "node:path";
import type { KnownEntity } from "../src/index.ts";
import { loadShippedKnowledge } from "../src/shipped-knowledge.ts";

/**
 * The entities of the shipped knowledge, read the way the API reads them: seeded into a real
 * embedded store in a temporary directory and listed from it.
 */
export async function loadShippedEntities(): Promise<KnownEntity[]> {
  return [...(await loadShippedKnowledge()).entities];
}

export const SEEDS_DIR = "/work/shared/seeds";

/** A seed article's text, read at test time: the articles' sentences are not copied into the tests. */
export function readSeedArticle(prefix: string): string {
  const file = fs.readdirSync(SEEDS_DIR).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`No seed article ${prefix}* in ${SEEDS_DIR}`);
  return fs.readFileSync(path.join(SEEDS_DIR, file), "utf8");
}
