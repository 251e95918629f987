import type { TestProject } from "vitest/node";
import { startNeo4jTestBroker } from "./test-server-broker.ts";

/**
 * Root vitest globalSetup: one Neo4j per test run, started only when a test file first asks for it
 * (see test-server-broker.ts), stopped when the run ends. Workers find the broker through
 * `inject("kgxNeo4jBroker")`; packages/graph-store/test/support/neo4j-test-server.ts does that.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const broker = await startNeo4jTestBroker((line) => process.stdout.write(`${line}\n`));
  (project.provide as (key: string, value: unknown) => void)("kgxNeo4jBroker", broker.address);
  return () => broker.close();
}
