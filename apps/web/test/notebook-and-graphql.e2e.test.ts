import fs from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useE2e } from "./support/e2e-fixture.ts";
import { createNotebook, notebookWithCell, runAll, runCell, shippedNotebookHrefs, writeCypherCells, writeInto } from "./support/notebook-page.ts";

/**
 * The notebook page in a real Chromium against the app's build and a real API whose
 * notebook directory starts empty, so the shipped notebooks are put there on its first start.
 * The API runs without a write token, as `npm start` does by default: with one, changing a
 * notebook needs it, and the browser has none.
 */

const OPEN_NOTEBOOKS = { KGX_WRITE_TOKEN: "" };

const e2e = useE2e({ suite: "notebook-and-graphql", apiEnv: OPEN_NOTEBOOKS, viewport: { width: 1280, height: 900 } });
const newPage = e2e.newPage;
const shot = (page: Page, name: string) => e2e.screenshot(page, name, { fullPage: true });

async function saved(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector(".save-state")?.getAttribute("data-state") === "saved");
}

async function graphCounts(): Promise<string> {
  return JSON.stringify(await e2e.apiGraphql("{ graphSchema { entityTypes { name count } relationshipTypes { name count } } }"));
}

/** The page of the first shipped notebook. */
function firstShippedNotebookHref(): string {
  const first = shippedNotebookHrefs()[0];
  expect(first).toBeDefined();
  return first!;
}

