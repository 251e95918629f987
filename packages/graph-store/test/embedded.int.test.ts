import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import { openHostedEmbeddedGraphStore } from "../src/embedded-host/index.ts";
import { describeGraphStoreContract } from "./contract/index.ts";

const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describeGraphStoreContract("embedded (Kùzu)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-contract-"));
  dirs.push(dir);
  const store = await openEmbeddedGraphStore({ dataDir: dir });
  await store.applySchema();
  return store;
});

// The same contract through the store host: the API runs Kùzu in a process of its own, and every
// answer must survive the trip over IPC unchanged.
describeGraphStoreContract("embedded (Kùzu) in its own process", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-contract-hosted-"));
  dirs.push(dir);
  const store = await openHostedEmbeddedGraphStore({ dataDir: dir });
  await store.applySchema();
  return store;
});
