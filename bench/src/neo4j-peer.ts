import fs from "node:fs";
import path from "node:path";
import { openNeo4jGraphStore } from "@kgx/graph-store/neo4j";
import neo4j from "neo4j-driver";
import { checkJava, hasMaven, startNeo4jServer } from "../../tooling/neo4j/server.ts";
import { startApiProcess, type Neo4jTarget } from "./api-process.ts";
import { expandRow, loadRow, runawayRow, searchRow } from "./http-rows.ts";
import { importRows, timeCliImport, timeWriteInto } from "./import-rows.ts";
import { graphqlOverheadRow, roundTripsRow } from "./in-process-rows.ts";
import type { BenchRow } from "./report.ts";
import type { SyntheticGraph } from "./synthetic-graph.ts";

/**
 * The store rows again on Neo4j 5.26, the server a user would pick instead of the embedded store:
 * the same synthetic graph, the same samples and the same code paths (the CLI, the adapter, the
 * API process), against a Neo4j started here from Maven Central (tooling/neo4j).
 */

export interface PeerInput {
  readonly graph: SyntheticGraph;
  readonly jsonl: string;
  readonly work: string;
  readonly targets: readonly string[];
  readonly prefixes: readonly string[];
  readonly rawSamples: readonly number[];
  readonly copyMs: number;
  readonly cypherTimeoutMs: number;
  readonly loadSeconds: number;
  readonly log: (line: string) => void;
}

export interface PeerRows {
  readonly imports: BenchRow[];
  readonly http: BenchRow[];
  readonly inProcess: BenchRow[];
}

const PASSWORD = "bench-neo4j-password";

/** Why Neo4j cannot be measured on this machine, or undefined when it can. */
export function neo4jProblem(): string | undefined {
  const java = checkJava();
  if ("problem" in java) return java.problem;
  return hasMaven() ? undefined : "Maven (mvn) is not installed";
}

/** Deletes every node in batches, so the next import starts from an empty database again. */
async function emptyDatabase(target: Neo4jTarget): Promise<void> {
  const driver = neo4j.driver(target.uri, neo4j.auth.basic("neo4j", target.password));
  // CALL … IN TRANSACTIONS runs only in an auto-commit transaction, which session.run gives.
  const session = driver.session();
  try {
    await session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  } finally {
    await session.close();
    await driver.close();
  }
}

/** The Neo4j server's memory in the benchmark, printed with the results. */
export const BENCH_NEO4J_MEMORY = { heap: "4g", pageCache: "1g", transactionMax: "3g" } as const;

export async function measureNeo4j(input: PeerInput): Promise<PeerRows> {
  const dataDir = path.join(input.work, "neo4j");
  fs.mkdirSync(dataDir, { recursive: true });
  // Sized as one would size a server for this graph: the store fast path writes every row in one
  // transaction (all or nothing), which at 100k relationships does not fit the 1 GiB heap that
  // `npm run neo4j` gives by default.
  const server = await startNeo4jServer({ ...BENCH_NEO4J_MEMORY, port: 0, dataDir, password: PASSWORD, deleteDataOnExit: true, log: input.log });
  const target: Neo4jTarget = { uri: server.boltUri, password: PASSWORD };
  const open = () => openNeo4jGraphStore({ uri: target.uri, username: "neo4j", password: PASSWORD });
  try {
    const totalRows = input.graph.entities.length + input.graph.relationships.length;
    input.log("bench: Neo4j: store fast path");
    const storeMs = await timeWriteInto(await open(), input.graph);
    await emptyDatabase(target);
    input.log("bench: Neo4j: kgx import");
    const cliMs = timeCliImport(input.jsonl, path.join(input.work, "unused-store"), target);
    const imports = importRows(totalRows, cliMs, storeMs, input.copyMs);

    input.log("bench: Neo4j: round trips and GraphQL overhead");
    const store = await open();
    let inProcess: BenchRow[];
    try {
      const large = Math.min(1000, input.graph.clusterNodes);
      inProcess = [
        await roundTripsRow(store, input.graph.clusterHubId, [10, large]),
        await graphqlOverheadRow(store, input.graph.clusterHubId, input.graph.relationships.length >= 100_000 ? 20 : 5),
      ];
    } finally {
      await store.close();
    }

    input.log("bench: Neo4j: API over HTTP");
    const api = await startApiProcess({ dataDir: path.join(input.work, "unused-store"), cypherTimeoutMs: input.cypherTimeoutMs, neo4j: target });
    let http: BenchRow[];
    try {
      http = [
        await expandRow(api.url, input.targets, input.rawSamples, 50),
        await searchRow(api.url, input.prefixes, 30),
        await loadRow(api.url, input.targets, input.prefixes, 16, input.loadSeconds),
        await runawayRow(api.url, input.cypherTimeoutMs),
      ];
    } finally {
      await api.stop();
    }
    return { imports, http, inProcess };
  } finally {
    await server.stop();
  }
}
