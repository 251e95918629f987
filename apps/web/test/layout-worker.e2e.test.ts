import type { BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CspViolations, launchChromium, type TestBrowser } from "./support/browser.ts";
import { SENTINEL_SECRETS, ensureTestBuild, freePort, startApi, startWeb, tempStoreDir, type ServerProcess } from "./support/servers.ts";

/**
 * A view big enough for the explorer to lay it out in a Web Worker (100+ nodes): the worker must
 * load under the page's Content-Security-Policy from the production build, and its positions must
 * reach the canvas. The shipped knowledge is smaller than that, so the test adds a hub of rivals
 * through the API's own mutations first.
 */

const HUB = "huawei";
const RIVALS = 140;

let chromium: TestBrowser;
let api: ServerProcess;
let web: ServerProcess;
let store: { dir: string; remove(): void };
const contexts: BrowserContext[] = [];
const cspViolations = new CspViolations();

async function mutate(query: string, variables: Record<string, unknown>): Promise<void> {
  const response = await fetch(api.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${SENTINEL_SECRETS.KGX_WRITE_TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`mutation failed: ${JSON.stringify(body.errors)}`);
}

beforeAll(async () => {
  chromium = await launchChromium();
  await ensureTestBuild();
  store = tempStoreDir();
  api = await startApi(store.dir, await freePort());
  web = await startWeb(await freePort(), api.url);
  const sources = (await (
    await fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: '{ search(query: "h20", types: [Source], first: 1) { id } }' }) })
  ).json()) as { data: { search: { id: string }[] } };
  const source = sources.data.search[0]?.id;
  expect(source).toBeDefined();
  for (let i = 0; i < RIVALS; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const id = `rival-${i + j}`;
        await mutate("mutation($input: EntityInput!) { upsertEntity(input: $input) { id } }", { input: { id, type: "Organization", name: `Rival ${i + j}` } });
        await mutate("mutation($input: RelationshipInput!) { upsertRelationship(input: $input) { id } }", { input: { type: "COMPETES_WITH", from: id, to: HUB, sources: [source] } });
      }),
    );
  }
});

afterEach(() => {
  expect(cspViolations.take(), "Content-Security-Policy violations").toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await chromium?.close();
  await web?.stop();
  await api?.stop();
  store?.remove();
});

describe("the fcose layout in a Web Worker", () => {
  it("lays out a view of 100+ nodes in a worker that loads under the CSP, and moves the nodes apart", async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    await cspViolations.watch(context);
    const page = await context.newPage();
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(worker.url()));
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning" || message.type() === "error") warnings.push(message.text());
    });

    await page.goto(`${web.url}/?focus=${HUB}&expand=${HUB}`);
    await page.waitForFunction(() => (window.kgxGraph?.nodeIds().length ?? 0) >= 100, undefined, { timeout: 30_000 });
    await page.waitForSelector('.graph-canvas[data-layout="done"]', { timeout: 120_000 });

    expect(workers.length, "a layout worker was started").toBeGreaterThan(0);
    expect(warnings.filter((w) => w.includes("Laying the graph out on the page instead")), warnings.join("\n")).toEqual([]);
    const positions = await page.evaluate(() => {
      const probe = window.kgxGraph;
      return (probe?.nodeIds() ?? []).map((id) => probe?.clientPosition(id)).filter((p): p is { x: number; y: number } => p !== null);
    });
    expect(positions.length).toBeGreaterThanOrEqual(100);
    // fcose spreads the nodes: no two share a spot (a failed or skipped layout would leave them on a grid or stacked).
    const spots = new Set(positions.map((p) => `${Math.round(p.x)}:${Math.round(p.y)}`));
    expect(spots.size).toBe(positions.length);
    const rows = new Set(positions.map((p) => Math.round(p.y / 4)));
    expect(rows.size, "positions are not a grid's few rows").toBeGreaterThan(20);
    await page.screenshot({ path: new URL("../test-artifacts/11-worker-layout-100-nodes.png", import.meta.url).pathname });
  });
});
