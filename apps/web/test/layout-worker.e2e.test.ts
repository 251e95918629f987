import { beforeAll, describe, expect, it } from "vitest";
import { useE2e } from "./support/e2e-fixture.ts";
import { SENTINEL_SECRETS } from "./support/servers.ts";

/**
 * A view big enough for the explorer to lay it out in a Web Worker (100+ nodes): the worker must
 * load under the page's Content-Security-Policy from the app's build, and its positions must
 * reach the canvas. The shipped knowledge is smaller than that, so the test adds a hub of rivals
 * through the API's own mutations first.
 */

const HUB = "huawei";
const RIVALS = 140;

const e2e = useE2e({ suite: "layout-worker" });

async function mutate(query: string, variables: Record<string, unknown>): Promise<void> {
  const body = await e2e.apiGraphql(query, variables, { authorization: `Bearer ${SENTINEL_SECRETS.KGX_WRITE_TOKEN}` });
  if (body.errors) throw new Error(`mutation failed: ${JSON.stringify(body.errors)}`);
}

beforeAll(async () => {
  const sources = await e2e.apiGraphql<{ search: { id: string }[] }>('{ search(query: "h20", types: [Source], first: 1) { id } }');
  const source = sources.data?.search[0]?.id;
  expect(source).toBeDefined();
  for (let i = 0; i < RIVALS; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const id = `rival-${i + j}`;
        await mutate("mutation($input: EntityInput!) { upsertEntity(input: $input) { id } }", { input: { id, type: "Organization", name: `Rival ${i + j}` } });
        await mutate("mutation($input: RelationshipInput!) { upsertRelationship(input: $input) { id } }", {
          input: { type: "COMPETES_WITH", from: id, to: HUB, sources: [source] },
        });
      }),
    );
  }
});

describe("the fcose layout in a Web Worker", () => {
  it("lays out a view of 100+ nodes in a worker that loads under the CSP, and moves the nodes apart", async () => {
    const page = await e2e.newPage();
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(worker.url()));
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning" || message.type() === "error") warnings.push(message.text());
    });

    await page.goto(e2e.url(`/?focus=${HUB}&expand=${HUB}`));
    await page.waitForFunction(() => (window.kgxGraph?.nodeIds().length ?? 0) >= 100, undefined, { timeout: 30_000 });
    await page.waitForSelector('.graph-canvas[data-layout="done"]', { timeout: 120_000 });

    expect(workers.length, "a layout worker was started").toBeGreaterThan(0);
    expect(
      warnings.filter((w) => w.includes("Laying the graph out on the page instead")),
      warnings.join("\n"),
    ).toEqual([]);
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
    await e2e.screenshot(page, "worker-layout-100-nodes");
  });
});
