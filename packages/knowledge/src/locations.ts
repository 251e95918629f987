import path from "node:path";
import { fileURLToPath } from "node:url";

/*
 * The shipped files sit in `cypher/` at the repository root, not inside this package, so that
 * people find and edit them as plain Cypher beside the code. This is the one place that knows how
 * to get there from here; everything else asks for the folder it wants by name.
 */
const CYPHER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../cypher");

/** The shipped knowledge: `NNN-topic.cypher` files of MERGE statements, loaded in name order by `kgx seed`. */
export const KNOWLEDGE_DIR = path.join(CYPHER_DIR, "knowledge");

/** The notebooks copied into a new notebook directory on the API's first start. */
export const SHIPPED_NOTEBOOKS_DIR = path.join(CYPHER_DIR, "notebooks");

/** The Kùzu DDL and Neo4j constraints generated from the domain model (`kgx schema --write`). */
export const SCHEMA_DIR = path.join(CYPHER_DIR, "schema");
