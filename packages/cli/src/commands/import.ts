import path from "node:path";
import { readImportFile } from "@kgx/graph-io";
import type { CliIo } from "../io.ts";
import { ProgressReporter } from "../progress.ts";
import { parseCommandArgs, STORE_HELP, STORE_OPTIONS, UsageError, withStore } from "./shared.ts";

export const IMPORT_HELP = `Usage: kgx import [options] FILE

Imports entities and relationships from FILE in one transaction: either all of it is written or,
if any row is wrong, none of it, and the error names the file, line and field.

Formats, by extension:
  .json          {"entities": [{"type", "id", "name", …}], "relationships": [{"type", "from", "to", "sources", …}]}
  .jsonl/.ndjson one object per line, each with "kind": "entity" or "relationship"
  .csv           entities (header: type,id,name,…) or relationships (header: type,from,to,sources,…);
                 list cells are separated by |
  .cypher        Cypher statements separated by ; (run as written, in one transaction)

Options:
  --dry-run                check the file against the model and the store, write nothing
${STORE_HELP}`;

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...STORE_OPTIONS, "dry-run": { type: "boolean" } }, true);
  if (values.help) {
    io.stdout.write(`${IMPORT_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`kgx import takes exactly one FILE (got ${positionals.length})`);
  const file = positionals[0] as string;
  const shownName = path.relative(process.cwd(), path.resolve(file)) || file;
  return withStore(io, values, async (store) => {
    // A fresh store has no tables yet; creating them is idempotent and writes no data.
    await store.applySchema();
    const parsed = await readImportFile(file, { displayName: shownName, knownEntityTypes: (ids) => store.entityTypesOf(ids) });
    const progress = new ProgressReporter(`importing ${shownName}`, io.stderr);
    if (parsed.format === "cypher") {
      if (values["dry-run"]) {
        io.log(`kgx: ${shownName}: ${parsed.statements.length} statements; nothing written (--dry-run).`);
        return 0;
      }
      await store.runScript(parsed.statements, { onProgress: progress.update, signal: io.signal });
      progress.finish();
      io.log(`kgx: imported ${parsed.statements.length} statements from ${shownName}.`);
      return 0;
    }
    const { entities, relationships } = parsed.batch;
    if (values["dry-run"]) {
      io.log(`kgx: ${shownName}: ${entities.length} entities and ${relationships.length} relationships are valid; nothing written (--dry-run).`);
      return 0;
    }
    const summary = await store.writeBatch(parsed.batch, { onProgress: progress.update, signal: io.signal });
    progress.finish();
    io.log(`kgx: imported ${summary.entitiesWritten} entities and ${summary.relationshipsWritten} relationships from ${shownName}.`);
    return 0;
  });
}
