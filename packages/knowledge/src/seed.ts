import fs from "node:fs";
import path from "node:path";
import { GraphStoreError, splitCypherStatements, type GraphStore, type ScriptStatement, type WriteOptions } from "@kgx/graph-store";
import { KNOWLEDGE_DIR } from "./locations.ts";

function cypherFilesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".cypher"))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new GraphStoreError("INVALID_INPUT", `No knowledge folder at ${dir}: give a folder that holds .cypher files.`, { cause: error });
    }
    throw error;
  }
}

/** Every statement of every `*.cypher` file in the folder, files in name order, each tagged with file and line. */
export function loadKnowledgeScript(dir: string = KNOWLEDGE_DIR): ScriptStatement[] {
  return cypherFilesIn(dir).flatMap((file) => {
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
