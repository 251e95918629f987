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

/**
 * The articles the shipped knowledge was written from live beside the repository, not in it
 * (`../shared/seeds`), or where KGX_SEEDS_DIR says; undefined on a checkout that has neither.
 */
export const SEEDS_DIR: string | undefined = [process.env["KGX_SEEDS_DIR"], path.resolve(import.meta.dirname, "../../../../shared/seeds")].find(
  (dir): dir is string => typeof dir === "string" && dir !== "" && fs.existsSync(dir),
);

/** A seed article's text, read at test time: the articles' sentences are not copied into the tests. */
export function readSeedArticle(prefix: string): string {
  if (SEEDS_DIR === undefined) throw new Error("No seed articles here: set KGX_SEEDS_DIR");
  const file = fs.readdirSync(SEEDS_DIR).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`No seed article ${prefix}* in ${SEEDS_DIR}`);
  return fs.readFileSync(path.join(SEEDS_DIR, file), "utf8");
}
