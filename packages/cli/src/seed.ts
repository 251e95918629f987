import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { splitCypherStatements, type GraphStore, type ScriptStatement, type WriteOptions } from "@kgx/graph-store";

/** The repository's `cypher/` folder: the schema files and the shipped knowledge. */
export const CYPHER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../cypher");
export const KNOWLEDGE_DIR = path.join(CYPHER_DIR, "knowledge");

/** Every statement of every `*.cypher` file in the folder, files in name order, each tagged with file and line. */
export function loadKnowledgeScript(dir: string = KNOWLEDGE_DIR): ScriptStatement[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cypher"))
    .sort();
  return files.flatMap((file) => {
    const full = path.join(dir, file);
    return splitCypherStatements(fs.readFileSync(full, "utf8"), path.relative(process.cwd(), full) || file);
  });
}

export interface SeedSummary {
  readonly statements: number;
  readonly files: number;
}

/**
 * Applies the schema and the shipped knowledge in one transaction. Every statement is a MERGE on
 * ids, so seeding again changes nothing.
 */
export async function seedKnowledge(store: GraphStore, options: WriteOptions & { dir?: string } = {}): Promise<SeedSummary> {
  const script = loadKnowledgeScript(options.dir);
  await store.applySchema();
  await store.runScript(script, options);
  return { statements: script.length, files: new Set(script.map((s) => s.file)).size };
}
