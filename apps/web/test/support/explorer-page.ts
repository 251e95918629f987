import type { Locator, Page } from "playwright-core";

/** What the explorer suites do on the explorer's page, as a person would. */

/** Types into the search box, picks the first suggestion of that entity type, and waits for its details; the Details region. */
export async function openFromSearch(page: Page, text: string, type: string, name: string): Promise<Locator> {
  await page.getByRole("searchbox", { name: "Search entities" }).fill(text);
  await page.getByRole("option").filter({ hasText: type }).first().click();
  const details = page.getByRole("region", { name: "Details" });
  await details.getByRole("heading", { name, exact: true }).waitFor();
  return details;
}

/** The first relationship the details list with `other`, once it shows, and its text. */
export async function relationshipWith(details: Locator, other: string): Promise<{ readonly relationship: Locator; readonly text: string }> {
  const relationship = details.locator(".relationship").filter({ hasText: other }).first();
  await relationship.waitFor();
  return { relationship, text: (await relationship.textContent()) ?? "" };
}
