import { parseArgs, type ParseArgsConfig } from "node:util";
import { describeStoreConfig, openGraphStore, type GraphStore } from "@kgx/graph-store";
import type { CliIo } from "../io.ts";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const STORE_OPTIONS = {
  "data-dir": { type: "string" },
  store: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export const STORE_HELP = `Store options:
  --store embedded|neo4j   which backend (default: embedded, or neo4j when NEO4J_URI is set)
  --data-dir DIR           embedded store directory (default: $KGX_DATA_DIR or ./data/kgx)
  -h, --help               show this help`;

/** Strict parsing: an unknown flag or a missing value is a usage error, never silently ignored. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, "."));
  }
}

/** Opens the configured store, logs which backend answers, and always closes it. */
export async function withStore<T>(
  io: CliIo,
  values: { "data-dir"?: string | undefined; store?: string | undefined },
  work: (store: GraphStore) => Promise<T>,
): Promise<T> {
  const config = io.env.storeConfig({
    ...(values.store ? { backend: values.store } : {}),
    ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}),
  });
  io.log(`kgx: using ${describeStoreConfig(config)}`);
  const store = await openGraphStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
