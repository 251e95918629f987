import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { graphReady, nodeIds, useE2e } from "./support/e2e-fixture.ts";
import { openFromSearch, relationshipWith } from "./support/explorer-page.ts";

/**
 * The explorer in a real Chromium against the app's build and a real API on a fresh embedded
 * store, as a person would use it. Screenshots of the main states go to test-artifacts/explorer/.
 */

const RESUMPTION = "us-h20-resumption-licence-2025-07";

const e2e = useE2e({ suite: "explorer" });
const shot = e2e.screenshot;

describe("the explorer in Chromium", () => {
  it("loads Cytoscape only once there is something to draw", async () => {
    const page = await e2e.newPage();
    const scripts: string[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.url());
    });
    const bodies = async () => Promise.all(scripts.map(async (url) => (await fetch(url)).text()));
    // A warning only Cytoscape's own code carries (the benchmark's page-weight row looks for it too).
    const hasCytoscape = async () => (await bodies()).some((body) => body.includes("Cytoscape container has style position:static"));
    await page.goto(e2e.url(), { waitUntil: "networkidle" });
    await page.getByRole("searchbox", { name: "Search entities" }).waitFor();
    expect(await page.evaluate(() => window.kgxGraph)).toBeUndefined();
    expect(await hasCytoscape(), scripts.join("\n")).toBe(false);
    await page.getByRole("button", { name: "Nvidia", exact: true }).click();
    await graphReady(page, 1);
    expect(await hasCytoscape()).toBe(true);
  });

  it("suggests Nvidia for エヌビディア and lists results on Enter", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url());
    const search = page.getByRole("searchbox", { name: "Search entities" });
    await search.fill("エヌビディア");
    const suggestion = page.getByRole("option").filter({ hasText: "Nvidia" }).first();
    await expect(suggestion.textContent()).resolves.toContain("Nvidia");
    await shot(page, "01-search-suggestions");
    await search.press("Enter");
    const results = page.getByRole("region", { name: "Search results" });
    await results
      .getByRole("button", { name: /^Nvidia\b/ })
      .first()
      .waitFor();
    await results.getByRole("button").filter({ hasText: "Organization" }).first().click();
    await graphReady(page, 10);
    expect(await nodeIds(page)).toContain("jensen-huang");
    expect(page.url()).toContain("focus=nvidia");
  });

  it("shows Nvidia's details with Jensen Huang's relationship and the article behind it", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url());
    const details = await openFromSearch(page, "エヌビディア", "Organization", "Nvidia");
    await expect(details.textContent()).resolves.toContain("エヌビディア");
    const { relationship: leads, text } = await relationshipWith(details, "Jensen Huang");
    expect(text).toContain("CEO");
    expect(text).toContain("Nvidia、中国でのH20チップ販売再開の米国承認を獲得");
    expect(text).toContain("22 Jul 2025");
    const link = leads.getByRole("link", { name: /H20チップ販売再開/ });
    expect(await link.getAttribute("href")).toMatch(/^https:\/\/www\.cryptopolitan\.com\//);
    await graphReady(page, 10);
    await shot(page, "02-nvidia-details");
  });

  it("adds neighbours on double-click and removes them again on undo", async () => {
    const page = await e2e.newPage();
    await e2e.openView(page, "/?focus=nvidia&expand=nvidia&sel=nvidia", 10);
    const before = await nodeIds(page);
    expect(before).toContain("huawei");
    expect(before).not.toContain("smic");
    const at = await page.evaluate(() => window.kgxGraph?.clientPosition("huawei") ?? null);
    expect(at).not.toBeNull();
    // Hovering highlights the neighbourhood: Huawei's neighbours stay, the rest dims.
    await page.mouse.move(at!.x, at!.y);
    await page.waitForFunction(() => (window.kgxGraph?.hoverFadedIds().length ?? 0) > 0);
    const dimmed = await page.evaluate(() => window.kgxGraph?.hoverFadedIds() ?? []);
    expect(dimmed).not.toContain("nvidia");
    expect(dimmed).toContain("jensen-huang");
    // The whole name as the browser's tooltip, since canvas labels are cut short.
    expect(await page.locator(".graph-canvas, [aria-label^='Graph of']").first().getAttribute("title")).toBe("Huawei");
    await page.mouse.dblclick(at!.x, at!.y);
    await page.waitForFunction(() => window.kgxGraph?.nodeIds().includes("smic"));
    const after = await nodeIds(page);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(expect.arrayContaining(["smic", "ascend-910c", ...before]));
    await shot(page, "03-expanded-huawei");
    await page.getByRole("button", { name: "Undo" }).click();
    await page.waitForFunction(() => !window.kgxGraph?.nodeIds().includes("smic"));
    expect(await nodeIds(page)).toEqual(before);
  });

  it("hides the conditional resumption when the time range ends before July 2025", async () => {
    const page = await e2e.newPage();
    await e2e.openView(page, "/?focus=h20&expand=h20&sel=h20", 5);
    expect(await nodeIds(page)).toContain(RESUMPTION);
    await page.getByRole("tab", { name: "Time" }).click();
    await page.getByLabel("To", { exact: true }).fill("2025-06-30");
    await page.waitForFunction((id) => !window.kgxGraph?.nodeIds().includes(id), RESUMPTION);
    expect(page.url()).toContain("to=2025-06-30");
    // The timeline lists only what falls in the range, too.
    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline.textContent()).resolves.not.toContain("US conditional permission to resume H20 sales");
    await shot(page, "04-time-range-before-july");
    await page.getByLabel("Fade instead of hide").check();
    await page.waitForFunction((id) => window.kgxGraph?.fadedIds().includes(id), RESUMPTION);
  });

  it("rebuilds the same view from a shared URL in a fresh browser", async () => {
    const page = await e2e.newPage();
    await e2e.openView(page, "/?focus=nvidia&expand=nvidia&sel=nvidia", 10);
    const huawei = await page.evaluate(() => window.kgxGraph?.clientPosition("huawei") ?? null);
    await page.mouse.dblclick(huawei!.x, huawei!.y);
    await page.waitForFunction(() => window.kgxGraph?.nodeIds().includes("smic"));
    await page.getByRole("tab", { name: "Filters" }).click();
    await page.getByRole("checkbox", { name: /^Source/ }).uncheck();
    await page.waitForFunction(() => !window.kgxGraph?.nodeIds().some((id) => id.startsWith("src-")));
    await page.getByRole("tab", { name: "Time" }).click();
    await page.getByLabel("From", { exact: true }).fill("2025-04-01");
    await page.waitForFunction(() => window.location.search.includes("from=2025-04-01"));
    const shared = page.url();
    // The double-click selected Huawei as well; the shared view keeps that selection.
    expect(shared).toContain("sel=huawei");
    const view = await nodeIds(page);

    const fresh = await e2e.newPage();
    await fresh.goto(shared);
    await graphReady(fresh, view.length);
    expect(await nodeIds(fresh)).toEqual(view);
    await fresh.getByRole("region", { name: "Details" }).getByRole("heading", { name: "Huawei", exact: true }).waitFor();
    await fresh.getByRole("tab", { name: "Filters" }).click();
    expect(await fresh.getByRole("checkbox", { name: /^Source/ }).isChecked()).toBe(false);
    await fresh.getByRole("tab", { name: "Time" }).click();
    expect(await fresh.getByLabel("From", { exact: true }).inputValue()).toBe("2025-04-01");
    await shot(fresh, "05-shared-url-rebuilt");
  });

  it("draws and lists the shortest path from Howard Lutnick to Huawei", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url());
    await page.getByRole("tab", { name: "Path" }).click();
    await page.getByRole("searchbox", { name: "Path from" }).fill("Lutnick");
    await page.getByRole("option").filter({ hasText: "Howard Lutnick" }).filter({ hasText: "Person" }).click();
    await page.getByRole("searchbox", { name: "Path to" }).fill("Huawei");
    await page.getByRole("option").filter({ hasText: "Organization" }).filter({ hasText: "Huawei" }).click();
    await page.getByRole("button", { name: "Find path" }).click();
    const steps = page.getByRole("list", { name: "Path" }).getByRole("listitem");
    await steps.first().waitFor();
    await graphReady(page, 2);
    const names = await steps.allTextContents();
    expect(names[0]).toContain("Howard Lutnick");
    expect(names[names.length - 1]).toContain("Huawei");
    const drawn = await nodeIds(page);
    expect(drawn).toEqual(expect.arrayContaining(["howard-lutnick", "huawei"]));
    expect(page.url()).toContain("path=howard-lutnick,huawei");
    await shot(page, "06-path-lutnick-huawei");
  });

  it("finds Donald Trump → Huawei through what happened, not through an article that names both, unless asked; keeps From and To across tabs", async () => {
    const page = await e2e.newPage();
    await e2e.openView(page, "/?path=donald-trump,huawei", 2);
    await page.getByRole("tab", { name: "Path" }).click();
    const steps = page.getByRole("list", { name: "Path" });
    await steps.getByRole("listitem").first().waitFor();
    const strict = (await steps.textContent()) ?? "";
    expect(strict).not.toContain("MENTIONS");
    expect(await nodeIds(page)).not.toContain("src-blog-2025-08-china-h20-restriction");
    await expect.poll(() => page.getByText("From: Donald Trump").count()).toBe(1);
    await shot(page, "06b-path-trump-huawei-substantive");

    await page.getByRole("checkbox", { name: /Leave out co-mentions/ }).uncheck();
    await page.waitForFunction(() => document.querySelector("[aria-label='Path']")?.textContent?.includes("MENTIONS"));
    expect(page.url()).toContain("pathVia=articles");
    expect((await steps.getByRole("listitem").allTextContents()).length).toBe(3);

    // Another tab and back: the ends and the choice are still there.
    await page.getByRole("tab", { name: "Filters" }).click();
    await page.getByRole("tab", { name: "Path" }).click();
    expect(await page.getByText("From: Donald Trump").count()).toBe(1);
    expect(await page.getByText("To: Huawei").count()).toBe(1);
    expect(await page.getByRole("checkbox", { name: /Leave out co-mentions/ }).isChecked()).toBe(false);
  });

  it("expands one relationship type, hides a node, selects from the timeline and switches layout", async () => {
    const page = await e2e.newPage();
    await e2e.openView(page, "/?focus=huawei&sel=huawei", 1);
    const details = page.getByRole("region", { name: "Details" });
    await details.getByRole("button", { name: "Expand MAKES relationships" }).click();
    await page.waitForFunction(() => window.kgxGraph?.nodeIds().includes("ascend-910c"));
    expect((await nodeIds(page)).sort()).toEqual(["ascend-910c", "huawei", "huawei-ai-software"]);
    expect(page.url()).toContain("expand=huawei~MAKES");

    await page.getByRole("tab", { name: "In view" }).click();
    await page
      .getByRole("list", { name: "Entities in view" })
      .getByRole("button", { name: /^\s*Huawei AI software/ })
      .click();
    await details.getByRole("button", { name: "Hide", exact: true }).click();
    await page.waitForFunction(() => !window.kgxGraph?.nodeIds().includes("huawei-ai-software"));
    await page.keyboard.press("Control+z");
    await page.waitForFunction(() => window.kgxGraph?.nodeIds().includes("huawei-ai-software"));

    await page.getByRole("tab", { name: "Time" }).click();
    await page
      .getByRole("list", { name: "Timeline" })
      .getByRole("button", { name: /US conditional permission to resume H20 sales/ })
      .click();
    await page.waitForFunction(() => window.kgxGraph?.selectedId() === "us-h20-resumption-licence-2025-07");
    await details.getByRole("heading", { level: 2, name: /US conditional permission/ }).waitFor();
    await expect(details.textContent()).resolves.toContain("15%");

    await page.getByLabel("Layout").selectOption("concentric");
    await page.waitForFunction(() => window.location.search.includes("layout=concentric"));
    await shot(page, "08-type-expansion-timeline");
  });

  it("says 'showing N of M' when an expansion is capped, and loads more", async () => {
    const page = await e2e.newPage();
    // The cap is 100 by default; a view may carry a smaller one, which is how this graph gets capped.
    await e2e.openView(page, "/?focus=nvidia&expand=nvidia~~10&sel=nvidia", 11);
    const capBar = page.locator(".cap-bar");
    await expect(capBar.textContent()).resolves.toMatch(/Nvidia: showing 10 of 35 neighbours/);
    expect(await nodeIds(page)).toHaveLength(11);
    await capBar.getByRole("button", { name: "Load more" }).click();
    await page.waitForFunction(() => window.kgxGraph?.nodeIds().length === 36);
    await capBar.waitFor({ state: "detached" });
    expect(page.url()).toContain("expand=nvidia~~110");
  });

  it("exports the visible subgraph as JSON and the drawing as PNG", async () => {
    const page = await e2e.newPage({ acceptDownloads: true });
    await e2e.openView(page, "/?focus=huawei&expand=huawei", 5);
    const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
    const exported = JSON.parse(fs.readFileSync(await json.path(), "utf8")) as { nodes: { id: string }[]; edges: unknown[]; view: string };
    expect(exported.nodes.map((n) => n.id).sort()).toEqual(await nodeIds(page));
    expect(exported.view).toContain("focus=huawei");
    const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export PNG" }).click()]);
    const bytes = fs.readFileSync(await png.path());
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it("shows a friendly not-found with a search box for an unknown id", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url("/?focus=no-such-entity&sel=no-such-entity"));
    const notFound = page.getByRole("region", { name: "Not found" });
    await notFound.waitFor();
    await expect(notFound.textContent()).resolves.toContain("no-such-entity");
    await shot(page, "07-not-found");
    await notFound.getByRole("searchbox", { name: "Search for an entity" }).fill("huawei");
    await page.getByRole("option").filter({ hasText: "Organization" }).first().click();
    await graphReady(page, 5);
    await notFound.waitFor({ state: "detached" });
    expect(page.url()).not.toContain("no-such-entity");
    await shot(page, "07-not-found-then-search");
  });

  it("is reachable by keyboard with a visible focus and fits a 390-px-wide phone", async () => {
    const page = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await e2e.openView(page, "/?focus=nvidia&expand=nvidia&sel=nvidia", 10);
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { label: el.getAttribute("aria-label"), outline: getComputedStyle(el).outlineStyle };
    });
    expect(focused.label).toBe("Search entities");
    expect(focused.outline).not.toBe("none");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole("region", { name: "Details" }).getByRole("heading", { name: "Nvidia", exact: true }).waitFor();
    await shot(page, "09-phone-390");
  });

  it("keeps the page usable while the API is down, and recovers by itself without a reload or a click", async () => {
    const page = await e2e.newPage();
    await e2e.openView(page, "/?focus=nvidia&expand=nvidia&sel=nvidia", 10);
    // Gone after a reload; still there after recovery only if the page recovered in place.
    await page.evaluate(() => Object.assign(window, { kgxSamePage: "set before the API stopped" }));
    const drawnBefore = await nodeIds(page);
    await e2e.stopApi();
    await page.getByRole("searchbox", { name: "Search entities" }).fill("huawei");
    // Next.js keeps an empty role="alert" of its own (the route announcer); the banner is the one with text.
    const banner = page.getByRole("alert").filter({ hasText: "cannot be reached" });
    await banner.waitFor();
    await shot(page, "10-api-unreachable");

    // What is on screen stays usable: the details, the graph, which still zooms.
    await page.getByRole("region", { name: "Details" }).getByRole("heading", { name: "Nvidia", exact: true }).waitFor();
    expect(await nodeIds(page)).toEqual(drawnBefore);
    const before = await page.evaluate(() => window.kgxGraph?.clientPosition("huawei") ?? null);
    const area = await page.locator(".graph-area").boundingBox();
    await page.mouse.move(area!.x + area!.width / 2, area!.y + area!.height / 2);
    // Cytoscape drops a wheel event that lands while it treats the page as scrolling (the banner
    // appearing can cause that), so the gesture is repeated as a person would, a few times at most.
    let zoomed = false;
    for (let attempt = 0; attempt < 5 && !zoomed; attempt++) {
      await page.mouse.wheel(0, attempt % 2 === 0 ? -400 : 400);
      zoomed = await page
        .waitForFunction(
          (was) => {
            const now = window.kgxGraph?.clientPosition("huawei");
            return now !== null && now !== undefined && (Math.abs(now.x - was!.x) > 5 || Math.abs(now.y - was!.y) > 5);
          },
          before,
          { timeout: 2_000 },
        )
        .then(() => true)
        .catch(() => false);
    }
    expect(zoomed, "the graph zooms on the mouse wheel while the API is down").toBe(true);

    await e2e.startApi();
    // No click on Retry: the page notices the API is back, drops the banner and repeats the failed search.
    await banner.waitFor({ state: "detached", timeout: 30_000 });
    await page.getByRole("option").filter({ hasText: "Huawei" }).filter({ hasText: "Organization" }).first().click();
    await page.waitForFunction(() => window.location.search.includes("sel=huawei"));
    await page.getByRole("region", { name: "Details" }).getByRole("heading", { name: "Huawei", exact: true }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { kgxSamePage?: string }).kgxSamePage)).toBe("set before the API stopped");
  });

  it("opens with a banner while the API is down, and draws the view by itself once it is back", async () => {
    await e2e.stopApi();
    const page = await e2e.newPage();
    await page.goto(e2e.url("/?focus=nvidia&expand=nvidia&sel=nvidia"));
    const banner = page.getByRole("alert").filter({ hasText: "cannot be reached" });
    // A fresh load with the API down still shows the page and the banner, not a blank screen.
    await banner.waitFor();
    await page.getByRole("searchbox", { name: "Search entities" }).waitFor();
    await page.evaluate(() => Object.assign(window, { kgxSamePage: "set while the API was down" }));

    await e2e.startApi();
    await graphReady(page, 10);
    await banner.waitFor({ state: "detached" });
    expect(await page.evaluate(() => (window as unknown as { kgxSamePage?: string }).kgxSamePage)).toBe("set while the API was down");
  });
});
