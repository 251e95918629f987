import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { graphReady, onBackends, useE2e } from "./support/e2e-fixture.ts";

/**
 * A layout that stays put, the view's history in Back and Forward, fading under both renderers
 * and names in English or Japanese, in a real Chromium against the app's build and a real
 * API: once on the embedded store and once on a real Neo4j, with the same steps and checks.
 */

const START = "/?focus=howard-lutnick&expand=howard-lutnick";
const PILE_UP = "/?focus=nvidia&expand=nvidia&path=donald-trump,huawei";

type Positions = Record<string, { x: number; y: number }>;

onBackends("Layout, history, fading and names", ["embedded", "neo4j"], (backend) => {
  describe(`layout, history, fading and names (${backend})`, () => {
    const e2e = useE2e({ suite: "layout-language", backend, pageTimeoutMs: 30_000 });
    const newPage = e2e.newPage;
    const shot = e2e.screenshot;

    /** Waits until the view's answers are in and the drawing's layout has finished. */
    async function settled(page: Page, minNodes = 1): Promise<void> {
      await graphReady(page, minNodes);
      await page.waitForFunction(() => document.querySelector(".graph-canvas")?.getAttribute("data-layout") === "done");
      // The positions reach the address in the render after the layout.
      await page.waitForFunction(() => new URLSearchParams(window.location.search).has("pos"));
    }

    async function open(page: Page, address: string, minNodes = 1): Promise<void> {
      await page.goto(e2e.url(address));
      await settled(page, minNodes);
    }

    const positions = (page: Page): Promise<Positions> =>
      page.evaluate(() => {
        const out: Record<string, { x: number; y: number }> = {};
        for (const id of window.kgxGraph?.nodeIds() ?? []) {
          const p = window.kgxGraph?.modelPosition(id);
          // + 0 turns a -0 from rounding into 0, which toEqual tells apart.
          if (p) out[id] = { x: p.x + 0, y: p.y + 0 };
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

    /**
     * The elements under `selector` whose text is cut off (ending in an ellipsis), and those of
     * them without a tooltip that holds the whole text.
     */
    const cutNames = (page: Page, selector: string) =>
      page.evaluate((sel) => {
        const cut = [...document.querySelectorAll<HTMLElement>(sel)].filter((el) => el.scrollWidth > el.clientWidth + 1);
        const untitled = cut.filter((el) => !(el.closest("[title]")?.getAttribute("title") ?? "").includes((el.textContent ?? "").trim()));
        return { cut: cut.map((el) => (el.textContent ?? "").trim()), untitled: untitled.map((el) => (el.textContent ?? "").trim()) };
      }, selector);

    /** Ids an entity's "In view" list can expand that are not expanded yet, in list order. */
    const expandable = async (page: Page) => {
      await tab(page, "In view");
      await page.locator(".in-view li").first().waitFor();
      return page.evaluate(() =>
        [...document.querySelectorAll(".in-view li")].filter((li) => li.querySelector("button.small")).map((li) => li.getAttribute("data-id") as string),
      );
    };

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
      await shot(page, "after-expand-and-hide");

      await tab(page, "Filters");
      await page.locator(".hidden-nodes li").filter({ hasText: /Show/ }).getByRole("button", { name: "Show" }).click();
      await page.waitForFunction((id) => window.kgxGraph?.nodeIds().includes(id) ?? false, hidden);
      expect(await positions(page)).toEqual(beforeHide);
      expect(await page.evaluate(() => window.kgxGraph?.layoutRuns())).toEqual({ full: 1, incremental: 3 });
    });

    it("reopens a copied link with the same positions and zoom, and ignores garbled positions", async () => {
      const page = await newPage();
      await open(page, START, 2);
      const [first] = await expandable(page);
      await expandFromList(page, first!);
      const address = await page.evaluate(() => window.location.href);
      expect(address).toMatch(/[?&]pos=[0-9a-z.,-]+/);
      const drawn = await positions(page);
      const zoom = await page.evaluate(() => new URLSearchParams(window.location.search).get("vp"));

      const again = await newPage();
      await again.goto(address);
      await settled(again, Object.keys(drawn).length);
      expect(await positions(again)).toEqual(drawn);
      await shot(again, "shared-link-reopened");
      expect(await again.evaluate(() => window.kgxGraph?.layoutRuns())).toEqual({ full: 0, incremental: 0 });
      expect(await again.evaluate(() => new URLSearchParams(window.location.search).get("vp"))).toBe(zoom);

      const garbled = await newPage();
      const errors: string[] = [];
      garbled.on("pageerror", (error) => errors.push(error.message));
      await garbled.goto(e2e.url(`${START}&pos=%E2%9C%93zz,!!,abcdef1.2.3,${"q".repeat(3000)}&vp=NaN,x,1`));
      await settled(garbled, 2);
      expect(errors).toEqual([]);
      expect(await overlaps(garbled)).toEqual([]);
    });

    it("walks the view's history with Back and Forward, positions included, never leaving the app, and undo still works", async () => {
      const page = await newPage();
      await open(page, START, 2);
      const start = await positions(page);
      await expandFromList(page, (await expandable(page))[0]!);
      const expanded = await positions(page);
      expect(Object.keys(expanded).length).toBeGreaterThan(Object.keys(start).length);

      // Another entity, opened from the search: a step of its own.
      const search = page.getByRole("searchbox", { name: "Search entities" });
      await search.fill("Huawei");
      await page.getByRole("option").filter({ hasText: "Organization" }).filter({ hasText: "Huawei" }).click();
      await page.waitForFunction(() => window.kgxGraph?.nodeIds().includes("huawei") ?? false);
      await settled(page);
      const opened = await positions(page);
      expect(page.url()).toContain("sel=huawei");

      const inApp = () => expect(new URL(page.url()).origin).toBe(new URL(e2e.web.url).origin);
      const showing = (n: number) => page.waitForFunction((count) => window.kgxGraph?.nodeIds().length === count, n);
      await page.goBack();
      await showing(Object.keys(expanded).length);
      inApp();
      expect(await positions(page)).toEqual(expanded);
      expect(page.url()).not.toContain("sel=huawei");

      await page.goBack();
      await showing(Object.keys(start).length);
      inApp();
      expect(await positions(page)).toEqual(start);

      await page.goForward();
      await showing(Object.keys(expanded).length);
      expect(await positions(page)).toEqual(expanded);
      await page.goForward();
      await showing(Object.keys(opened).length);
      inApp();
      expect(await positions(page)).toEqual(opened);
      expect(page.url()).toContain("sel=huawei");

      // Undo steps back from what Forward brought, to the view before it.
      await page.getByRole("button", { name: "Undo" }).click();
      await showing(Object.keys(expanded).length);
      expect(await positions(page)).toEqual(expanded);
    });

    it("shows the reproduced pile-up without overlapping nodes: filters off, the path found again, filters on", async () => {
      const page = await newPage();
      await open(page, PILE_UP, 20);
      const drawn = await positions(page);
      await tab(page, "Filters");
      const entityTypes = page.locator("fieldset").filter({ hasText: "Entity types" });
      const relationshipTypes = page.locator("fieldset").filter({ hasText: "Relationship types" });
      await entityTypes
        .locator("label", { hasText: /^Source/ })
        .locator("input")
        .uncheck();
      await relationshipTypes
        .locator("label", { hasText: /^MENTIONS/ })
        .locator("input")
        .uncheck();
      await tab(page, "Path");
      await page.getByRole("button", { name: "Find path" }).click();
      await settled(page);
      await tab(page, "Filters");
      await entityTypes
        .locator("label", { hasText: /^Source/ })
        .locator("input")
        .check();
      await relationshipTypes
        .locator("label", { hasText: /^MENTIONS/ })
        .locator("input")
        .check();
      await page.waitForFunction((n) => (window.kgxGraph?.nodeIds().length ?? 0) >= n, Object.keys(drawn).length);
      await settled(page);
      await shot(page, "pile-up-repro");
      expectUnmoved(drawn, await positions(page), "filtering and finding the path again");
      expect(await overlaps(page)).toEqual([]);
    });

    it("switches names to Japanese and to both on the canvas, the lists, the timeline and the path, and keeps the choice", async () => {
      const page = await newPage();
      await open(page, START, 2);
      await page.getByLabel("Names in").selectOption("ja");
      await page.waitForFunction(() => /[\u3040-\u30ff]/.test(window.kgxGraph?.label("howard-lutnick") ?? ""));
      expect(await page.evaluate(() => window.kgxGraph?.label("howard-lutnick"))).toBe("ハワード・ルトニック");
      expect(page.url()).toContain("lang=ja");
      await tab(page, "In view");
      const lutnick = page.locator('.in-view li[data-id="howard-lutnick"] .link-button');
      await expect.poll(() => lutnick.textContent()).toContain("ハワード・ルトニック");
      expect(await lutnick.getAttribute("title")).toBe("Howard Lutnick / ハワード・ルトニック");
      // Picked in the list, its details are headed by the Japanese name.
      await lutnick.click();
      await expect.poll(() => page.locator(".details-head h2").textContent()).toBe("ハワード・ルトニック");
      await tab(page, "Time");
      await expect
        .poll(() =>
          page
            .locator(".timeline .timeline-name")
            .allTextContents()
            .then((t) => t.some((x) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(x))),
        )
        .toBe(true);

      await page.getByLabel("Names in").selectOption("both");
      await page.waitForFunction(() => window.kgxGraph?.label("howard-lutnick") === "Howard Lutnick\nハワード・ルトニック");
      expect(page.url()).toContain("lang=both");
      // Names in both languages are too long for the lists: each one cut short has a tooltip with all of it.
      const timelineNames = await cutNames(page, ".timeline .timeline-name");
      expect(timelineNames.cut.length, "names cut short in the timeline").toBeGreaterThan(0);
      expect(timelineNames.untitled).toEqual([]);
      await tab(page, "In view");
      await page.locator(".in-view li").first().waitFor();
      const inViewNames = await cutNames(page, ".in-view .link-button");
      expect(inViewNames.cut.length, "names cut short in the In view list").toBeGreaterThan(0);
      expect(inViewNames.untitled).toEqual([]);

      // A link without a language gets the reader's last choice: the path is named in both.
      await open(page, "/?focus=donald-trump,huawei&path=donald-trump,huawei", 3);
      expect(await page.evaluate(() => window.kgxGraph?.label("donald-trump"))).toBe("Donald Trump\nドナルド・トランプ");
      await tab(page, "Path");
      const steps = page.getByRole("list", { name: "Path" }).locator("li > button");
      await expect.poll(() => steps.count()).toBeGreaterThanOrEqual(3);
      expect(await steps.first().textContent()).toContain("Donald Trump / ドナルド・トランプ");
      expect(await steps.last().textContent()).toContain("Huawei / ファーウェイ");
      const routes = page.getByRole("list", { name: "Routes to choose from" }).locator(".path-summary-name");
      expect(await routes.first().textContent()).toBe("Donald Trump / ドナルド・トランプ");
      expect((await cutNames(page, ".path-steps .link-button")).untitled).toEqual([]);
      await shot(page, "language-both");

      const search = page.getByRole("searchbox", { name: "Search entities" });
      await search.fill("nvidia");
      await page.getByRole("option").first().waitFor();
      expect((await cutNames(page, ".suggestions .suggestion-name, .suggestions .suggestion-ja")).untitled).toEqual([]);
      await search.press("Enter");
      await page.getByRole("region", { name: "Search results" }).waitFor();
      expect((await cutNames(page, ".results .result-name, .results .ja")).untitled).toEqual([]);

      const later = await page.context().newPage();
      await later.goto(e2e.url(START));
      await settled(later, 2);
      expect(await later.evaluate(() => window.kgxGraph?.label("howard-lutnick"))).toBe("Howard Lutnick\nハワード・ルトニック");
      await later.getByLabel("Names in").selectOption("en");
      await later.waitForFunction(() => window.kgxGraph?.label("howard-lutnick") === "Howard Lutnick");
      expect(later.url()).not.toContain("lang=");
    });

    // What is drawn under hover and fading depends on the renderer, not on the store: these
    // pixel checks run once, on the embedded store.
    for (const webgl of backend === "embedded" ? [true, false] : []) {
      // Flaky on a busy machine (the pointer sometimes reaches the canvas before the node under it
      // is hit-testable, so no hover starts): run where it is watched, not in CI, until that is found.
      it.skipIf(process.env["CI"] === "true")(
        `dims what a hovered node is not joined to, every shape alike, with the ${webgl ? "WebGL" : "canvas"} renderer`,
        async () => {
          const page = await newPage({ webgl });
          await open(page, "/?focus=nvidia&expand=nvidia", 20);
          expect(await page.evaluate(() => window.kgxGraph?.renderer)).toBe(webgl ? "webgl" : "canvas");
          const shapes = await page.evaluate(() => {
            const g = window.kgxGraph!;
            const out: Record<string, string> = {};
            for (const id of g.nodeIds()) {
              const shape = g.nodeStyle(id, "shape") ?? "";
              if (id !== "nvidia" && !["rectangle", "round-rectangle", "ellipse"].includes(shape)) out[shape] ??= id;
            }
            return out;
          });
          expect(Object.keys(shapes).length, JSON.stringify(shapes)).toBeGreaterThanOrEqual(2);
          for (const [shape, id] of Object.entries(shapes)) {
            const before = await centrePixel(page, id);
            // Hover a node on screen that is not joined to this one: this one is dimmed.
            const other = await page.evaluate((nodeId) => {
              const g = window.kgxGraph!;
              const box = document.querySelector(".graph-canvas")!.getBoundingClientRect();
              const near = new Set([nodeId, ...g.neighbourIds(nodeId)]);
              const boxes = g.nodeBoxes();
              const here = g.clientPosition(nodeId)!;
              return (
                g
                  .nodeIds()
                  .filter((n) => !near.has(n))
                  .map((n) => ({ n, p: g.clientPosition(n)!, m: g.modelPosition(n)! }))
                  .filter(
                    ({ p }) =>
                      p.x > box.left + 20 && p.x < box.right - 20 && p.y > box.top + 20 && p.y < box.bottom - 20 && Math.hypot(p.x - here.x, p.y - here.y) > 40,
                  )
                  // Best a node whose centre is surely its own: a square, round or rounded one (a vee or
                  // a tag may not cover its centre) that no other node is drawn over; then the nearest.
                  .map((c) => ({
                    ...c,
                    unsure:
                      (["rectangle", "round-rectangle", "ellipse"].includes(g.nodeStyle(c.n, "shape") ?? "") ? 0 : 1) +
                      (boxes.some((b) => b.id !== c.n && c.m.x >= b.x1 && c.m.x <= b.x2 && c.m.y >= b.y1 && c.m.y <= b.y2) ? 2 : 0),
                  }))
                  .sort((a, b) => a.unsure - b.unsure || Math.hypot(a.p.x - here.x, a.p.y - here.y) - Math.hypot(b.p.x - here.x, b.p.y - here.y))[0]
              );
            }, id);
            expect(other, `a node on screen not joined to ${id}`).toBeDefined();
            await page.mouse.move(other!.p.x, other!.p.y);
            await page
              .waitForFunction((nodeId) => window.kgxGraph!.hoverFadedIds().includes(nodeId), id, { timeout: 10_000 })
              .catch(async (error: unknown) => {
                const under = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.className, other!.p);
                const dimmed = await page.evaluate(() => window.kgxGraph!.hoverFadedIds().length);
                throw new Error(
                  `hovering ${other!.n} at ${other!.p.x},${other!.p.y} (under the pointer: ${under}; ${dimmed} nodes dimmed) did not dim ${id}: ${String(error)}`,
                );
              });
            // Drawn dimmed (within a few frames), and still so once the zoom and pan have reached the view.
            let dimmed = before;
            const lightest = async () => Math.min(...(dimmed = await centrePixel(page, id, false)));
            const drawnDimmed = async (timeout: number) =>
              expect.poll(lightest, { timeout, message: `${shape} node ${id} under hover: ${before} → ${dimmed}` }).toBeGreaterThan(Math.min(...before) + 60);
            // Cytoscape's WebGL renderer was seen (about 1 run in 6) to keep a node's old image after
            // its style changed until the next redraw; a pointer that moves on the node brings one.
            // The classes are checked above; the nudge is only allowed under WebGL.
            await drawnDimmed(3000).catch(async (error: unknown) => {
              if (!webgl) throw error;
              await page.mouse.move(other!.p.x + 1, other!.p.y + 1);
              await drawnDimmed(3000);
            });
            await page.waitForTimeout(600);
            expect(await page.evaluate((nodeId) => window.kgxGraph!.hoverFadedIds().includes(nodeId), id)).toBe(true);
            expect(await lightest(), `${shape} node ${id} still under hover: ${before} → ${dimmed}`).toBeGreaterThan(Math.min(...before) + 60);
            await page.mouse.move(1, 1);
            await page.waitForFunction(() => window.kgxGraph!.hoverFadedIds().length === 0);
          }
        },
      );

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
});

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
