import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { graphReady, onBackends, useE2e } from "./support/e2e-fixture.ts";

/**
 * Typo-tolerant search with "did you mean", and the path finder's ranked paths, in a real
 * Chromium against the app's build and a real API, once on the embedded store and once on
 * a real Neo4j server of this file's own. Screenshots go to test-artifacts/paths-search/.
 */

onBackends("Paths and search", ["embedded", "neo4j"], (backend) => {
  describe(`paths and typo-tolerant search in Chromium (${backend})`, () => {
    const e2e = useE2e({ suite: "paths-search", backend });
    const shot = e2e.screenshot;

    const options = (page: Page) => page.getByRole("listbox", { name: "Search entities: suggestions" }).getByRole("option");
    const routes = (page: Page) => page.getByRole("list", { name: "Routes to choose from" }).getByRole("button");

    it("finds Howard Lutnick from a typo, says nothing matches and offers him as “did you mean”, and opens him on a click", async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.url());
      const search = page.getByRole("searchbox", { name: "Search entities" });
      await search.fill("lutnik");
      const status = page.getByRole("status").filter({ hasText: "No entity matches “lutnik”" });
      await status.waitFor();
      expect(await status.textContent()).toContain("Did you mean Howard Lutnick");
      await options(page).filter({ hasText: "Howard Lutnick" }).first().waitFor();
      await shot(page, "did-you-mean");
      await status.getByRole("button", { name: "Howard Lutnick", exact: true }).click();
      await page.waitForURL(/focus=howard-lutnick/);
      await graphReady(page, 1);
    });

    it("finds Japanese names typed in hiragana, half-width kana or without the middle dot", async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.url());
      const search = page.getByRole("searchbox", { name: "Search entities" });
      for (const [typed, name] of [
        ["じぇんせん", "Jensen Huang"],
        ["ｴﾇﾋﾞﾃﾞｨｱ", "Nvidia"],
        ["ジェンセンフアン", "Jensen Huang"],
        ["nvdia", "Nvidia"],
        ["huawai", "Huawei"],
      ] as const) {
        await search.fill(typed);
        await expect.poll(async () => (await options(page).first().textContent()) ?? "").toContain(name);
      }
    });

    it("says so when nothing is even near the text typed", async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.url());
      await page.getByRole("searchbox", { name: "Search entities" }).fill("qxqxqxqx");
      await page.getByRole("status").filter({ hasText: "No entity matches “qxqxqxqx”." }).waitFor();
      expect(await options(page).count()).toBe(0);
      await shot(page, "no-results");
    });

    it("keeps long Japanese names to one line each at 390, 768 and 1280 px, the full name in the tooltip", async () => {
      for (const width of [390, 768, 1280]) {
        const page = await e2e.newPage({ viewport: { width, height: 800 } });
        await page.goto(e2e.url());
        await page.getByRole("searchbox", { name: "Search entities" }).fill("ファーウェイ");
        await options(page).nth(2).waitFor();
        const lines = await options(page).evaluateAll((items) =>
          items.map((item) => {
            const ja = item.querySelector(".suggestion-ja");
            const name = item.querySelector(".suggestion-name");
            const lineHeight = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).lineHeight) || 20 : 0);
            return {
              ja: ja ? ja.getBoundingClientRect().height / lineHeight(ja) : 0,
              name: name ? name.getBoundingClientRect().height / lineHeight(name) : 0,
              title: item.getAttribute("title") ?? "",
            };
          }),
        );
        for (const line of lines) {
          expect(line.ja).toBeLessThan(1.6);
          expect(line.name).toBeLessThan(1.6);
        }
        expect(lines.some((l) => l.title.includes("フアン:NVIDIA不在ならファーウェイが穴を埋める"))).toBe(true);
        const box = await page.locator(".suggestions").boundingBox();
        expect(box?.height ?? 0).toBeLessThanOrEqual(Math.min(0.6 * 800, 420) + 2);
        await shot(page, `search-${width}px`);
        await page.context().close();
      }
    });

    it("lists several Donald Trump → Huawei paths, none through an article, draws the one chosen, and the co-mention one when allowed", async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.url("/?path=donald-trump,huawei"));
      await graphReady(page, 2);
      await page.getByRole("tab", { name: "Path" }).click();
      await routes(page).nth(1).waitFor();
      const listed = await routes(page).allTextContents();
      expect(listed.length).toBeGreaterThan(1);
      for (const route of listed) expect(route).not.toContain("MENTIONS");
      expect(await routes(page).first().getAttribute("aria-pressed")).toBe("true");
      await shot(page, "path-list");

      await routes(page).nth(1).click();
      await page.waitForURL(/pathPick=1/);
      expect(await routes(page).nth(1).getAttribute("aria-pressed")).toBe("true");
      const chosenSteps = await page.getByRole("list", { name: "Path", exact: true }).getByRole("listitem").allTextContents();
      expect(chosenSteps.length).toBeGreaterThan(1);
      const secondRoute = listed[1] ?? "";
      for (const step of chosenSteps)
        expect(secondRoute).toContain(
          step
            .split("\n")[0]
            ?.replace(/[↓↑].*$/s, "")
            .trim() ?? "",
        );
      // A copied address draws the same chosen path.
      const copy = await e2e.newPage();
      await copy.goto(page.url());
      await graphReady(copy, 2);
      await copy.getByRole("tab", { name: "Path" }).click();
      await routes(copy).nth(1).waitFor();
      expect(await routes(copy).nth(1).getAttribute("aria-pressed")).toBe("true");

      await page.getByRole("checkbox", { name: /Leave out co-mentions/ }).uncheck();
      await expect.poll(async () => (await routes(page).first().textContent()) ?? "").toContain("MENTIONS");
      expect(page.url()).not.toContain("pathPick");
    });

    it("never lists a path through a type the filters hide (Source and MENTIONS unticked)", async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.url("/?focus=nvidia&expand=nvidia&path=donald-trump,huawei"));
      await graphReady(page, 2);
      await page.getByRole("tab", { name: "Filters" }).click();
      await page.getByRole("checkbox", { name: /^Source/ }).uncheck();
      await page.getByRole("checkbox", { name: /^MENTIONS/ }).uncheck();
      await page.getByRole("tab", { name: "Path" }).click();
      await page.getByRole("checkbox", { name: /Leave out co-mentions/ }).uncheck();
      await routes(page).first().waitFor();
      const types = await routes(page).evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-entity-types") ?? ""));
      expect(types.length).toBeGreaterThan(0);
      for (const list of types) expect(list.split(" ")).not.toContain("Source");
      for (const route of await routes(page).allTextContents()) expect(route).not.toContain("MENTIONS");
      const drawn = await page.evaluate(() => window.kgxGraph?.nodeIds() ?? []);
      expect(drawn.some((id) => id.startsWith("src-"))).toBe(false);
      await shot(page, "path-list-filtered");
    });
  });
});
