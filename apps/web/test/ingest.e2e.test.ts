import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LEGEND } from "../src/graph-style.ts";
import { EMPTY_VIEW, encodeViewState, openEntity } from "../src/view-state.ts";
import { onBackends, useE2e } from "./support/e2e-fixture.ts";
import { SENTINEL_SECRETS } from "./support/servers.ts";

/**
 * The ingest page (/ingest) in a real Chromium against the app's build and a real API, on the
 * embedded store and on a real Neo4j server of this file's own: an article is analysed, reviewed,
 * refused without the write token, committed with it, seen as evidence in the explorer, and undone.
 * Screenshots go to test-artifacts/ingest/.
 */

// Articles written for this test, about made-up events around real entities of the graph.
const ENGLISH_ARTICLE = `Nvidia expects to ship its H20 accelerator to customers in China again within weeks, the company told analysts on Tuesday, after a licence freeze that lasted most of the spring.

Commerce Secretary Howard Lutnick described the licences as one part of a broader trade arrangement, and said American chips should remain the first choice of Chinese developers.

Kestrel Silicon, a young server maker based in Chengdu, said it had ordered 20,000 H20 units worth roughly $250 million. Kestrel Silicon will run the H20 in its inference clusters while it evaluates accelerators from Huawei.`;
const ENGLISH_TITLE = "Nvidia lines up H20 shipments as a Chengdu server maker orders in bulk";

const JAPANESE_ARTICLE = `エヌビディアは火曜日、H20の中国向け出荷を数週間以内に再開する見通しだとアナリストに説明した。春の大半にわたって輸出許可が止まっていた。

商務長官は、許可はより広い通商合意の一部だと述べ、中国の開発者には米国製の半導体を選び続けてほしいと語った。

成都のサーバー新興企業カワセミ電子は、H20を2万個、約2億5000万ドル分発注したと明らかにした。同社はファーウェイの半導体も評価している。`;

const CANDIDATE = "Kestrel Silicon";
const ADOPTS_CLAIM = "Kestrel Silicon is putting H20 accelerators into its inference clusters.";
const MAKES_CLAIM = "Nvidia is the maker of the H20 it plans to ship to China again.";

