import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../tooling/web-build.ts";
import { onBackends, useE2e } from "./support/e2e-fixture.ts";
import { openFromSearch, relationshipWith } from "./support/explorer-page.ts";
import { runAll, shippedNotebookHrefs } from "./support/notebook-page.ts";
import { ensureProductionBuild, freePort } from "./support/servers.ts";

/**
 * The explorer and the notebook on a real Neo4j 5.26 in Chromium: the API started with NEO4J_URI
 * seeds the empty server on its first start, and a person then finds the same entities, the same
 * evidence and the same shipped notebooks as on the embedded store. The server is one of this
 * file's own (the Maven-launched one), so the browser suites never touch a database they share.
 */

onBackends("Explorer", ["neo4j"], (backend) => {
  describe("the explorer and the notebook on Neo4j, in Chromium", () => {
    const e2e = useE2e({ suite: "neo4j", backend, apiEnv: { KGX_WRITE_TOKEN: "" } });
    // The `npm start` case below serves the production build: made here, not inside its deadline.
    beforeAll(ensureProductionBuild);

    it("says Neo4j answers", async () => {
      const ready = (await (await fetch(new URL("/ready", e2e.api.url))).json()) as { backend?: string };
      expect(ready.backend).toBe("neo4j");
    });

    it("finds Nvidia by its Japanese name and shows Jensen Huang's relationship with the article behind it", async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.url());
      const details = await openFromSearch(page, "エヌビディア", "Organization", "Nvidia");
      const { text } = await relationshipWith(details, "Jensen Huang");
      expect(text).toContain("CEO");
      expect(text).toContain("22 Jul 2025");
      await page.waitForFunction(() => (window.kgxGraph?.nodeIds().length ?? 0) >= 10);
      const ids = await page.evaluate(() => window.kgxGraph?.nodeIds() ?? []);
      expect(ids).toEqual(expect.arrayContaining(["nvidia", "jensen-huang", "huawei"]));
      await e2e.screenshot(page, "01-nvidia-details");
    });

    it("runs every shipped notebook green with Run all, the results saying neo4j", async () => {
      const page = await e2e.newPage();
      const hrefs = shippedNotebookHrefs();
      expect(hrefs.length).toBeGreaterThanOrEqual(4);
      for (const href of hrefs) {
        await runAll(page, e2e.url(href));
        expect(await page.locator(".cell-error").count(), `${href} has no errors`).toBe(0);
        const stats = await page.locator(".cell-cypher .result-stats").allTextContents();
        expect(stats.length).toBe(await page.locator(".cell-cypher").count());
        for (const line of stats) expect(line, href).toMatch(/ · neo4j$/);
      }
      await e2e.screenshot(page, "02-notebook-run-all", { fullPage: true });
    });

    it("answers GraphiQL's first example as on the embedded store: Huawei found by its Japanese name", async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.url("/graphql"));
      await page.locator(".graphiql-container").waitFor();
      // The schema is read before a query can run: wait until the docs show it, as a person would.
      await page.getByRole("button", { name: /Show Documentation Explorer/i }).click();
      await page.locator(".graphiql-doc-explorer").getByText("Query", { exact: true }).first().waitFor({ timeout: 60_000 });
      await page.getByRole("button", { name: /Execute query/i }).click();
      const response = page.locator(".graphiql-response");
      await page.waitForFunction(() => document.querySelector(".graphiql-response")?.textContent?.includes("huawei"), undefined, { timeout: 60_000 });
      // Monaco draws spaces as non-breaking ones.
      expect((await response.textContent())?.replace(/\s+/g, " ")).toContain('"name": "Huawei"');
      await e2e.screenshot(page, "03-graphiql");
    });

    it("comes up with `npm start` and NEO4J_URI: the API says neo4j, the explorer's /graphql finds Huawei, and `kgx stats` counts what the embedded store holds", async () => {
      const apiPort = await freePort();
      const webPort = await freePort();
      const neo4j = e2e.neo4j!;
      const neo4jEnv = { NEO4J_URI: neo4j.boltUri, NEO4J_USERNAME: neo4j.username, NEO4J_PASSWORD: neo4j.password };
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...neo4jEnv,
        PORT: String(apiPort),
        KGX_WEB_PORT: String(webPort),
        KGX_NOTEBOOK_DIR: path.join(e2e.scratchDir, "start-notebooks"),
      };
      for (const name of ["KGX_STORE", "KGX_DATA_DIR", "KGX_WRITE_TOKEN", "KGX_WRITE_TOKEN_SHA256"]) delete env[name];
      const supervisor = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tooling/start.ts")], {
        cwd: REPO_ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      supervisor.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      supervisor.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => supervisor.once("exit", (code) => resolve(code)));
      try {
        const deadline = Date.now() + 120_000;
        let ready: { backend?: string } | undefined;
        while (!ready && Date.now() < deadline) {
          const answer = await fetch(`http://127.0.0.1:${apiPort}/ready`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
          if (answer?.ok) ready = (await answer.json()) as { backend?: string };
          const front = ready ? await fetch(`http://127.0.0.1:${webPort}/`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined) : undefined;
          if (ready && !front?.ok) ready = undefined;
          if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(ready?.backend, output).toBe("neo4j");
        expect(output).toMatch(/store: neo4j/i);
        const answer = await fetch(`http://127.0.0.1:${webPort}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: '{ search(query: "ファーウェイ") { id } }' }),
        });
        const found = (await answer.json()) as { data?: { search?: { id: string }[] } };
        expect(found.data?.search?.[0]?.id, JSON.stringify(found)).toBe("huawei");
      } finally {
        supervisor.kill("SIGTERM");
        expect(await exited, output).toBe(0);
      }

      const kgx = path.join(REPO_ROOT, "packages/cli/bin/kgx.mjs");
      const statsOn = (extra: Readonly<Record<string, string>>) => {
        const run = spawnSync(process.execPath, [kgx, "stats", "--json"], { env: { ...process.env, ...extra }, encoding: "utf8" });
        expect(run.status, run.stderr).toBe(0);
        const stats = JSON.parse(run.stdout) as { entities: number; relationships: number; relationshipsWithoutSource: number };
        return { entities: stats.entities, relationships: stats.relationships, relationshipsWithoutSource: stats.relationshipsWithoutSource };
      };
      const onNeo4j = statsOn({ ...neo4jEnv, KGX_STORE: "neo4j" });
      const embeddedDir = path.join(e2e.scratchDir, "embedded-for-stats");
      const embeddedEnv = { NEO4J_URI: "", KGX_STORE: "embedded", KGX_DATA_DIR: embeddedDir };
      const seed = spawnSync(process.execPath, [kgx, "seed"], { env: { ...process.env, ...embeddedEnv }, encoding: "utf8" });
      expect(seed.status, seed.stderr).toBe(0);
      const onKuzu = statsOn(embeddedEnv);
      expect(onNeo4j).toEqual(onKuzu);
      expect(onNeo4j.entities).toBeGreaterThanOrEqual(80);
      expect(onNeo4j.relationshipsWithoutSource).toBe(0);
    }, 240_000);
  });
});
