import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import { GraphStoreError } from "../src/errors.ts";
import type { GraphStore } from "../src/port.ts";
import { contractFixture } from "./contract/fixture.ts";

/** Behaviour only the embedded store has: a directory, a process lock, Kùzu's parameter quirks, timeouts. */
describe("embedded store", () => {
  const dirs: string[] = [];
  const open: GraphStore[] = [];

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-embedded-"));
    dirs.push(dir);
    return dir;
  }

  async function openStore(dir: string): Promise<GraphStore> {
    const store = await openEmbeddedGraphStore({ dataDir: dir });
    open.push(store);
    return store;
  }

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps its data across a close and reopen, under the stable ids", async () => {
    const dir = tempDir();
    const first = await openStore(dir);
    await first.applySchema();
    await first.writeBatch(contractFixture());
    const before = await first.stats();
    await first.close();
    const second = await openStore(dir);
    expect(await second.stats()).toEqual(before);
    expect((await second.getEntity("ada"))?.properties["name"]).toBe("Ada Park");
  });

  it("refuses a second handle on the same directory in this process", async () => {
    const dir = tempDir();
    await openStore(dir);
    const error = await openEmbeddedGraphStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphStoreError);
    expect((error as GraphStoreError).code).toBe("STORE_LOCKED");
    expect((error as GraphStoreError).message).toContain(dir);
  });

  it("tells a second process that the directory is in use, naming it", async () => {
    const dir = tempDir();
    await openStore(dir);
    const script = `
      import { openEmbeddedGraphStore } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/embedded/index.ts"))};
      try { await openEmbeddedGraphStore({ dataDir: ${JSON.stringify(dir)} }); console.log("opened"); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
    `;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", cwd: import.meta.dirname });
    const answer = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as { code?: string; message?: string };
    expect(answer.code).toBe("STORE_LOCKED");
    expect(answer.message).toContain(dir);
    expect(answer.message).toContain("in use by another process");
  });

  it("stops a runaway query at its timeout, and the next query answers", async () => {
    const store = await openStore(tempDir());
    await store.applySchema();
    const started = Date.now();
    const error = await store
      .runReadQuery("UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN sum(x + y)", {}, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect((error as GraphStoreError).code).toBe("QUERY_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(5000);
    const next = await store.runReadQuery("RETURN 1 AS one");
    expect(next.rows).toEqual([[1]]);
  });

  it("refuses parameter shapes Kùzu would mangle, naming the parameter", async () => {
    const store = await openStore(tempDir());
    await store.applySchema();
    for (const [params, field] of [
      [{ ids: [] }, "$ids"],
      [{ xs: [1, 1.5] }, "$xs"],
      [{ rows: [{ a: 1 }, { a: 2.5 }] }, "$rows[*].a"],
    ] as const) {
      const error = (await store.runReadQuery("RETURN 1", params).catch((e: unknown) => e)) as GraphStoreError;
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.location?.field).toBe(field);
    }
  });

  it("refuses a UNION that would crash Kùzu, naming the spot, and runs the same question written safely", async () => {
    const store = await openStore(tempDir());
    await store.applySchema();
    await store.writeBatch(contractFixture());
    const crashing =
      "RETURN 1.0 AS low, 2.0 AS high\nUNION ALL MATCH (p:Policy {id: 'rule-2025'}) RETURN p.revenueSharePercent AS low, p.revenueSharePercent AS high";
    const error = (await store.runReadQuery(crashing).catch((e: unknown) => e)) as GraphStoreError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.location).toEqual({ line: 2, column: 83 });
    const safe = await store.runReadQuery(
      "RETURN 1.0 AS low, 2.0 AS high UNION ALL MATCH (p:Policy {id: 'rule-2025'}) RETURN p.revenueSharePercent AS low, p.revenueSharePercent + 0 AS high",
    );
    // UNION ALL keeps no order between its parts.
    expect([...safe.rows].sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 2],
      [15, 15],
    ]);
  });

  it("stores fractional and whole figures side by side without mixing them up", async () => {
    const store = await openStore(tempDir());
    await store.applySchema();
    const batch = contractFixture();
    await store.writeBatch({
      entities: [
        ...batch.entities,
        { type: "Event", id: "e-whole", properties: { name: "Whole", amount: 15 } },
        { type: "Event", id: "e-frac", properties: { name: "Fraction", amount: 2.5, aliases: [] } },
      ],
      relationships: [],
    });
    const [whole, frac] = await store.getEntities(["e-whole", "e-frac"]);
    expect(whole?.properties["amount"]).toBe(15);
    expect(frac?.properties["amount"]).toBe(2.5);
    expect(frac?.properties["aliases"]).toEqual([]);
  });
});
