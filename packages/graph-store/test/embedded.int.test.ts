import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
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
