import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BackendName } from "@kgx/graph-store";
import { openNeo4jGraphStore } from "@kgx/graph-store/neo4j";
import { describeWithNeo4j } from "@kgx/graph-store/testing/neo4j";
import { afterAll, beforeAll } from "vitest";
import { openSeededStore, seededTestStore, startTestApi, type TestApi, type TestApiOptions, type TestStore } from "./test-api.ts";

/** One backend a suite runs on, and how to get a store of it seeded with the shipped knowledge. */
export interface TestBackend {
  readonly name: BackendName;
  openSeeded(): Promise<TestStore>;
}

/**
 * Declares `suite` once per backend: on the embedded store, and on the run's real Neo4j (skipped
 * with the reason where there is none, a failure under KGX_REQUIRE_NEO4J=1). The same test code
 * runs on both, so a difference a user could see fails on one of them.
 */
export function describeOnEachBackend(suite: (backend: TestBackend) => void): void {
  suite({ name: "embedded", openSeeded: openSeededStore });
  describeWithNeo4j("Neo4j", (neo4j) => {
    suite({
      name: "neo4j",
      async openSeeded(): Promise<TestStore> {
        await neo4j.clear();
        const store = await openNeo4jGraphStore({ uri: neo4j.uri, username: neo4j.username, password: neo4j.password });
        // Neo4j keeps nothing on this machine's disk that a test could watch; an empty folder stands in.
        return seededTestStore(store, fs.mkdtempSync(path.join(os.tmpdir(), "kgx-api-neo4j-")));
      },
    });
  });
}

/** The enclosing describe's seeded store and the API in front of it; read them inside tests. */
export interface SeededApi {
  readonly api: TestApi;
  readonly seeded: TestStore;
}

/**
 * For the enclosing describe: a store of the backend seeded with the shipped knowledge and an API
 * on it (with `options`), started before its tests and closed after them.
 */
export function useSeededApi(backend: TestBackend, options: TestApiOptions = {}): SeededApi {
  let api: TestApi | undefined;
  let seeded: TestStore | undefined;
  beforeAll(async () => {
    seeded = await backend.openSeeded();
    api = await startTestApi(seeded.store, options);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await seeded?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("The seeded API is started before the describe's tests; read it inside a test.");
    return value;
  };
  return {
    get api() {
      return started(api);
    },
    get seeded() {
      return started(seeded);
    },
  };
}
