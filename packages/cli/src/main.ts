import { formatLocation, isGraphStoreError } from "@kgx/graph-store";
import { UsageError } from "./commands/shared.ts";
import { readCliEnv } from "./env.ts";
import type { CliIo } from "./io.ts";

type CommandRunner = (args: string[], io: CliIo) => Promise<number>;

/** Commands load on demand, so `kgx stats` does not pay for the import parsers. */
const COMMANDS: Record<string, { load: () => Promise<CommandRunner>; summary: string }> = {
  seed: { load: async () => (await import("./commands/seed.ts")).seedCommand, summary: "create the schema and load the shipped knowledge (idempotent)" },
  import: { load: async () => (await import("./commands/import.ts")).importCommand, summary: "import a JSON, JSON Lines, CSV or Cypher file, all or nothing" },
  export: { load: async () => (await import("./commands/export.ts")).exportCommand, summary: "export the graph as JSON, GraphML or Cypher" },
  query: { load: async () => (await import("./commands/query.ts")).queryCommand, summary: "run one read-only Cypher statement and print a table" },
  stats: { load: async () => (await import("./commands/stats.ts")).statsCommand, summary: "count entities and relationships (--json for machines)" },
  schema: { load: async () => (await import("./commands/schema.ts")).schemaCommand, summary: "print or regenerate the schema derived from the domain model" },
  ingest: {
    load: async () => (await import("./commands/ingest.ts")).ingestCommand,
    summary: "analyse an article, commit what you confirmed, or remove a committed one",
  },
};

export const MAIN_HELP = `kgx — the knowledge graph of the US–China AI-chip conflict of 2025, on embedded Kùzu or Neo4j.

Usage: kgx <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Run "kgx <command> --help" for a command's options.`;

/** Exit codes: 0 done, 1 the command failed (bad data, store error), 2 bad usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${MAIN_HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`kgx: unknown command "${name}"\n\n${MAIN_HELP}\n`);
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kgx ${name}: ${error.message}\nRun "kgx ${name} --help" for usage.\n`);
      return 2;
    }
    if (isGraphStoreError(error)) {
      const where = formatLocation(error.location);
      const alreadyLocated = where !== "" && error.message.includes(where);
      io.stderr.write(`kgx ${name}: error [${error.code}]: ${where && !alreadyLocated ? `${where}: ` : ""}${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`kgx ${name}: unexpected error: ${message}\n`);
    if (io.env.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write("Set KGX_DEBUG=1 for details.\n");
    return 1;
  }
}

/** The process entry: real streams, real environment, and a clean stop on Ctrl-C or SIGTERM. */
export async function main(argv: string[]): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(`\nkgx: ${signal}: stopping; an unfinished import is rolled back.\n`);
    // Writes check the signal between chunks and roll back; the store is then closed normally,
    // so every result is closed before the process exits.
    interrupt.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const io: CliIo = {
    env: readCliEnv(process.env),
    stdout: process.stdout,
    stderr: process.stderr,
    log: (line) => process.stderr.write(`${line}\n`),
    signal: interrupt.signal,
  };
  const code = await runCli(argv, io);
  return interrupt.signal.aborted ? 130 : code;
}
