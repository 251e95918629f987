import fs from "node:fs";
import path from "node:path";
import { renderSchemaFile } from "@kgx/domain";
import { SCHEMA_DIR } from "@kgx/knowledge";
import type { CliIo } from "../io.ts";
import { parseCommandArgs, UsageError } from "./shared.ts";

export const SCHEMA_HELP = `Usage: kgx schema [options]

Prints the schema derived from the domain model: Kùzu DDL or Neo4j constraints and indexes.

Options:
  --backend kuzu|neo4j     which schema to print (default: kuzu)
  --write                  regenerate cypher/schema/kuzu.cypher and cypher/schema/neo4j.cypher
  -h, --help               show this help`;

export const SCHEMA_FILES = { kuzu: "kuzu.cypher", neo4j: "neo4j.cypher" } as const;

export function schemaFilePath(backend: keyof typeof SCHEMA_FILES): string {
  return path.join(SCHEMA_DIR, SCHEMA_FILES[backend]);
}

export async function schemaCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, { backend: { type: "string" }, write: { type: "boolean" }, help: { type: "boolean", short: "h" } }, false);
  if (values.help) {
    io.stdout.write(`${SCHEMA_HELP}\n`);
    return 0;
  }
  if (values.write) {
    for (const backend of ["kuzu", "neo4j"] as const) {
      const file = schemaFilePath(backend);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderSchemaFile(backend));
      io.log(`kgx: wrote ${path.relative(process.cwd(), file)}`);
    }
    return 0;
  }
  const backend = values.backend ?? "kuzu";
  if (backend !== "kuzu" && backend !== "neo4j") throw new UsageError(`--backend must be kuzu or neo4j, got "${backend}"`);
  io.stdout.write(renderSchemaFile(backend));
  return 0;
}