/** `#rrggbb` as the `rgb(r, g, b)` a computed style gives. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

function typeColor(type: string): string {
  const entry = LEGEND.find((e) => e.type === type);
  if (!entry) throw new Error(`no legend colour for ${type}`);
  return rgb(entry.color);
}

onBackends("Ingest page", ["embedded", "neo4j"], (backend) => {
  describe(`the ingest page in Chromium (${backend})`, () => {
    const e2e = useE2e({ suite: "ingest", backend, viewport: { width: 1440, height: 1000 }, pageTimeoutMs: 30_000 });
    const newPage = (width = 1440, height = 1000) => e2e.newPage({ viewport: { width, height } });

    /** GraphQL straight to the API, as a check from outside the browser. */
    async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const body = await e2e.apiGraphql<T>(query, variables);
      expect(body.errors).toBeUndefined();
      return body.data as T;
    }

    const searchNames = async (query: string) =>
      (
        await graphql<{ search: { id: string; name: string }[] }>(
          `
            query ($q: String!) {
              search(query: $q) {
                id
                name
              }
            }
          `,
          { q: query },
        )
      ).search;

    async function analyse(page: Page, text: string, title: string, extra: { publisher?: string; url?: string; date?: string } = {}) {
      await page.goto(e2e.url("/ingest"));
      await page.locator("textarea[name=text]").fill(text);
      await page.locator("input[name=title]").fill(title);
      if (extra.publisher) await page.locator("input[name=publisher]").fill(extra.publisher);
      if (extra.url) await page.locator("input[name=url]").fill(extra.url);
      if (extra.date) await page.locator("input[name=publishedAt]").fill(extra.date);
      await page.getByRole("button", { name: "Analyse", exact: true }).click();
      // The analysis, or the error the page shows instead (then the test says what it was).
      await page.locator(".article-text, .article-form [role=alert]").first().waitFor();
      const refused = page.locator(".article-form [role=alert]");
      if ((await refused.count()) > 0) throw new Error(`The analysis was refused: ${await refused.first().textContent()}`);
    }

    it("is linked from the explorer's header", async () => {
      const page = await newPage();
      await page.goto(e2e.url("/"));
      await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Add article" }).click();
      await page.waitForURL(/\/ingest$/);
      await page.getByRole("heading", { name: "Add an article", exact: true }).waitFor();
    });

    it("asks for the text and the title next to their fields and sends nothing without them", async () => {
      const page = await newPage();
      const analyses: string[] = [];
      page.on("request", (request) => {
        if (request.url().endsWith("/graphql") && (request.postData() ?? "").includes("analyzeArticle")) analyses.push(request.postData() ?? "");
      });
      await page.goto(e2e.url("/ingest"));
      await page.getByRole("button", { name: "Analyse", exact: true }).click();
      await page.locator("#error-text").waitFor();
      expect(await page.locator("#error-text").textContent()).toContain("Paste the article's text");
      expect(await page.locator("#error-title").textContent()).toContain("Give the article's title");
      await page.locator("input[name=publishedAt]").fill("2025-08-12");
      await page.locator("textarea[name=text]").fill("   ");
      await page.getByRole("button", { name: "Analyse", exact: true }).click();
      expect(await page.locator("#error-text").isVisible()).toBe(true);
      expect(await page.locator("textarea[name=text]").getAttribute("aria-invalid")).toBe("true");
      expect(analyses).toEqual([]);
      expect(await page.locator(".article-text").count()).toBe(0);
    });

    it("analyses, reviews, refuses a commit without the token, commits with it, shows the evidence in the explorer, and undoes it", async () => {
      const page = await newPage();
      await analyse(page, ENGLISH_ARTICLE, ENGLISH_TITLE, { publisher: "kgx test wire", url: "https://example.com/kgx-test/h20-kestrel", date: "2025-08-12" });

      // Known entities in their type's colours, each naming its entity and opening it in the explorer.
      for (const [id, type, name] of [
        ["nvidia", "Organization", "Nvidia"],
        ["h20", "Chip", "H20"],
        ["howard-lutnick", "Person", "Howard Lutnick"],
      ] as const) {
        const mention = page.locator(`.article-text .mention[data-entity="${id}"]`).first();
        await mention.waitFor();
        expect(await mention.textContent()).toBe(name);
        expect(await mention.getAttribute("title")).toContain(`${name}`);
        expect(await mention.getAttribute("title")).toContain(type);
        expect(await mention.getAttribute("href")).toBe(`/?${encodeViewState(openEntity(EMPTY_VIEW, id))}`);
        const shadow = await mention.evaluate((el) => getComputedStyle(el).boxShadow);
        expect(shadow, `${name} is underlined in the ${type} colour`).toContain(typeColor(type));
      }
      expect(await page.locator('.article-text .mention[data-entity="h20"]').count()).toBe(3);
      // The figure is marked in the text with its value.
      expect(await page.locator('.article-text mark.figure[data-figure="250000000 USD"]').textContent()).toBe("$250 million");

      // The new company is proposed; accept it as an Organization.
      const candidate = page.locator(`.candidate-list li[data-candidate="${CANDIDATE}"]`);
      await candidate.waitFor();
      await candidate.getByLabel("Accept as new").check();
      await candidate.getByLabel("Type").selectOption("Organization");
      expect(await candidate.getByLabel("Name", { exact: true }).inputValue()).toBe(CANDIDATE);

      // Confirm the suggested MAKES from Nvidia to the H20: a claim is required first.
      const makes = page.locator('.relationship-list li[data-relationship^="nvidia|MAKES|h20|"]').first();
      await makes.waitFor();
      expect(await makes.locator(".evidence-sentence").textContent()).toContain("Nvidia expects to ship its H20");
      await makes.getByLabel("Confirm").check();
      await page
        .locator(".commit-panel")
        .getByText(/1 thing to settle first/)
        .waitFor();
      expect(await makes.locator(".field-error").textContent()).toContain("write the claim");
      expect(await makes.getByLabel("Claim").inputValue()).toBe("");
      await makes.getByLabel("Claim").fill(MAKES_CLAIM);
      // Hovering a relationship emphasises its sentence in the text.
      await makes.hover();
      expect(await page.locator(".article-text .sentence-active").textContent()).toContain("Nvidia expects to ship its H20");

      // Add Kestrel Silicon ADOPTS H20, on a sentence naming both.
      const add = page.locator(".add-relationship");
      await add.getByLabel("From").selectOption({ label: `${CANDIDATE} (Organization, new)` });
      await add.getByLabel("To").selectOption({ label: "Nvidia H20 (Chip)" });
      await add.getByLabel("Type").selectOption("ADOPTS");
      const chosenSentence = (await add.getByLabel("Evidence sentence").locator("option:checked").textContent()) ?? "";
      expect(chosenSentence).toContain("Kestrel Silicon");
      // The option reads "N: <sentence, shortened>"; its start is what the explorer must show as the quote.
      const quoteStart = chosenSentence.replace(/^\d+: /, "").slice(0, 40);
      await add.getByRole("button", { name: "Add" }).click();
      const adopts = page.locator(`.relationship-list li[data-relationship^="candidate:"][data-relationship*="|ADOPTS|h20|"]`);
      await adopts.getByLabel("Claim").fill(ADOPTS_CLAIM);

      // The preview says what will be written.
      const panel = page.locator(".commit-panel");
      expect(await panel.locator('[data-preview="new-entities"]').textContent()).toBe(`1 new entity: ${CANDIDATE} (Organization)`);
      expect(await panel.locator('[data-preview="relationships"]').textContent()).toContain("relationships confirmed: 2");
      expect(await panel.locator(".preview").textContent()).toContain(ENGLISH_TITLE);
      await e2e.screenshot(page, "review-wide", { fullPage: true });

      // Without a token the commit cannot go, and says why.
      const commit = panel.getByRole("button", { name: "Commit" });
      expect(await commit.isDisabled()).toBe(true);
      expect(await panel.locator(".commit-blocker").textContent()).toContain("Enter the write token");
      // A wrong token is refused by the API, in words next to the token; nothing is written.
      await panel.getByLabel("Write token").fill("not-the-token-of-this-api-0123456789");
      await commit.click();
      await panel.getByText("The API refused the write").waitFor();
      expect(await searchNames(CANDIDATE)).toEqual([]);

      // With the token, it is written.
      await panel.getByLabel("Write token").fill(SENTINEL_SECRETS.KGX_WRITE_TOKEN);
      await commit.click();
      const result = panel.locator(".commit-result");
      await result.waitFor();
      const written = (await result.textContent()) ?? "";
      expect(written).toContain("1 entity created");
      expect(written).toContain("1 relationship created");
      expect(written).toContain("1 given further evidence");
      await e2e.screenshot(page, "committed", { fullPage: true });
      const entityLink = result.locator(".new-entities a", { hasText: CANDIDATE });
      const href = (await entityLink.getAttribute("href")) ?? "";
      const newId = new URLSearchParams(href.replace(/^\/\?/, "")).get("sel") ?? "";
      expect(newId).not.toBe("");
      expect((await searchNames(CANDIDATE)).map((e) => e.id)).toContain(newId);
      expect(await result.getByRole("link", { name: /source in the explorer/ }).getAttribute("href")).toMatch(/^\/\?focus=/);
      // The session keeps the token for the next article of this tab.
      expect(await page.evaluate(() => window.sessionStorage.getItem("kgx.writeToken"))).toBe(SENTINEL_SECRETS.KGX_WRITE_TOKEN);

      // The explorer shows the new entity with the article as the evidence of its relationship, and the sentence.
      const explorer = await newPage();
      await explorer.goto(e2e.url(href));
      const details = explorer.getByRole("region", { name: "Details" });
      await details.getByRole("heading", { level: 2, name: CANDIDATE }).waitFor();
      const relationship = details.locator(".relationship").filter({ hasText: ADOPTS_CLAIM });
      await relationship.waitFor();
      const evidence = (await relationship.textContent()) ?? "";
      expect(evidence).toContain(ENGLISH_TITLE);
      expect(evidence).toContain("kgx test wire");
      expect(evidence).toContain(quoteStart);
      expect(await relationship.locator(".citation-quote").textContent()).toMatch(new RegExp(`^${quoteStart.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      await e2e.screenshot(explorer, "explorer-evidence");

      // Undo: the article, its new entity and its only-evidence relationship go; MAKES stays on its other sources.
      await result.getByRole("button", { name: "Undo this article" }).click();
      const removal = result.locator(".removal");
      await removal.waitFor();
      const removed = (await removal.textContent()) ?? "";
      expect(removed).toContain("1 relationship it was the only evidence for");
      expect(removed).toContain("kept: other sources support them");
      expect(removed).toContain(CANDIDATE);
      expect(await searchNames(CANDIDATE)).toEqual([]);
      const gone = await graphql<{ entity: { id: string } | null }>(
        `
          query ($id: ID!) {
            entity(id: $id) {
              id
            }
          }
        `,
        { id: newId },
      );
      expect(gone.entity).toBeNull();
      const makesKept = await graphql<{ entity: { relationships: { edges: { node: { type: string; claim: string | null }; other: { id: string } }[] } } }>(`
        {
          entity(id: "nvidia") {
            relationships(first: 500) {
              edges {
                node {
                  type
                  claim
                }
                other {
                  id
                }
              }
            }
          }
        }
      `);
      expect(makesKept.entity.relationships.edges.some((e) => e.node.type === "MAKES" && e.other.id === "h20")).toBe(true);
    }, 240_000);

    it("renders a Japanese article with its mentions highlighted, wide and on a 390-px screen", async () => {
      for (const [width, name] of [
        [1440, "wide"],
        [390, "narrow"],
      ] as const) {
        const page = await newPage(width, 900);
        await analyse(page, JAPANESE_ARTICLE, "H20の出荷再開と成都の大口発注", { publisher: "kgx テスト通信", date: "2025-08-13" });
        const nvidia = page.locator('.article-text .mention[data-entity="nvidia"]').first();
        expect(await nvidia.textContent()).toBe("エヌビディア");
        expect(await nvidia.evaluate((el) => getComputedStyle(el).boxShadow)).toContain(typeColor("Organization"));
        expect(await page.locator(".article-text").getAttribute("lang")).toBe("ja");
        expect(await page.locator('.article-text mark.figure[data-figure="20000 units"]').textContent()).toBe("2万個");
        // Stacked on a narrow screen: the review comes below the article, and nothing is wider than the screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        if (width === 390) {
          const articleBox = await page.locator(".ingest-article").boundingBox();
          const reviewBox = await page.locator(".ingest-review").boundingBox();
          expect(reviewBox!.y).toBeGreaterThan(articleBox!.y + articleBox!.height - 1);
        }
        await e2e.screenshot(page, `japanese-${name}`, { fullPage: true });
      }
      const narrowEnglish = await newPage(390, 900);
      await analyse(narrowEnglish, ENGLISH_ARTICLE, ENGLISH_TITLE);
      expect(await narrowEnglish.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await e2e.screenshot(narrowEnglish, "review-narrow", { fullPage: true });
    }, 120_000);
  });
});
