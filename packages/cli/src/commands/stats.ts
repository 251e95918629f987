import type { CliIo } from "../io.ts";
import { parseCommandArgs, STORE_HELP, STORE_OPTIONS, withStore } from "./shared.ts";

export const STATS_HELP = `Usage: kgx stats [options]

Counts entities and relationships, by type, and the relationships that cite no source.

Options:
  --json                   print one JSON object (entities, relationships, relationshipsWithoutSource, …)
${STORE_HELP}`;

export async function statsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { ...STORE_OPTIONS, json: { type: "boolean" } }, false);
  if (values.help) {
    io.stdout.write(`${STATS_HELP}\n`);
    return 0;
  }
  return withStore(io, values, async (store) => {
    const stats = await store.stats();
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ backend: store.backend, ...stats })}\n`);
      return 0;
    }
    const lines = [
      `entities:                     ${stats.entities}`,
      ...Object.entries(stats.entitiesByType)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, count]) => `  ${type.padEnd(28)}${count}`),
      `relationships:                ${stats.relationships}`,
      ...Object.entries(stats.relationshipsByType)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, count]) => `  ${type.padEnd(28)}${count}`),
      `relationships without source: ${stats.relationshipsWithoutSource}`,
    ];
    io.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  });
}
