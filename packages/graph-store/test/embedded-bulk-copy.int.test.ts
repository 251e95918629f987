import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EntityRecord, RelationshipRecord } from "@kgx/domain";
import { afterEach, describe, expect, it } from "vitest";
import { removeStaleStagingDirs } from "../src/embedded/bulk-copy.ts";
import { openEmbeddedGraphStore } from "../src/embedded/index.ts";
import type { GraphBatch, GraphStore } from "../src/port.ts";

/**
 * A large write into an empty embedded store goes through COPY FROM (bulk-copy.ts). It must store
 * exactly what the row-by-row path stores, stay all or nothing, and step aside for values CSV
 * cannot carry.
 */
function largeBatch(size: number, extra: Partial<Record<string, unknown>> = {}): GraphBatch {
  const entities: EntityRecord[] = [{ type: "Source", id: "src-bulk", properties: { name: "Bulk source", publishedAt: "2025-07-01", language: "ja" } }];
  const relationships: RelationshipRecord[] = [];
  for (let i = 0; i < size; i++) {
    entities.push({
      type: "Organization",
      id: `org-${i}`,
      properties: { name: `Org, "number" ${i}`, nameJa: `組織${i}`, aliases: [`O${i}`, `組織 ${i}`], country: "JP", ...extra },
    });
    entities.push({ type: "Event", id: `event-${i}`, properties: { name: `Order ${i}`, date: "2025-08-10", amount: i + 0.5 } });
    if (i > 0) {
      relationships.push({
        type: "COMPETES_WITH",
        id: `org-${i}-competes`,
        from: `org-${i}`,
        to: `org-${i - 1}`,
        properties: { sources: ["src-bulk"], claim: "They compete." },
      });
    }
    relationships.push({
      type: "INVOLVES",
      id: `event-${i}-involves`,
      from: `event-${i}`,
      to: `org-${i}`,
      properties: { sources: ["src-bulk"], role: "buyer", validFrom: "2025-08-10" },
    });
  }
  return { entities, relationships };
}

/** The same batch in pieces too small for the bulk path, entities first. */
async function writeRowByRow(store: GraphStore, batch: GraphBatch): Promise<void> {
  for (let i = 0; i < batch.entities.length; i += 900) await store.writeBatch({ entities: batch.entities.slice(i, i + 900), relationships: [] });
  for (let i = 0; i < batch.relationships.length; i += 900) await store.writeBatch({ entities: [], relationships: batch.relationships.slice(i, i + 900) });
}

describe("embedded store: bulk write into an empty store", () => {
  const dirs: string[] = [];
  const open: GraphStore[] = [];

  async function emptyStore(): Promise<GraphStore> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-bulkcopy-test-"));
    dirs.push(dir);
    const store = await openEmbeddedGraphStore({ dataDir: dir });
    open.push(store);
    await store.applySchema();
    return store;
  }

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stores exactly what the row-by-row path stores", async () => {
    const batch = largeBatch(600);
    const bulk = await emptyStore();
    const progress: number[] = [];
    await bulk.writeBatch(batch, { onProgress: ({ done }) => progress.push(done) });
    const rows = await emptyStore();
    await writeRowByRow(rows, batch);
    expect(await bulk.exportAll()).toEqual(await rows.exportAll());
    expect(progress.at(-1)).toBe(batch.entities.length + batch.relationships.length);
    expect((await bulk.search("組織 12", { limit: 1 }))[0]?.node.id).toBe("org-12");
    expect((await bulk.neighborhood("org-5")).totalNeighbors).toBe(3);
  });

  it("writes nothing when the write is cancelled part way", async () => {
    const store = await emptyStore();
    const cancel = new AbortController();
    const error = await store
      .writeBatch(largeBatch(600), { signal: cancel.signal, onProgress: ({ done }) => (done > 0 ? cancel.abort() : undefined) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CANCELLED" });
    expect(await store.stats()).toMatchObject({ entities: 0, relationships: 0 });
  });

  it("leaves the store empty when the process is killed (kill -9) between two COPY statements", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-bulkcopy-kill-"));
    dirs.push(dir);
    // The child freezes inside the write transaction after the first COPY has run, so the kill
    // lands there every time rather than by luck of timing.
    const batchFile = path.join(dir, "batch.json");
    fs.writeFileSync(batchFile, JSON.stringify(largeBatch(600)));
    const script = `
      import fs from "node:fs";
      import { openEmbeddedGraphStore } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/embedded/index.ts"))};
      const store = await openEmbeddedGraphStore({ dataDir: ${JSON.stringify(path.join(dir, "store"))} });
      await store.applySchema();
      const batch = JSON.parse(fs.readFileSync(${JSON.stringify(batchFile)}, "utf8"));
      await store.writeBatch(batch, { onProgress: ({ done }) => {
        process.stdout.write("copied " + done + "\\n");
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
      } });
      process.stdout.write("committed\\n");
    `;
    const staging = () => new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("kgx-bulk-")));
    const stagingBefore = staging();
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: import.meta.dirname });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("copied")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`child ended (exit ${code}) before its first COPY: ${output}`)));
    });
    // The bulk path is the one running: it has staged its CSV files.
    const staged = [...staging()].filter((name) => !stagingBefore.has(name));
    expect(staged.length).toBeGreaterThan(0);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(output).not.toContain("committed");
    // A killed process cannot remove its staging files; they sit in the OS temp directory until
    // the next bulk import, which removes the directories of processes that no longer run.
    for (const name of staged) expect(fs.existsSync(path.join(os.tmpdir(), name))).toBe(true);
    const store = await openEmbeddedGraphStore({ dataDir: path.join(dir, "store") });
    open.push(store);
    expect(await store.stats()).toMatchObject({ entities: 0, relationships: 0 });
    await store.writeBatch(largeBatch(600));
    expect((await store.stats()).entities).toBe(1201);
    for (const name of staged) expect(fs.existsSync(path.join(os.tmpdir(), name)), name).toBe(false);
  });

  it("removes only staging directories of processes that have ended", async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-staging-parent-"));
    dirs.push(parent);
    const ended = spawn(process.execPath, ["-e", ""]);
    const endedPid = ended.pid as number;
    await new Promise((resolve) => ended.once("exit", resolve));
    const names = {
      ended: `kgx-bulk-${endedPid}-aB3dE9`,
      running: `kgx-bulk-${process.ppid}-Zx81Qq`,
      mine: `kgx-bulk-${process.pid}-Qw12Er`,
      unrelated: "kgx-bulk-notapid",
      other: `other-${endedPid}-dir`,
    };
    for (const name of Object.values(names)) {
      fs.mkdirSync(path.join(parent, name));
      fs.writeFileSync(path.join(parent, name, "0-Person.csv"), "a,b\n");
    }
    expect(removeStaleStagingDirs(parent)).toEqual([names.ended]);
    expect(fs.readdirSync(parent).sort()).toEqual([names.mine, names.other, names.running, names.unrelated].sort());
  });

  it("falls back to the row path for values CSV cannot carry, with the same result", async () => {
    const batch = largeBatch(600, { aliases: ["a, b", "[x]"], description: "" });
    const store = await emptyStore();
    await store.writeBatch(batch);
    expect((await store.getEntity("org-1"))?.properties).toMatchObject({ aliases: ["a, b", "[x]"], description: "" });
  });

  it("upserts into a store that already has data, as before", async () => {
    const store = await emptyStore();
    const batch = largeBatch(600);
    await store.writeBatch(batch);
    await store.writeBatch(batch);
    expect(await store.stats()).toMatchObject({ entities: batch.entities.length, relationships: batch.relationships.length });
  });
});
