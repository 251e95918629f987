import { describe, expect, it } from "vitest";
import { onBackends, useE2e } from "./support/e2e-fixture.ts";
import { createNotebook, notebookWithCell, runCell, writeCypherCells } from "./support/notebook-page.ts";
import { freePort, startApi, tempStoreDir } from "./support/servers.ts";

/**
 * The notebook's schema panel, its graph results (the relationships among returned nodes, a
 * click on a node for its details), Run all past a refused cell, and Ctrl+A in the editor under
 * the page's Content-Security-Policy, in a real Chromium against the app's build and a real
 * API, once on the embedded store and once on a real Neo4j 5.26 started for this file.
 */

onBackends("Notebook graph", ["embedded", "neo4j"], (backend) => {
  describe(`notebook schema and graph results (${backend})`, () => {
    const e2e = useE2e({ suite: "notebook-graph", backend, apiEnv: { KGX_WRITE_TOKEN: "" }, viewport: { width: 1280, height: 900 }, pageTimeoutMs: 30_000 });
    const newPage = e2e.newPage;
    const shot = e2e.screenshot;

    it("lists types with counts, properties and connected pairs, and a click on a type adds a cell that shows some", async () => {
      const page = await newPage();
      await createNotebook(page, e2e.url("/notebook"), "Schema panel");
      await page.getByRole("button", { name: "Schema" }).click();
      const panel = page.getByRole("complementary", { name: "Graph schema" });
      const person = panel.locator("li", { has: page.getByRole("button", { name: ":Person", exact: true }) });
      await person.waitFor();
      // Counted from the shipped knowledge, the same on both stores.
      expect(await person.locator(".schema-count").first().textContent()).toBe("7");
      await person.locator("summary").click({ position: { x: 200, y: 8 } });
      expect(await person.locator(".schema-properties").textContent()).toContain("nameJa");
      const leads = panel.locator("li", { has: page.getByRole("button", { name: "[:LEADS]", exact: true }) });
      await leads.locator("summary").click({ position: { x: 200, y: 8 } });
      const pairs = leads.getByRole("list", { name: "Pairs LEADS connects" });
      expect((await pairs.textContent())?.replace(/\s+/g, " ")).toBe("Person → Organization 4");
      await shot(page, "schema-panel");

      await page.getByRole("button", { name: ":Person", exact: true }).click();
      // A new notebook starts with one empty Cypher cell; the click adds the next one.
      const added = page.getByRole("region", { name: "Cypher cell 2" });
      await added.waitFor();
      expect(await added.locator(".cm-content").textContent()).toBe("MATCH (n:Person) RETURN n LIMIT 25");
      await runCell(added);
      expect(await added.locator(".cell-result").textContent()).toMatch(/7 rows/);

      await pairs.getByRole("button", { name: "Person → Organization" }).click();
      const pairCell = page.getByRole("region", { name: "Cypher cell 3" });
      expect(await pairCell.locator(".cm-content").textContent()).toBe("MATCH p = (a:Person)-[r:LEADS]->(b:Organization) RETURN p LIMIT 25");
    });

    it("draws the relationships among MATCH (n) RETURN n LIMIT 25, readably, and opens a clicked node's details", async () => {
      const page = await newPage();
      const cell = await notebookWithCell(page, e2e.url("/notebook"), "Limit 25", "MATCH (n) RETURN n LIMIT 25");
      await runCell(cell);
      await cell.getByRole("tab", { name: "Graph" }).click();
      const graph = cell.locator(".result-graph[data-ready='true']");
      await graph.waitFor();
      expect(Number(await graph.getAttribute("data-nodes"))).toBe(25);
      // The rows hold no relationship: every edge drawn is one the switch added among the 25.
      const connected = Number(await graph.getAttribute("data-edges"));
      expect(connected).toBeGreaterThan(0);
      expect(Number(await graph.getAttribute("data-label-overlaps"))).toBe(0);
      // Labels are 10 px in the style: never drawn smaller than that.
      expect(Number(await graph.getAttribute("data-zoom"))).toBeGreaterThanOrEqual(1);
      await page.waitForTimeout(800);
      await shot(cell, "limit-25-graph");

      // A click on a node in view: its details beside the graph.
      const names = await graph.evaluate(async () => {
        const response = await fetch("/graphql", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: '{ cypher(statement: "MATCH (n) RETURN n LIMIT 25") { graph { nodes { id name } } } }' }),
        });
        const body = (await response.json()) as { data: { cypher: { graph: { nodes: { id: string; name: string }[] } } } };
        return body.data.cypher.graph.nodes;
      });
      await graph.scrollIntoViewIfNeeded();
      const box = (await graph.boundingBox())!;
      const viewportHeight = page.viewportSize()?.height ?? 900;
      let picked: { id: string; name: string; x: number; y: number } | undefined;
      for (const node of names) {
        const at = await graph.evaluate((el, id) => window.kgxResultGraph?.(el)?.clientPosition(id) ?? null, node.id);
        if (at && at.x > box.x + 20 && at.x < box.x + box.width - 300 && at.y > box.y + 20 && at.y < Math.min(box.y + box.height, viewportHeight) - 20) {
          picked = { ...node, ...at };
          break;
        }
      }
      expect(picked, "a node drawn inside the graph's box").toBeDefined();
      const nodeId = picked!;
      await page.mouse.click(nodeId.x, nodeId.y);
      const details = cell.getByRole("complementary", { name: `Details of ${nodeId.name}` });
      await details.waitFor();
      expect(await details.getByRole("link", { name: "Open in explorer" }).getAttribute("href")).toContain(nodeId.id);
      await shot(page, "node-details");

      // Without the switch only what the rows hold is drawn: the 25 nodes and no relationship.
      await cell.getByRole("checkbox", { name: /Connect result nodes/ }).uncheck();
      await page.waitForFunction(() => document.querySelector(".result-graph[data-ready='true']")?.getAttribute("data-edges") === "0");
    });

    it("marks the cells Run all did not run when it stops at a refused one, and keeps going when asked", async () => {
      const page = await newPage();
      await createNotebook(page, e2e.url("/notebook"), "Run all marks");
      const [, second] = await writeCypherCells(page, ["MERGE (x:Person {id: 'e2e-refused'}) RETURN x", "MATCH (c:Chip) RETURN count(c) AS chips"]);
      await page.getByRole("button", { name: "Run all" }).click();
      const note = second.locator(".cell-stale");
      await note.waitFor();
      expect(await note.textContent()).toMatch(/^Not run by Run all: it stopped at cell 1, which failed/);
      expect(await second.locator(".cell-result").count()).toBe(0);

      await page.getByRole("checkbox", { name: "Keep going past a failing cell" }).check();
      await page.getByRole("button", { name: "Run all" }).click();
      await second.locator(".cell-result").waitFor();
      expect(await note.count()).toBe(0);
      expect(await page.getByRole("region", { name: "Cypher cell 1" }).locator(".cell-error.refused").count()).toBe(1);
    });

    it("selects a whole cell with Ctrl+A without a Content-Security-Policy violation", async () => {
      const page = await newPage();
      const events: string[] = [];
      await page.exposeFunction("kgxReportViolation", (text: string) => events.push(text));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          (window as unknown as { kgxReportViolation(text: string): void }).kgxReportViolation(`${event.effectiveDirective}: ${event.sample}`);
        });
      });
      const cell = await notebookWithCell(page, e2e.url("/notebook"), "Select all", "MATCH (n:Person)\nRETURN n.name\nLIMIT 5");
      await cell.locator(".cm-content").click();
      await page.keyboard.press("Control+A");
      await cell.locator(".cm-selectionBackground").first().waitFor();
      await page.waitForTimeout(300);
      expect(events).toEqual([]);
      expect(e2e.takeCspViolations()).toEqual([]);
    });
  });
});

describe("the API's landing page under non-default ports", () => {
  it("links to GraphiQL on the explorer's configured port and shows the API's own address", async () => {
    const store = tempStoreDir();
    const apiPort = await freePort();
    const webPort = await freePort();
    const api = await startApi(store.dir, apiPort, { KGX_WEB_PORT: String(webPort), KGX_EXPLORER_URL: "" });
    try {
      const html = await (await fetch(api.url, { headers: { accept: "text/html" } })).text();
      expect(html).toContain(`<a href="http://localhost:${webPort}/graphql">`);
      expect(html).toContain(`:${apiPort}/graphql`);
      expect(html).not.toMatch(/:(4000|3000)\b/);
    } finally {
      await api.stop();
      store.remove();
    }
  }, 180_000);
});
