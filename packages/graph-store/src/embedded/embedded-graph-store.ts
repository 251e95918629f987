import { kuzuSchemaStatements, kuzuTableColumns } from "@kgx/domain";
import {
  READ_OPERATIONS,
  TRAVERSAL_OPERATIONS,
  WRITE_OPERATIONS,
  adapterOf,
  operationsOf,
  type AdapterOperations,
  type StoreAdapter,
} from "../adapter-port.ts";
import { DEFAULT_KUZU_BUFFER_POOL_MIB } from "../config.ts";
import type { GraphStore } from "../port.ts";
import { validatingStore } from "../validating-store.ts";
import { KuzuHandle } from "./kuzu-handle.ts";
import * as reads from "./reads.ts";
import { search } from "./search.ts";
import { KuzuStoreContext } from "./store-context.ts";
import * as traversal from "./traversal.ts";
import { runReadQuery } from "./user-cypher.ts";
import * as writes from "./writes.ts";

export interface EmbeddedStoreOptions {
  readonly dataDir: string;
  /** Size of Kùzu's buffer pool in bytes (default DEFAULT_KUZU_BUFFER_POOL_MIB). */
  readonly bufferPoolBytes?: number;
  /**
   * Refuse the statements Kùzu is known to crash on (kuzu-crash-guard.ts); default true. Only the
   * store host's tests turn it off, to make the engine really crash in a process of its own.
   */
  readonly refuseKnownCrashes?: boolean;
}

/** Opens the embedded store in this process, behind the validating front every caller gets. */
export async function openEmbeddedGraphStore(options: EmbeddedStoreOptions): Promise<GraphStore> {
  return validatingStore(await openEmbeddedStoreAdapter(options));
}

/** The adapter alone, for the store host: its calls come checked from the front in the API's process. */
export async function openEmbeddedStoreAdapter(options: EmbeddedStoreOptions): Promise<StoreAdapter> {
  const handle = await KuzuHandle.open({
    dataDir: options.dataDir,
    bufferPoolBytes: options.bufferPoolBytes ?? DEFAULT_KUZU_BUFFER_POOL_MIB * 1024 * 1024,
  });
  return adapterOf({ backend: "embedded", location: handle.dataDir }, new KuzuStoreContext(handle, options.refuseKnownCrashes ?? true), EMBEDDED_OPERATIONS);
}

/**
 * The embedded (Kùzu) adapter. Each operation lives in the module named after what it does —
 * reads.ts, traversal.ts, search.ts, user-cypher.ts, writes.ts (with write-encoding.ts and
 * bulk-copy.ts) — beside the Neo4j adapter's module of the same name.
 */
const EMBEDDED_OPERATIONS: AdapterOperations<KuzuStoreContext> = {
  ...operationsOf(reads, READ_OPERATIONS),
  ...operationsOf(traversal, TRAVERSAL_OPERATIONS),
  ...operationsOf(writes, WRITE_OPERATIONS),
  getEntities: reads.getEntities,
  applySchema,
  search,
  runReadQuery,
  entityTypesOf: (ctx, ids) => ctx.entityTypesOf(ids),
  close: (ctx) => ctx.handle.close(),
};

/** Creates the tables of the model, and in a directory made by an older model the columns added since. */
async function applySchema(ctx: KuzuStoreContext): Promise<void> {
  await ctx.handle.write(async (session) => {
    for (const statement of kuzuSchemaStatements()) await session.all(statement);
    // CREATE … IF NOT EXISTS leaves an older table as it is, so add what each one lacks.
    for (const [table, columns] of kuzuTableColumns()) {
      const present = new Set((await session.all(`CALL table_info('${table}') RETURN name`)).map((row) => String(row["name"])));
      for (const column of columns) {
        if (!present.has(column.name)) await session.all(`ALTER TABLE ${table} ADD ${column.name} ${column.type}`);
      }
    }
  });
  ctx.tableNames = undefined;
}
