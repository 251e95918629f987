import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_KUZU_BUFFER_POOL_MIB, resolveStoreConfig } from "../src/config.ts";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";

/** Kùzu's buffer pool is bounded (its own default is most of the machine's memory) and configurable. */
describe("the embedded store's buffer pool", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-pool-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("is 1 GiB unless KGX_KUZU_BUFFER_POOL says otherwise, in MiB", () => {
    expect(resolveStoreConfig({})).toMatchObject({ backend: "embedded", bufferPoolBytes: DEFAULT_KUZU_BUFFER_POOL_MIB * 1024 * 1024 });
    expect(resolveStoreConfig({ KGX_KUZU_BUFFER_POOL: "256" })).toMatchObject({ bufferPoolBytes: 256 * 1024 * 1024 });
  });

  it("refuses a size that is not a whole number of MiB in range, naming the variable", () => {
    for (const value of ["12", "lots", "1.5", "-1"]) {
      expect(() => resolveStoreConfig({ KGX_KUZU_BUFFER_POOL: value }), value).toThrow(/KGX_KUZU_BUFFER_POOL/);
    }
  });

  it("opens and answers with a small pool", async () => {
    const store = await openEmbeddedGraphStore({ dataDir: path.join(root, "store"), bufferPoolBytes: 64 * 1024 * 1024 });
    await store.applySchema();
    const result = await store.runReadQuery("UNWIND range(1, 1000) AS x RETURN count(*) AS n");
    await store.close();
    expect(result.rows).toEqual([[1000]]);
  });
});
