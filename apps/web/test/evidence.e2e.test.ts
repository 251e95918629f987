import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { onBackends, useE2e } from "./support/e2e-fixture.ts";

/**
 * Evidence in the explorer, in a real Chromium against the app's build, on the embedded
 * store and on a real Neo4j: a click on an edge shows the relationship's claim and the articles
 * behind it with their ¶ locators, and dates known only to the month read as "Jul 2025".
 */

const SHOTS = process.env["KGX_EVIDENCE_SHOTS"];
const LICENCE = "us-h20-resumption-licence-2025-07";
const LICENCE_TARGETS_H20 = "us-h20-resumption-licence-2025-07-targets-h20";

onBackends("Evidence", ["embedded", "neo4j"], (backend) => {
  describe(`evidence in the explorer (${backend})`, () => {
    const e2e = useE2e({ suite: "evidence", backend });

    async function openLicence(): Promise<Page> {
      const page = await e2e.newPage();
      await page.goto(e2e.url(`/?focus=${LICENCE}&expand=${LICENCE}&sel=${LICENCE}`));
      await page.waitForFunction((edge) => window.kgxGraph?.edgeIds().includes(edge) ?? false, LICENCE_TARGETS_H20);
      await page.waitForFunction(() => !document.querySelector(".status")?.textContent?.includes("Loading"));
      return page;
    }

    it("shows a relationship's claim and its ¶ locators when its edge is clicked", async () => {
      const page = await openLicence();
      // The layout settles before the edge stays where the probe finds it.
      await page.waitForTimeout(500);
      const at = await page.evaluate((id) => window.kgxGraph?.clientPosition(`edge:${id}`) ?? null, LICENCE_TARGETS_H20);
      expect(at, "the edge is drawn").not.toBeNull();
      await page.mouse.click(at!.x, at!.y);
      const panel = page.getByRole("region", { name: "Relationship evidence" });
      await panel.waitFor();
      const text = (await panel.textContent()) ?? "";
      expect(text).toContain("The July 2025 permission lets the H20 be sold in China again.");
      expect(text).toContain("TARGETS");
      const lines = panel.getByRole("list", { name: "Evidence" }).locator("li");
      expect(await lines.count()).toBe(2);
      const report = (await lines.nth(0).textContent()) ?? "";
      expect(report).toContain("Cryptopolitan");
      expect(report).toContain("22 Jul 2025");
      expect(report).toContain("¶16");
      expect(await lines.nth(0).getByRole("link").getAttribute("href")).toMatch(/^https:\/\/www\.cryptopolitan\.com\//);
      // The blog post has no address: its date is known to the month and it says why it has no link.
      const blog = (await lines.nth(1).textContent()) ?? "";
      expect(blog).toContain("Aug 2025");
      expect(blog).not.toContain("1 Aug 2025");
      expect(blog).toContain("¶10, ¶18");
      expect(blog).toContain("names neither its outlet nor its address");
      expect(await lines.nth(1).getByRole("link").count()).toBe(0);
      if (SHOTS && backend === "embedded") await page.screenshot({ path: SHOTS });
      await e2e.screenshot(page, "edge-evidence");

      // The clicked edge is drawn as selected, and no other.
      expect(await page.evaluate(() => window.kgxGraph?.selectedEdgeId())).toBe(LICENCE_TARGETS_H20);
      const lineColour = (id: string) => page.evaluate((edge) => window.kgxGraph?.nodeStyle(`edge:${edge}`, "line-color"), id);
      const others = await page.evaluate((picked) => window.kgxGraph!.edgeIds().filter((id) => id !== picked), LICENCE_TARGETS_H20);
      expect(others.length).toBeGreaterThan(0);
      const plain = await lineColour(others[0]!);
      expect(await lineColour(LICENCE_TARGETS_H20)).not.toBe(plain);
      for (const id of others) expect(await lineColour(id), `edge ${id}`).toBe(plain);

      // Closing the panel brings back the entity details, and the edge is drawn as any other.
      await panel.getByRole("button", { name: "Close" }).click();
      await page.getByRole("region", { name: "Details" }).waitFor();
      await page.waitForFunction(() => window.kgxGraph?.selectedEdgeId() === undefined);
      expect(await lineColour(LICENCE_TARGETS_H20)).toBe(plain);

      // Picking a node after an edge moves the highlight to the node.
      await page.mouse.click(at!.x, at!.y);
      await panel.waitFor();
      await page.waitForFunction((id) => window.kgxGraph?.selectedEdgeId() === id, LICENCE_TARGETS_H20);
      const h20 = await page.evaluate(() => window.kgxGraph?.clientPosition("h20") ?? null);
      expect(h20, "the H20 node is drawn").not.toBeNull();
      await page.mouse.click(h20!.x, h20!.y);
      await page.waitForFunction(() => window.kgxGraph?.selectedEdgeId() === undefined);
      expect(await page.evaluate(() => window.kgxGraph?.selectedId())).toBe("h20");
      // The pointer on H20 highlights its edges: off the graph, the edge is drawn as any other.
      await page.mouse.move(1, 1);
      await page.waitForFunction(() => window.kgxGraph?.hoverFadedIds().length === 0);
      expect(await lineColour(LICENCE_TARGETS_H20)).toBe(plain);
    });

    it("writes a month-precision date as month and year in the details and the timeline", async () => {
      const page = await openLicence();
      const details = page.getByRole("region", { name: "Details" });
      await details.getByRole("heading", { level: 2, name: /conditional permission to resume H20 sales/ }).waitFor();
      const properties = details.getByRole("region", { name: "Properties" });
      const effective = properties.locator("div").filter({ hasText: "Effective from" });
      expect(await effective.locator("dd").textContent()).toBe("Jul 2025");
      expect(await properties.textContent()).not.toContain("precision");
      // Relationships valid from July 2025 say so at the same precision.
      const targets = details.locator(".relationship").filter({ hasText: "The July 2025 permission lets the H20" }).first();
      expect(await targets.textContent()).toContain("Jul 2025–");
      expect(await targets.textContent()).toContain("¶16");

      await page.getByRole("tab", { name: "Time", exact: true }).click();
      const timeline = page.getByRole("list", { name: "Timeline" });
      const licence = timeline.locator("li").filter({ hasText: "US conditional permission to resume H20 sales" });
      expect(await licence.locator("time").textContent()).toBe("Jul 2025");
      const confirmation = timeline.locator("li").filter({ hasText: "Nvidia confirms US approval for H20 sales" });
      expect(await confirmation.locator("time").textContent()).toBe("week of 14 Jul 2025");
    });
  });
});