describe("the notebook in Chromium", () => {
  it("creates a notebook with Markdown and Cypher cells, runs it to a table and a graph, and finds it all again after a reload", async () => {
    const page = await newPage();
    await notebookWithCell(page, e2e.url("/notebook"), "Chips and makers", "MATCH (o:Organization)-[m:MAKES]->(c:Chip)\nRETURN o, m, c");
    await page.getByRole("button", { name: "+ Markdown" }).click();
    const note = page.getByRole("region", { name: "Markdown cell 2" });
    await writeInto(note, "# Who makes which chip\n\nEvery **maker** and its chips.");
    await note.getByRole("button", { name: "Done" }).click();
    await note.getByRole("heading", { name: "Who makes which chip" }).waitFor();
    await page.getByRole("button", { name: "Move Markdown cell 2 up" }).click();
    await page.getByRole("region", { name: "Markdown cell 1" }).waitFor();

    // Ctrl+Enter in the editor runs the cell.
    const moved = page.getByRole("region", { name: "Cypher cell 2" });
    await moved.locator(".cm-content").click();
    await page.keyboard.press("Control+Enter");
    const stats = moved.locator(".result-stats");
    await stats.waitFor();
    expect(await stats.textContent()).toMatch(/^\d+ rows · [\d.]+ ms · embedded$/);
    const rows = await moved.locator("tbody tr").count();
    expect(rows).toBeGreaterThan(0);
    expect(await moved.locator("tbody").textContent()).toContain("(Organization) Nvidia");

    await moved.getByRole("tab", { name: "Graph" }).click();
    const graph = moved.locator(".result-graph[data-ready='true']");
    await graph.waitFor();
    expect(Number(await graph.getAttribute("data-nodes"))).toBeGreaterThan(1);
    expect(await graph.locator("canvas").count()).toBeGreaterThan(0);
    await shot(page, "notebook-01-table-and-graph");
    await saved(page);

    await page.reload();
    await page.getByRole("region", { name: "Markdown cell 1" }).getByRole("heading", { name: "Who makes which chip" }).waitFor();
    const reopened = page.getByRole("region", { name: "Cypher cell 2" });
    await reopened.locator(".result-stats").waitFor();
    expect(await reopened.locator("tbody tr").count()).toBe(rows);
    expect(await reopened.locator(".cm-content").textContent()).toContain("MATCH (o:Organization)-[m:MAKES]->(c:Chip)");
  });

  it("completes entity types, relationship types and properties from the live schema", async () => {
    const page = await newPage();
    await createNotebook(page, e2e.url("/notebook"), "Completion");
    const cell = page.getByRole("region", { name: "Cypher cell 1" });
    await cell.locator(".cm-content").click();
    await page.keyboard.type("MATCH (p:Pe");
    const options = page.locator(".cm-tooltip-autocomplete li");
    await options.filter({ hasText: "Person" }).first().waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.type(")-[s:SA");
    await options.filter({ hasText: "SAID" }).first().waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.type("]->(x) RETURN s.cl");
    // The list is refreshed as each letter arrives, and a busy machine may replace it under a key
    // press; the option is taken by a click on it, which waits for an element that stays put.
    const claim = options.filter({ hasText: "claim" }).first();
    await claim.waitFor();
    await claim.click();
    await expect.poll(() => cell.locator(".cm-content").textContent(), { timeout: 5_000 }).toContain("RETURN s.claim");
  });

  it("shows a write as a refusal and leaves the graph's counts as they were", async () => {
    const page = await newPage();
    await createNotebook(page, e2e.url("/notebook"), "Writes are refused");
    const before = await graphCounts();
    const cell = page.getByRole("region", { name: "Cypher cell 1" });
    await writeInto(cell, "CREATE (p:Person {id: 'e2e-intruder', name: 'Intruder'})");
    await cell.getByRole("button", { name: "Run" }).click();
    const refusal = cell.locator(".cell-error.refused");
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Refused: notebooks only read the graph/);
    expect(await graphCounts()).toBe(before);
  });

  it("draws the relationships among returned nodes in a result's graph, switchably", async () => {
    const page = await newPage();
    const cell = await notebookWithCell(page, e2e.url("/notebook"), "Connected result", "MATCH (n) WHERE n.id IN ['jensen-huang', 'nvidia'] RETURN n");
    await runCell(cell);
    await cell.getByRole("tab", { name: "Graph" }).click();
    const connect = cell.getByRole("checkbox", { name: /Connect result nodes/ });
    await connect.waitFor();
    expect(await connect.isChecked()).toBe(true);
    expect(await cell.locator(".result-connect").textContent()).toMatch(/\(\s*\d+ more relationships? among them\)/);
    await cell.locator(".result-graph canvas").first().waitFor();
    await page.waitForTimeout(1500);
    await shot(page, "notebook-03-connected-result");
    await connect.uncheck();
    expect(await connect.isChecked()).toBe(false);
  });

  it("lays a result's graph out with labels apart and at a readable size, for loose nodes and for paths", async () => {
    const page = await newPage();
    await createNotebook(page, e2e.url("/notebook"), "Readable graphs");
    const statements = ["MATCH (n) RETURN n LIMIT 25", "MATCH (a:Organization {id: 'huawei'})-[r]-(b)-[s]-(c) RETURN a, r, b, s, c LIMIT 30"];
    for (const [index, statement] of statements.entries()) {
      if (index > 0) await page.getByRole("button", { name: "+ Cypher" }).click();
      const cell = page.getByRole("region", { name: `Cypher cell ${index + 1}` });
      await writeInto(cell, statement);
      await runCell(cell);
      await cell.getByRole("tab", { name: "Graph" }).click();
      const graph = cell.locator(".result-graph[data-ready='true']");
      await graph.waitFor();
      expect(Number(await graph.getAttribute("data-nodes")), statement).toBeGreaterThan(5);
      expect(Number(await graph.getAttribute("data-label-overlaps")), `overlapping labels for ${statement}`).toBe(0);
      // Labels are 10 px in the style: at the fitted zoom they are drawn at 7.5 px or more.
      expect(Number(await graph.getAttribute("data-zoom")), statement).toBeGreaterThanOrEqual(0.75);
      await page.waitForTimeout(800);
      await e2e.screenshot(cell.locator(".result-graph"), `notebook-07-readable-graph-${index + 1}`);
    }
  });

  it("opens a clicked relationship's claim and sources beside the graph, and adds a double-clicked node's neighbours", async () => {
    const page = await newPage();
    const cell = await notebookWithCell(
      page,
      e2e.url("/notebook"),
      "Click and expand",
      "MATCH (p:Person {id: 'jensen-huang'})-[r]->(o:Organization {id: 'nvidia'}) RETURN p, r, o",
    );
    await cell.getByRole("button", { name: "Run" }).click();
    await cell.getByRole("tab", { name: "Graph" }).click();
    const graph = cell.locator(".result-graph[data-ready='true']");
    await graph.waitFor();
    const nodesBefore = Number(await graph.getAttribute("data-nodes"));
    const firstEdge = await page.evaluate(async () => {
      const response = await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "{ cypher(statement: \"MATCH (p:Person {id: 'jensen-huang'})-[r]->(o:Organization {id: 'nvidia'}) RETURN r\") { graph { edges { id } } } }",
        }),
      });
      const body = (await response.json()) as { data: { cypher: { graph: { edges: { id: string }[] } } } };
      return body.data.cypher.graph.edges[0]?.id ?? "";
    });
    expect(firstEdge).not.toBe("");
    const at = await graph.evaluate((el, id) => window.kgxResultGraph?.(el)?.clientPosition(`edge:${id}`) ?? null, firstEdge);
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    const panel = cell.getByRole("complementary", { name: /^Details of / });
    await panel.getByRole("list", { name: "Evidence" }).locator("li").first().waitFor();
    expect(await panel.textContent()).toContain("Jensen Huang");
    await shot(page, "notebook-08-relationship-details");

    const nvidia = await graph.evaluate((el) => window.kgxResultGraph?.(el)?.clientPosition("nvidia") ?? null);
    expect(nvidia).not.toBeNull();
    await page.mouse.dblclick(nvidia!.x, nvidia!.y);
    await page.waitForFunction(
      (before) => Number(document.querySelector(".result-graph[data-ready='true']")?.getAttribute("data-nodes")) > before,
      nodesBefore,
    );
    await cell
      .getByRole("status")
      .filter({ hasText: /Nvidia: showing \d+ of \d+ neighbours/ })
      .waitFor();
    await page.waitForTimeout(800);
    await shot(page, "notebook-09-expanded");
  });

  it("names exported files after the notebook's title once it is renamed, in both formats", async () => {
    const page = await newPage();
    await createNotebook(page, e2e.url("/notebook"), "Untitled notebook");
    expect(page.url()).toMatch(/\/notebook\/untitled-notebook[a-z0-9-]*$/);
    await writeInto(page.getByRole("region", { name: "Cypher cell 1" }), "MATCH (c:Chip) RETURN c.name");
    const title = page.getByRole("textbox", { name: "Notebook title" });
    await title.fill("H20 輸出規制: who said what?");
    await saved(page);
    for (const [button, name] of [
      ["Export .cypher", "h20-輸出規制-who-said-what.cypher"],
      ["Export .ipynb", "h20-輸出規制-who-said-what.ipynb"],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
      expect(download.suggestedFilename()).toBe(name);
      const file = await download.path();
      expect(fs.readFileSync(file, "utf8")).toContain("MATCH (c:Chip) RETURN c.name");
    }
  });

  it("says which cells Run all did not run when it stops at a refused one, and runs them all when asked to keep going", async () => {
    const page = await newPage();
    await createNotebook(page, e2e.url("/notebook"), "Run all past a refusal");
    const [, , third] = await writeCypherCells(page, ["RETURN 1 AS one", "CREATE (x:Person {id: 'e2e-nope', name: 'Nope'})", "RETURN 3 AS three"]);
    // An older result of the third cell, which the next Run all must not pass off as its own.
    await runCell(third);

    await page.getByRole("button", { name: "Run all" }).click();
    const note = third.locator(".cell-stale");
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^Not run by Run all: it stopped at cell 2, which failed .* The result below is from an earlier run\.$/);
    expect(await page.getByRole("region", { name: "Cypher cell 2" }).locator(".cell-error.refused").count()).toBe(1);
    await shot(page, "notebook-02b-run-all-stopped");

    // A new answer for the third cell shows only if Run all gets past the refused second one.
    await third.locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    for (let i = 0; i < "RETURN 3 AS three".length; i++) await page.keyboard.press("Backspace");
    await page.keyboard.insertText("RETURN 33 AS three");
    await page.keyboard.press("Escape");
    await page.getByRole("checkbox", { name: "Keep going past a failing cell" }).check();
    await page.getByRole("button", { name: "Run all" }).click();
    await page.waitForFunction(() => document.querySelector("[aria-label='Cypher cell 3'] .cell-result")?.textContent?.includes("33"));
    expect(await note.count()).toBe(0);
  });

  it("marks the line of a syntax error in the editor", async () => {
    const page = await newPage();
    const cell = await notebookWithCell(page, e2e.url("/notebook"), "A typo", "MATCH (n:Chip)\nRETRUN n.name");
    await cell.getByRole("button", { name: "Run" }).click();
    const error = cell.locator(".cell-error");
    await error.waitFor();
    expect(await error.locator("strong").textContent()).toMatch(/^Error at line 2, column \d+$/);
    await cell.locator(".cm-lintRange-error").waitFor();
    expect(await cell.locator(".code-editor").getAttribute("data-error-line")).toBe("2");
    expect(await cell.locator(".cm-line").nth(1).locator(".cm-lintRange-error").count()).toBe(1);
    await shot(page, "notebook-02-syntax-error");
  });

  it("renames, duplicates and deletes notebooks in the list, and refuses a bad file on import by line", async () => {
    const page = await newPage();
    await createNotebook(page, e2e.url("/notebook"), "List chores");
    await page.goto(e2e.url("/notebook"));
    await page.getByRole("button", { name: "Rename List chores" }).click();
    await page.getByRole("textbox", { name: "New title for List chores" }).fill("Chores, renamed");
    await page.getByRole("button", { name: "Save title" }).click();
    await page.getByRole("link", { name: "Chores, renamed" }).waitFor();
    await page.getByRole("button", { name: "Duplicate Chores, renamed" }).click();
    await page.getByRole("link", { name: "Chores, renamed (copy)" }).waitFor();
    await page.getByRole("button", { name: "Delete Chores, renamed (copy)" }).click();
    await page.getByRole("button", { name: "Really delete Chores, renamed (copy)" }).click();
    await page.getByRole("link", { name: "Chores, renamed (copy)" }).waitFor({ state: "detached" });
    expect(await page.getByRole("link", { name: "Chores, renamed" }).count()).toBe(1);

    const before = await page.locator(".notebook-row").count();
    await page.getByLabel("Import a notebook file").setInputFiles({
      name: "broken.cypher",
      mimeType: "text/plain",
      buffer: Buffer.from("// kgx notebook\n// title: Broken\n\n// %% cypher\nRETURN 1\n\n// %% sql\nSELECT 1\n"),
    });
    const alert = page.locator(".notebook-list > .field-error");
    await alert.waitFor();
    expect(await alert.textContent()).toBe('broken.cypher: text: line 7: unknown cell kind "sql"; use markdown, cypher or graphql');
    await page.reload();
    await page.locator(".notebook-row").first().waitFor();
    expect(await page.locator(".notebook-row").count()).toBe(before);
  });

  it("lists the shipped notebooks, and runs each one green with Run all", async () => {
    const page = await newPage();
    await page.goto(e2e.url("/notebook"));
    const links = page.locator(".notebook-link");
    await links.first().waitFor();
    const listed = await links.evaluateAll((all) => all.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
    // Shipped files are named NNN-slug.cypher and listed as /notebook/slug; other tests add their own notebooks.
    const hrefs = shippedNotebookHrefs();
    expect(hrefs.length).toBeGreaterThan(0);
    expect(listed).toEqual(expect.arrayContaining(hrefs));
    for (const href of hrefs) {
      expect(await runAll(page, e2e.url(href)), `${href} has code cells`).toBeGreaterThan(0);
      expect(await page.locator(".cell-error").count(), `${href} has no errors`).toBe(0);
      expect(await page.locator(".cell-cypher .result-stats").count()).toBe(await page.locator(".cell-cypher").count());
    }
    await shot(page, "notebook-03-shipped-run-all");
  });

  it("shows a shipped notebook as read-only, says an edit is not saved, and duplicates it into a notebook that saves", async () => {
    const href = firstShippedNotebookHref();
    const id = href.replace("/notebook/", "");
    const page = await newPage();
    await page.goto(e2e.url("/notebook"));
    const row = page.locator(".notebook-row").filter({ has: page.locator(`a[href="${href}"]`) });
    await row.waitFor();
    expect(await row.textContent()).toContain("ships with kgx, read-only");
    expect(await row.getByRole("button", { name: /^(Rename|Delete) / }).count()).toBe(0);

    await page.goto(e2e.url(href));
    const note = page.getByRole("note").filter({ hasText: "ships with kgx" });
    await note.waitFor();
    expect(await page.locator(".save-state").getAttribute("data-state")).toBe("read-only");
    const before = JSON.stringify(await e2e.apiGraphql(`{ notebook(id: "${id}") { updatedAt cells { source } } }`));
    await writeInto(page.locator(".cell-cypher").first(), "// my own line\n");
    await page.waitForFunction(() => document.querySelector(".save-state")?.getAttribute("data-state") === "read-only-changed");
    expect(await page.locator(".save-state").textContent()).toBe("Not saved: this notebook is read-only; duplicate it to keep your changes");
    await page.waitForTimeout(1000);
    const after = JSON.stringify(await e2e.apiGraphql(`{ notebook(id: "${id}") { updatedAt cells { source } } }`));
    expect(after).toBe(before);
    await shot(page, "notebook-04-shipped-read-only");

    await note.getByRole("button", { name: "Duplicate" }).click();
    // The copy's id comes from its title, "… (copy)", cut to a slug's length.
    await page.waitForURL((url) => url.pathname.startsWith("/notebook/") && url.pathname !== href);
    await page.locator(".cell").first().waitFor();
    expect(await page.getByRole("note").filter({ hasText: "ships with kgx" }).count()).toBe(0);
    await writeInto(page.locator(".cell-cypher").first(), "// my own line\n");
    await saved(page);
  });

  it("opens a notebook while the API is down, and loads it by itself once the API is back", async () => {
    const href = firstShippedNotebookHref();
    await e2e.stopApi();
    const page = await newPage();
    await page.goto(e2e.url(href));
    const problem = page.getByRole("alert").filter({ hasText: "Could not load the notebook" });
    await problem.waitFor();
    expect(await problem.textContent()).toContain("loads by itself when the kgx API answers again");
    await page.evaluate(() => Object.assign(window, { kgxSamePage: "set while the API was down" }));

    await e2e.startApi();
    await page.locator(".cell").first().waitFor({ timeout: 30_000 });
    await problem.waitFor({ state: "detached" });
    expect(await page.evaluate(() => (window as unknown as { kgxSamePage?: string }).kgxSamePage)).toBe("set while the API was down");
  });
});

