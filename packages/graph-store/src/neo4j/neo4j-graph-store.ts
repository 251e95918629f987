import type { Driver } from "neo4j-driver";
import { READ_OPERATIONS, TRAVERSAL_OPERATIONS, WRITE_OPERATIONS, adapterOf, operationsOf, type AdapterOperations } from "../adapter-port.ts";
import type { GraphStore } from "../port.ts";
import { validatingStore } from "../validating-store.ts";
import * as reads from "./reads.ts";
import { search } from "./search.ts";
import { ADD_MISSING_SEARCH_KEYS, SCHEMA_STATEMENTS } from "./statements.ts";
import { Neo4jStoreContext } from "./store-context.ts";
import * as traversal from "./traversal.ts";
import { runReadQuery } from "./user-cypher.ts";
import * as writes from "./writes.ts";

export interface Neo4jGraphStoreOptions {
  /** The server's URI without credentials, for messages. */
  readonly location: string;
  /** The database to use; the user's home database when absent. */
  readonly database?: string | undefined;
}

/** The store over a driver that is already made, behind the validating front every caller gets. */
export function neo4jGraphStore(driver: Driver, options: Neo4jGraphStoreOptions): GraphStore {
  return validatingStore(
    adapterOf({ backend: "neo4j", location: options.location }, new Neo4jStoreContext(driver, options.location, options.database), NEO4J_OPERATIONS),
  );
}

/**
 * The Neo4j adapter. Each operation lives in the module named after what it does — reads.ts,
 * traversal.ts, search.ts, user-cypher.ts, writes.ts (with write-encoding.ts) — beside the
 * embedded adapter's module of the same name.
 */
const NEO4J_OPERATIONS: AdapterOperations<Neo4jStoreContext> = {
  ...operationsOf(reads, READ_OPERATIONS),
  ...operationsOf(traversal, TRAVERSAL_OPERATIONS),
  ...operationsOf(writes, WRITE_OPERATIONS),
  getEntities: (ctx, ids) => ctx.read((tx) => reads.fetchEntities(tx, ids)),
  applySchema,
  search,
  runReadQuery,
  entityTypesOf: (ctx, ids) => ctx.read((tx) => reads.fetchEntityTypes(tx, ids)),
  close: (ctx) => ctx.close(),
};

/** Constraints and indexes of the model; then search keys for entities written before they existed. */
async function applySchema(ctx: Neo4jStoreContext): Promise<void> {
  // One transaction per statement: Neo4j does not mix schema changes with other work in a transaction.
  for (const statement of SCHEMA_STATEMENTS) {
    await ctx.write(async (tx) => {
      await tx.run(statement);
    });
  }
  await ctx.write(async (tx) => {
    await tx.run(ADD_MISSING_SEARCH_KEYS);
  });
}
