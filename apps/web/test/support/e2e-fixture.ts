import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { checkJava, hasMaven, startNeo4jServer, type RunningNeo4jServer } from "../../../../tooling/neo4j/server.ts";
import { CspViolations, launchChromium, type TestBrowser } from "./browser.ts";
import { ensureTestBuild, freePort, startApi, startWeb, tempStoreDir, type ServerProcess } from "./servers.ts";

/**
 * What every browser suite stands on: for one backend, a fresh store (the embedded one, or a Neo4j
 * server of the suite's own that the API seeds on its first start), the real API on a free port,
 * the web app's test build on its own server, and a headless Chromium; pages that fail a test when
 * the Content-Security-Policy refuses them anything; screenshots under test-artifacts/; and all of
 * it stopped again after the suite. `useE2e` registers the hooks in the describe block (or file)
 * that calls it, so a suite's own beforeAll, registered after it, finds the servers running.
 */

export type Backend = "embedded" | "neo4j";

export const ARTIFACTS_ROOT = path.resolve(import.meta.dirname, "../../test-artifacts");

/** Startup of a cold Neo4j (Maven's classpath, the JVM, the seeding) on a busy machine takes minutes. */
const SETUP_TIMEOUT_MS: Readonly<Record<Backend, number>> = { embedded: 300_000, neo4j: 600_000 };
const TEARDOWN_TIMEOUT_MS = 60_000;

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

export interface E2eOptions {
  /** Names the screenshot folder: test-artifacts/<suite>/<backend>/. */
  readonly suite: string;
  readonly backend?: Backend;
  /** Settings of the API's environment on top of the backend's own. */
  readonly apiEnv?: Readonly<Record<string, string>>;
  /** The viewport of a new page unless it names one (1280 × 800 by default). */
  readonly viewport?: Viewport;
  /** Playwright's timeout for each step on a page (20 s by default). */
  readonly pageTimeoutMs?: number;
  /** Whether a test fails when a page saw a Content-Security-Policy violation (yes by default). */
  readonly checkCsp?: boolean;
}

export interface PageOptions {
  readonly viewport?: Viewport;
  readonly acceptDownloads?: boolean;
  /** false: a browser without WebGL, whose canvas refuses a WebGL context. */
  readonly webgl?: boolean;
}

/** Where the API's Neo4j is, for a suite that starts more than the fixture does. */
export interface Neo4jConnection {
  readonly boltUri: string;
  readonly username: string;
  readonly password: string;
}

export interface E2eFixture {
  readonly backend: Backend;
  /** The API as last started (see stopApi/startApi). */
  readonly api: ServerProcess;
  readonly web: ServerProcess;
  readonly browser: Browser;
  /** The Neo4j the API uses, on that backend. */
  readonly neo4j: Neo4jConnection | undefined;
  /** A folder of the suite's own, removed with everything else. */
  readonly scratchDir: string;
  /** A page in a context of its own, closed after the suite. */
  newPage(options?: PageOptions): Promise<Page>;
  /** A browser context closed after the suite, its pages watched like newPage's. */
  newContext(options?: PageOptions): Promise<BrowserContext>;
  /** The web server's address of a path such as "/notebook" or "/?focus=nvidia". */
  url(address?: string): string;
  /** Opens a view of the explorer and waits for its graph (see graphReady). */
  openView(page: Page, address: string, minNodes?: number): Promise<void>;
  /** Saves a screenshot of the page (or one element) as test-artifacts/<suite>/<backend>/<name>.png. */
  screenshot(target: Page | Locator, name: string, options?: { readonly fullPage?: boolean }): Promise<Buffer>;
  /** A GraphQL request straight to the API (not through the web server); the answer's JSON. */
  apiGraphql<T = unknown>(query: string, variables?: Readonly<Record<string, unknown>>, headers?: Readonly<Record<string, string>>): Promise<GraphqlAnswer<T>>;
  /** A GraphQL POST (JSON, asking for JSON) to the web server's /graphql, which forwards it to the API. */
  webGraphql(query: string, headers?: Readonly<Record<string, string>>): Promise<Response>;
  /** The Content-Security-Policy violations seen since the last check (every test ends with one). */
  takeCspViolations(): string[];
  /** Stops the API, as an outage would. */
  stopApi(): Promise<void>;
  /** Starts the API again on the same port, store and settings. */
  startApi(): Promise<void>;
}

export interface GraphqlAnswer<T> {
  readonly data?: T;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } & Readonly<Record<string, unknown>> }[];
}

/** Waits until the explorer draws at least `minNodes` nodes and says nothing is loading. */
export async function graphReady(page: Page, minNodes = 1): Promise<void> {
  await page.waitForFunction((min) => (window.kgxGraph?.nodeIds().length ?? 0) >= min, minNodes);
  await page.waitForFunction(() => !document.querySelector(".status")?.textContent?.includes("Loading"));
}

/** The ids of the nodes the explorer draws, sorted. */
export const nodeIds = (page: Page): Promise<string[]> => page.evaluate(() => (window.kgxGraph?.nodeIds() ?? []).sort());

/** Why no Neo4j server can be started here, or undefined when one can (Java 17+ and Maven). */
export const neo4jProblem: string | undefined = (() => {
  const java = checkJava();
  if ("problem" in java) return java.problem;
  return hasMaven() ? undefined : "Maven (mvn) is not installed";
})();

/**
 * Defines a suite once per backend named: always on the embedded store; on Neo4j where a server
 * can be started. Where none can, the Neo4j half is one test that says why: skipped, or failing
 * under KGX_REQUIRE_NEO4J=1 (as CI runs), so a machine without Java never passes for one with it.
 */