describe("the GraphQL workspace in Chromium", () => {
  it("opens GraphiQL at /graphql with nothing from another origin, shows the docs and runs a query", async () => {
    const page = await newPage();
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(e2e.web.url) && !url.startsWith("data:") && !url.startsWith("blob:")) elsewhere.push(url);
    });
    await page.goto(e2e.url("/graphql"));
    await page.locator(".graphiql-container").waitFor();
    await page.getByRole("button", { name: /Show Documentation Explorer/i }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Query", { exact: true }).first().waitFor();
    await docs.getByText("Query", { exact: true }).first().click();
    await docs.getByText("search", { exact: true }).first().waitFor();

    // The first example tab: a search for Huawei in Japanese.
    await page.getByRole("button", { name: /Execute query/i }).click();
    const response = page.locator(".graphiql-response");
    await page.waitForFunction(() => document.querySelector(".graphiql-response")?.textContent?.includes("huawei"));
    // Monaco draws spaces as non-breaking ones.
    expect((await response.textContent())?.replace(/\s+/g, " ")).toContain('"name": "Huawei"');
    await shot(page, "graphql-01-graphiql");
    expect(elsewhere).toEqual([]);
  });

  it("keeps /graphql a GraphQL endpoint for requests that ask for JSON", async () => {
    const answer = await e2e.webGraphql("{ notebooks { id } }");
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { notebooks: unknown[] } }).data.notebooks.length).toBeGreaterThan(0);
  });
});
