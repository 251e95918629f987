import fs from "node:fs";
import path from "node:path";
import { exportGraph, type ExportFormat } from "@kgx/graph-io";
import type { CliIo } from "../io.ts";
import { parseCommandArgs, STORE_HELP, STORE_OPTIONS, UsageError, withStore } from "./shared.ts";

const FORMATS: readonly ExportFormat[] = ["json", "graphml", "cypher"];

export const EXPORT_HELP = `Usage: kgx export [options]

Writes every entity and relationship to stdout or a file.

Options:
  --format json|graphml|cypher   output format (default: json, or from the --out extension)
  --out FILE                     write to FILE instead of stdout (written whole, then renamed into place)
${STORE_HELP}`;

function formatFromExtension(file: string): ExportFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".graphml" || ext === ".xml") return "graphml";
  if (ext === ".cypher" || ext === ".cql") return "cypher";
  return undefined;
}

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { ...STORE_OPTIONS, format: { type: "string" }, out: { type: "string" } }, false);
  if (values.help) {
    io.stdout.write(`${EXPORT_HELP}\n`);
    return 0;
  }
  const format = (values.format ?? (values.out ? formatFromExtension(values.out) : undefined) ?? "json") as ExportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got "${values.format}"`);
  return withStore(io, values, async (store) => {
    const batch = await store.exportAll();
    const text = exportGraph(batch, format);
    if (values.out) {
      // Write beside the target and rename, so an interrupted export never leaves half a file.
      const target = path.resolve(values.out);
      const temporary = `${target}.partial-${process.pid}`;
      fs.writeFileSync(temporary, text);
      fs.renameSync(temporary, target);
      io.log(`kgx: exported ${batch.entities.length} entities and ${batch.relationships.length} relationships to ${values.out} (${format}).`);
    } else {
      io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    }
    return 0;
  });
}