export function onBackends(what: string, backends: readonly Backend[], define: (backend: Backend) => void): void {
  for (const backend of backends) {
    if (backend === "neo4j" && neo4jProblem !== undefined) {
      const reason = `${what} on Neo4j skipped: no Neo4j server can be started (${neo4jProblem})`;
      console.warn(reason);
      if (process.env["KGX_REQUIRE_NEO4J"] === "1") it(`${reason}, and KGX_REQUIRE_NEO4J=1 forbids skipping`, () => expect.fail(reason));
      else it.skip(reason, () => {});
      continue;
    }
    define(backend);
  }
}

/** The API's settings that point it at a Neo4j server. */
function neo4jApiEnv(server: Neo4jConnection): Record<string, string> {
  return { KGX_STORE: "neo4j", NEO4J_URI: server.boltUri, NEO4J_USERNAME: server.username, NEO4J_PASSWORD: server.password };
}

/** Registers the set-up and tear-down of a browser suite in the calling scope; see the file's comment. */
export function useE2e(options: E2eOptions): E2eFixture {
  const backend = options.backend ?? "embedded";
  const artifacts = path.join(ARTIFACTS_ROOT, options.suite, backend);
  const defaultViewport = options.viewport ?? { width: 1280, height: 800 };
  const pageTimeoutMs = options.pageTimeoutMs ?? 20_000;
  const cspViolations = options.checkCsp === false ? undefined : new CspViolations();
  const contexts: BrowserContext[] = [];
  let chromium: TestBrowser | undefined;
  let neo4j: RunningNeo4jServer | undefined;
  let store: { dir: string; remove(): void } | undefined;
  let scratchDir: string | undefined;
  let apiPort = 0;
  let apiEnv: Record<string, string> = {};
  let api: ServerProcess | undefined;
  let web: ServerProcess | undefined;

  const running = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} of this suite is not running (its set-up failed, or it was stopped)`);
    return value;
  };

  beforeAll(async () => {
    // Fail first on what a fresh machine may lack, before spending time on builds.
    chromium = await launchChromium();
    // Each run leaves exactly its own screenshots.
    fs.rmSync(artifacts, { recursive: true, force: true });
    fs.mkdirSync(artifacts, { recursive: true });
    await ensureTestBuild();
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), `kgx-e2e-${options.suite}-`));
    const suiteEnv = options.apiEnv ?? {};
    if (backend === "neo4j") {
      const password = `e2e-${randomBytes(12).toString("hex")}`;
      neo4j = await startNeo4jServer({ port: 0, dataDir: path.join(scratchDir, "neo4j"), password, deleteDataOnExit: true });
      apiEnv = { ...neo4jApiEnv(neo4j), ...suiteEnv };
    } else {
      apiEnv = { ...suiteEnv };
    }
    store = tempStoreDir();
    apiPort = await freePort();
    api = await startApi(store.dir, apiPort, apiEnv);
    web = await startWeb(await freePort(), api.url);
  }, SETUP_TIMEOUT_MS[backend]);

  if (cspViolations) {
    afterEach(() => {
      expect(cspViolations.take(), "Content-Security-Policy violations").toEqual([]);
    });
  }

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    await chromium?.close();
    await web?.stop();
    await api?.stop();
    await neo4j?.stop();
    store?.remove();
    if (scratchDir) fs.rmSync(scratchDir, { recursive: true, force: true });
  }, TEARDOWN_TIMEOUT_MS);

  const newContext = async (pageOptions: PageOptions = {}): Promise<BrowserContext> => {
    const context = await running(chromium, "browser").browser.newContext({
      viewport: pageOptions.viewport ?? defaultViewport,
      ...(pageOptions.acceptDownloads ? { acceptDownloads: true } : {}),
    });
    contexts.push(context);
    await cspViolations?.watch(context);
    if (pageOptions.webgl === false) {
      // The explorer's probe for WebGL2 is refused, so it draws with the canvas renderer.
      await context.addInitScript(() => {
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
          if (kind === "webgl2" || kind === "webgl") return null;
          return (original as (...args: unknown[]) => unknown).call(this, kind, ...rest);
        } as typeof original;
      });
    }
    return context;
  };

  const fixture: E2eFixture = {
    backend,
    get api() {
      return running(api, "API");
    },
    get web() {
      return running(web, "web server");
    },
    get browser() {
      return running(chromium, "browser").browser;
    },
    get neo4j() {
      return neo4j;
    },
    get scratchDir() {
      return running(scratchDir, "scratch folder");
    },
    newContext,
    async newPage(pageOptions) {
      const page = await (await newContext(pageOptions)).newPage();
      page.setDefaultTimeout(pageTimeoutMs);
      return page;
    },
    url: (address = "/") => `${fixture.web.url}${address}`,
    async openView(page, address, minNodes = 1) {
      await page.goto(fixture.url(address));
      await graphReady(page, minNodes);
    },
    screenshot: (target, name, shotOptions = {}) =>
      target.screenshot({ path: path.join(artifacts, `${name}.png`), ...(shotOptions.fullPage ? { fullPage: true } : {}) }),
    async apiGraphql<T>(query: string, variables: Readonly<Record<string, unknown>> = {}, headers: Readonly<Record<string, string>> = {}) {
      const response = await fetch(fixture.api.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphqlAnswer<T>;
    },
    webGraphql: (query, headers = {}) =>
      fetch(fixture.url("/graphql"), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify({ query }),
      }),
    takeCspViolations: () => cspViolations?.take() ?? [],
    async stopApi() {
      await api?.stop();
      api = undefined;
    },
    async startApi() {
      if (api) throw new Error("the API of this suite is already running");
      api = await startApi(running(store, "store").dir, apiPort, apiEnv);
    },
  };
  return fixture;
}
