import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CspViolations, launchChromium, type TestBrowser } from "./support/browser.ts";
import { ensureTestBuild, freePort, startApi, startWeb, tempStoreDir, type ServerProcess } from "./support/servers.ts";

/**
 * A layout that stays put, the view's history in Back and Forward, fading under both renderers
 * and names in English or Japanese, in a real Chromium against the production build and a real
 * API: once on the embedded store and once on a real Neo4j, with the same steps and checks.
 */

const SHOTS = process.env["KGX_SHOTS_DIR"];
const START = "/?focus=howard-lutnick&expand=howard-lutnick";
const PILE_UP = "/?focus=nvidia&expand=nvidia&path=donald-trump,huawei";

type Positions = Record<string, { x: number; y: number }>;

interface Servers {
  readonly web: ServerProcess;
  stop(): Promise<void>;
}

function defineSuite(backend: string, startServers: () => Promise<Servers>): void {
  describe(`layout, history, fading and names (${backend})`, () => {
    let chromium: TestBrowser;
    let servers: Servers;
    const contexts: BrowserContext[] = [];
    const cspViolations = new CspViolations();

    beforeAll(async () => {
      chromium = await launchChromium();
      await ensureTestBuild();
      servers = await startServers();
    }, 300_000);

    afterEach(() => {
      expect(cspViolations.take(), "Content-Security-Policy violations").toEqual([]);
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await chromium?.close();
      await servers?.stop();
    }, 60_000);

    async function newPage(options: { webgl?: boolean } = {}): Promise<Page> {
      const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      await cspViolations.watch(context);
      if (options.webgl === false) {
        // A browser without WebGL2: the explorer's probe is refused, so it draws with the canvas renderer.
        await context.addInitScript(() => {
          const original = HTMLCanvasElement.prototype.getContext;
          HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
            if (kind === "webgl2" || kind === "webgl") return null;
            return (original as (...args: unknown[]) => unknown).call(this, kind, ...rest);
          } as typeof original;
        });
      }
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      return page;
    }

    async function shot(page: Page, name: string): Promise<void> {
      if (!SHOTS) return;
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `C-${backend}-${name}.png`) });
    }

    /** Waits until the view's answers are in and the drawing's layout has finished. */
    async function settled(page: Page, minNodes = 1): Promise<void> {
      await page.waitForFunction((min) => (window.kgxGraph?.nodeIds().length ?? 0) >= min, minNodes);
      await page.waitForFunction(() => !document.querySelector(".status")?.textContent?.includes("Loading"));
      await page.waitForFunction(() => document.querySelector(".graph-canvas")?.getAttribute("data-layout") === "done");
      // The positions reach the address in the render after the layout.
      await page.waitForFunction(() => new URLSearchParams(window.location.search).has("pos"));
    }

    async function open(page: Page, address: string, minNodes = 1): Promise<void> {
      await page.goto(`${servers.web.url}${address}`);
      await settled(page, minNodes);
    }

    const positions = (page: Page): Promise<Positions> =>
      page.evaluate(() => {
        const out: Record<string, { x: number; y: number }> = {};
        for (const id of window.kgxGraph?.nodeIds() ?? []) {
          const p = window.kgxGraph?.modelPosition(id);
          if (p) out[id] = p;
        }
        return out;
      });

    const nodeCount = (page: Page) => page.evaluate(() => window.kgxGraph?.nodeIds().length ?? 0);

    async function tab(page: Page, name: string): Promise<void> {
      await page.getByRole("tab", { name }).click();
    }

    /** Expands an entity from the "In view" list, as a keyboard user would, and waits for the new nodes. */
    async function expandFromList(page: Page, id: string): Promise<void> {
      const before = await nodeCount(page);
      await tab(page, "In view");
      await page.locator(`.in-view li[data-id="${id}"] button.small`).click();
      await page.waitForFunction((n) => (window.kgxGraph?.nodeIds().length ?? 0) > n, before);
      await settled(page);
    }

    function expectUnmoved(before: Positions, after: Positions, what: string): void {
      const moved = Object.entries(before)
        .filter(([id]) => id in after)
        .filter(([id, p]) => after[id]!.x !== p.x || after[id]!.y !== p.y)
        .map(([id, p]) => `${id}: ${p.x},${p.y} → ${after[id]!.x},${after[id]!.y}`);
      expect(moved, `nodes moved by ${what}`).toEqual([]);
    }

    /** Pairs of nodes whose drawn bodies overlap. */
    const overlaps = (page: Page) =>
      page.evaluate(() => {
        const boxes = window.kgxGraph?.nodeBoxes() ?? [];
        const out: string[] = [];
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!;
            const b = boxes[j]!;
            if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push(`${a.id} × ${b.id}`);
          }
        return out;
      });

    /** Ids an entity's "In view" list can expand that are not expanded yet, in list order. */
    const expandable = (page: Page) => page.evaluate(() => [...document.querySelectorAll(".in-view li")].filter((li) => li.querySelector("button.small")).map((li) => li.getAttribute("data-id") as string));

    it("keeps every drawn node where it is through three expansions and a hide, and brings a hidden node back to its place", async () => {
      const page = await newPage();
      await open(page, START, 2);
      await shot(page, "before-expand");
      expect(await page.evaluate(() => window.kgxGraph?.layoutRuns())).toEqual({ full: 1, incremental: 0 });
      await tab(page, "In view");
      const candidates = (await expandable(page)).filter((id) => !id.startsWith("src-"));
      expect(candidates.length).toBeGreaterThanOrEqual(3);
      for (const id of candidates.slice(0, 3)) {
        const before = await positions(page);
        await expandFromList(page, id);
        expectUnmoved(before, await positions(page), `expanding ${id}`);
      }
      expect(await page.evaluate(() => window.kgxGraph?.layoutRuns())).toEqual({ full: 1, incremental: 3 });
      await shot(page, "after-expand");

      const beforeHide = await positions(page);
      const hidden = candidates[1]!;
      await tab(page, "In view");
      await page.locator(`.in-view li[data-id="${hidden}"] button.link-button`).click();
      await page.getByRole("button", { name: "Hide", exact: true }).click();
      await page.waitForFunction((id) => !window.kgxGraph?.nodeIds().includes(id), hidden);
      const afterHide = await positions(page);
      expect(afterHide).not.toHaveProperty(hidden);
      expectUnmoved(beforeHide, afterHide, "hiding a node");

      await tab(page, "Filters");
      await page.locator(".hidden-nodes li").filter({ hasText: /Show/ }).getByRole("button", { name: "Show" }).click();
      await page.waitForFunction((id) => window.kgxGraph?.nodeIds().includes(id) ?? false, hidden);
      expect(await positions(page)).toEqual(beforeHide);
      expect(await page.evaluate(() => window.kgxGraph?.layoutRuns())).toEqual({ full: 1, incremental: 3 });
    });

    it("shows the reproduced pile-up without overlapping nodes: filters off, the path found again, filters on", async () => {
      const page = await newPage();
      await open(page, PILE_UP, 20);
      const drawn = await positions(page);
      await tab(page, "Filters");
      const entityTypes = page.locator("fieldset").filter({ hasText: "Entity types" });
      const relationshipTypes = page.locator("fieldset").filter({ hasText: "Relationship types" });
      await entityTypes.locator("label", { hasText: /^Source/ }).locator("input").uncheck();
      await relationshipTypes.locator("label", { hasText: /^MENTIONS/ }).locator("input").uncheck();
      await tab(page, "Path");
      await page.getByRole("button", { name: "Find path" }).click();
      await settled(page);
      await tab(page, "Filters");
      await entityTypes.locator("label", { hasText: /^Source/ }).locator("input").check();
      await relationshipTypes.locator("label", { hasText: /^MENTIONS/ }).locator("input").check();
      await page.waitForFunction((n) => (window.kgxGraph?.nodeIds().length ?? 0) >= n, Object.keys(drawn).length);
      await settled(page);
      await shot(page, "pile-up-repro");
      expectUnmoved(drawn, await positions(page), "filtering and finding the path again");
      expect(await overlaps(page)).toEqual([]);
    });

    for (const webgl of [true, false]) {
      it(`fades nodes of every shape, not only squares, with the ${webgl ? "WebGL" : "canvas"} renderer`, async () => {
        const page = await newPage({ webgl });
        // Nvidia's neighbourhood has entities of most types; the range leaves most of them faded.
        await open(page, "/?focus=nvidia&expand=nvidia&from=2025-08-10&to=2025-08-12&fade=1", 20);
        expect(await page.evaluate(() => window.kgxGraph?.renderer)).toBe(webgl ? "webgl" : "canvas");
        // Zoomed in on each node in turn, so its centre is its own body and not a neighbour's.
        const samples = await page.evaluate(() => {
          const g = window.kgxGraph!;
          const faded = new Set(g.fadedIds());
          const byShape = new Map<string, { faded?: string; plain?: string }>();
          for (const id of g.nodeIds()) {
            const shape = g.nodeStyle(id, "shape") ?? "";
            const entry = byShape.get(shape) ?? {};
            if (faded.has(id)) entry.faded ??= id;
            else entry.plain ??= id;
            byShape.set(shape, entry);
          }
          return [...byShape].map(([shape, ids]) => ({ shape, ...ids }));
        });
        const nonSquare = samples.filter((s) => s.faded && !["rectangle", "round-rectangle", "ellipse"].includes(s.shape));
        expect(nonSquare.length, `faded nodes of non-square shapes in ${JSON.stringify(samples)}`).toBeGreaterThanOrEqual(2);
        for (const { shape, faded } of nonSquare) {
          const pixel = await centrePixel(page, faded!);
          const colour = await page.evaluate((id) => window.kgxGraph!.nodeStyle(id, "background-color"), faded!);
          // A faded node is mostly background: each channel near white, far from the type's own colour.
          const full = parseRgb(colour!);
          const distanceFromWhite = Math.max(...pixel.map((c) => 255 - c));
          const distanceFromFull = Math.max(...pixel.map((c, i) => Math.abs(c - full[i]!)));
          expect(distanceFromWhite, `${shape} node ${faded} drawn ${pixel} (type colour ${full})`).toBeLessThan(distanceFromFull);
        }
      });
    }
  });
}

function parseRgb(colour: string): number[] {
  const match = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(colour);
  if (!match) throw new Error(`not an rgb() colour: ${colour}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The colour drawn at a node's centre, read back from a screenshot decoded by the page itself. */
async function centrePixel(page: Page, id: string, centre = true): Promise<number[]> {
  if (centre) {
    await page.evaluate((nodeId) => window.kgxGraph?.centreOn?.(nodeId), id);
    await page.waitForTimeout(150);
  }
  const at = await page.evaluate((nodeId) => window.kgxGraph!.clientPosition(nodeId), id);
  const png = await page.screenshot({ clip: { x: Math.round(at!.x) - 1, y: Math.round(at!.y) - 1, width: 3, height: 3 } });
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const data = context.getImageData(1, 1, 1, 1).data;
    return [data[0]!, data[1]!, data[2]!];
  }, png.toString("base64"));
}

defineSuite("embedded", async () => {
  const store = tempStoreDir();
  const api = await startApi(store.dir, await freePort());
  const web = await startWeb(await freePort(), api.url);
  return {
    web,
    async stop() {
      await web.stop();
      await api.stop();
      store.remove();
    },
  };
});
