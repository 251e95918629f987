import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";

/** What the notebook suites do on the notebook pages, as a person would. */

const SHIPPED = path.resolve(import.meta.dirname, "../../../../cypher/notebooks");

/** The pages of the notebooks kgx ships (cypher/notebooks), in file order. */
export function shippedNotebookHrefs(): string[] {
  return fs
    .readdirSync(SHIPPED)
    .filter((file) => file.endsWith(".cypher"))
    .sort()
    .map((file) => `/notebook/${file.replace(/^\d+-/, "").replace(/\.cypher$/, "")}`);
}

/** Creates a notebook from the list page at `listUrl` and waits for its view. */
export async function createNotebook(page: Page, listUrl: string, title: string): Promise<void> {
  await page.goto(listUrl);
  await page.getByRole("textbox", { name: "New notebook title" }).fill(title);
  await page.getByRole("button", { name: "Create notebook" }).click();
  await page.waitForURL(/\/notebook\/[a-z0-9-]+$/);
  await page.getByRole("textbox", { name: "Notebook title" }).waitFor();
}

/** Creates a notebook and writes a statement into its first Cypher cell; that cell. */
export async function notebookWithCell(page: Page, listUrl: string, title: string, statement: string): Promise<Locator> {
  await createNotebook(page, listUrl, title);
  const cell = page.getByRole("region", { name: "Cypher cell 1" });
  await writeInto(cell, statement);
  return cell;
}

/** Puts text into a cell's editor as a paste would (no auto-closed brackets, no completion popup). */
export async function writeInto(cell: Locator, text: string): Promise<void> {
  await cell.locator(".cm-content").click();
  await cell.page().keyboard.insertText(text);
  // The completion popup opens shortly after typing; close it so it covers nothing the test clicks next.
  await cell.page().waitForTimeout(200);
  await cell.page().keyboard.press("Escape");
}

/** Writes one statement into each Cypher cell of a new notebook, adding cells after the first; the cells. */
export async function writeCypherCells<const Statements extends readonly string[]>(
  page: Page,
  statements: Statements,
): Promise<{ [K in keyof Statements]: Locator }> {
  const cells: Locator[] = [];
  for (const [index, statement] of statements.entries()) {
    if (index > 0) await page.getByRole("button", { name: "+ Cypher" }).click();
    const cell = page.getByRole("region", { name: `Cypher cell ${index + 1}` });
    await writeInto(cell, statement);
    cells.push(cell);
  }
  return cells as { [K in keyof Statements]: Locator };
}

/** Runs one cell and waits for its result. */
export async function runCell(cell: Locator): Promise<void> {
  await cell.getByRole("button", { name: "Run" }).click();
  await cell.locator(".cell-result").waitFor();
}

/** Opens a notebook, presses Run all and waits until every code cell has a result or an error; how many code cells it has. */
export async function runAll(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.locator(".cell").first().waitFor();
  const codeCells = await page.locator(".cell-cypher, .cell-graphql").count();
  await page.getByRole("button", { name: "Run all" }).click();
  await page.waitForFunction(
    (n) => document.querySelectorAll(".cell-result, .result-json, .cell-error").length >= n && !document.querySelector(".cell.running"),
    codeCells,
    { timeout: 60_000 },
  );
  return codeCells;
}
