import { seedKnowledge } from "@kgx/knowledge";
import type { CliIo } from "../io.ts";
import { ProgressReporter } from "../progress.ts";
import { parseCommandArgs, STORE_HELP, STORE_OPTIONS, withStore } from "./shared.ts";

export const SEED_HELP = `Usage: kgx seed [options]

Creates the schema and loads the shipped knowledge (cypher/knowledge/*.cypher) in one
transaction. Running it again changes nothing.

Options:
  --knowledge DIR          load the .cypher files of another folder instead
${STORE_HELP}`;

export async function seedCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { ...STORE_OPTIONS, knowledge: { type: "string" } }, false);
  if (values.help) {
    io.stdout.write(`${SEED_HELP}\n`);
    return 0;
  }
  return withStore(io, values, async (store) => {
    const progress = new ProgressReporter("seeding", io.stderr);
    const summary = await seedKnowledge(store, { onProgress: progress.update, signal: io.signal, ...(values.knowledge ? { dir: values.knowledge } : {}) });
    progress.finish();
    const stats = await store.stats();
    io.log(
      `kgx: seeded ${summary.statements} statements from ${summary.files} files; the store holds ${stats.entities} entities and ${stats.relationships} relationships.`,
    );
    if (stats.relationshipsWithoutSource > 0) {
      io.log(`kgx: warning: ${stats.relationshipsWithoutSource} relationships cite no source.`);
    }
    return 0;
  });
}
