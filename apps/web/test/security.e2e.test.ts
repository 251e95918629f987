import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { WEB_DIR, webBuildDir } from "../../../tooling/web-build.ts";
import { useE2e } from "./support/e2e-fixture.ts";
import { SENTINEL_PREFIXES, SENTINEL_SECRETS, freePort, startWeb } from "./support/servers.ts";

/**
 * What the app's build sends besides the app: its security headers, the browser's address
 * passed on to the API, and no secret of the servers in any byte a browser receives. Both servers
 * run with sentinel secrets (support/servers.ts); the API counts at most CYPHER_LIMIT Cypher
 * statements per client and minute, so its per-client limit can be seen at work.
 */

const CYPHER_LIMIT = 3;

const e2e = useE2e({ suite: "security", apiEnv: { KGX_CYPHER_RATE_LIMIT: String(CYPHER_LIMIT) }, viewport: { width: 1280, height: 900 } });
let notebookPath: string;

beforeAll(async () => {
  const listed = (await graphql("{ notebooks { id } }")) as { data: { notebooks: { id: string }[] } };
  notebookPath = `/notebook/${listed.data.notebooks[0]!.id}`;
});

async function graphql(query: string, forwardedFor?: string): Promise<unknown> {
  const response = await e2e.webGraphql(query, forwardedFor ? { "x-forwarded-for": forwardedFor } : {});
  return response.json();
}

/** A GraphQL POST sent from a chosen local address, which fetch cannot do. */
function postFrom(localAddress: string, url: string, query: string, forwardedFor: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query });
    const request = http.request(
      url,
      {
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", accept: "application/json", "content-length": Buffer.byteLength(body), "x-forwarded-for": forwardedFor },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(new Error(`not JSON (${response.statusCode}): ${text.slice(0, 200)}`, { cause: error }));
          }
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function getHtml(pathname: string): Promise<Response> {
  return fetch(e2e.url(pathname), { headers: { accept: "text/html,application/xhtml+xml" } });
}

/** The policy's directives by name. */
function directives(policy: string | null): Map<string, string[]> {
  expect(policy, "Content-Security-Policy header").toBeTruthy();
  return new Map(
    policy!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name as string, values]),
  );
}

function nonceOf(policy: Map<string, string[]>): string {
  const token = policy.get("script-src")?.find((v) => v.startsWith("'nonce-"));
  expect(token, "a nonce in script-src").toBeDefined();
  return token!.slice("'nonce-".length, -1);
}

const PAGES = [
  { name: "the explorer", pathname: () => "/", status: 200, graphiql: false },
  { name: "the notebook list", pathname: () => "/notebook", status: 200, graphiql: false },
  { name: "a notebook", pathname: () => notebookPath, status: 200, graphiql: false },
  { name: "GraphiQL at /graphql", pathname: () => "/graphql", status: 200, graphiql: true },
  { name: "a page that does not exist", pathname: () => "/no-such-page", status: 404, graphiql: false },
];

describe("security headers of the production build", () => {
  it.each(PAGES)("sends $name with the security headers and a nonce of its own on every script", async ({ pathname, status, graphiql }) => {
    const [first, second] = [await getHtml(pathname()), await getHtml(pathname())];
    expect(first.status).toBe(status);
    expect(first.headers.get("content-type")).toMatch(/^text\/html/);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("permissions-policy")).toMatch(/camera=\(\)/);

    const policy = directives(first.headers.get("content-security-policy"));
    const nonce = nonceOf(policy);
    expect(nonceOf(directives(second.headers.get("content-security-policy")))).not.toBe(nonce);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("worker-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);

    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, "the page has scripts").toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    if (graphiql) {
      // The one page whose styles Monaco writes without a nonce (src/security-headers.ts).
      expect(policy.get("style-src-elem")).toEqual(["'self'", "'unsafe-inline'"]);
      expect(html).toContain("Loading GraphiQL");
    } else {
      expect(policy.get("style-src-elem")).toEqual(["'self'", `'nonce-${nonce}'`]);
      expect(policy.get("style-src-attr")).toEqual(["'none'"]);
      expect(policy.get("font-src")).toEqual(["'self'"]);
      const styles = html.match(/<style\b[^>]*>/g) ?? [];
      expect(styles.length, "the layout's style elements").toBeGreaterThan(0);
      for (const tag of styles) expect(tag).toContain(`nonce="${nonce}"`);
      expect(html).not.toMatch(/<[^>]+\sstyle="/);
    }
  });

  it("answers GraphQL requests at /graphql with JSON that browsers must not sniff", async () => {
    const response = await e2e.webGraphql("{ __typename }");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });
});

describe("the browser's address, passed on to the API", () => {
  const RUN = '{ cypher(statement: "RETURN 1 AS one") { rows } }';
  const codeOf = (answer: unknown) => (answer as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

  it("lets the API's per-client Cypher limit count browsers apart, not the web server", async () => {
    // Two browsers behind a proxy on this machine (loopback, trusted) that names them in X-Forwarded-For.
    for (let run = 0; run < CYPHER_LIMIT; run++) expect(codeOf(await graphql(RUN, "203.0.113.7"))).toBeUndefined();
    expect(codeOf(await graphql(RUN, "203.0.113.7"))).toBe("RATE_LIMITED");
    // Had the web server not passed the address on, both would share its allowance, now spent.
    expect(codeOf(await graphql(RUN, "203.0.113.8"))).toBeUndefined();
  });

  it("does not let a browser that connects directly name its own address: the web server writes the header from the socket", async () => {
    // A second web server that trusts no proxy in front of it, reached from a loopback address of
    // its own (127.0.0.5), so its allowance is fresh: every request claims another address, and
    // all of them count as 127.0.0.5.
    const direct = await startWeb(await freePort(), e2e.api.url, { KGX_TRUSTED_PROXIES: "none" });
    try {
      const post = (forwardedFor: string) => postFrom("127.0.0.5", `${direct.url}/graphql`, RUN, forwardedFor);
      for (let run = 0; run < CYPHER_LIMIT; run++) expect(codeOf(await post(`198.51.100.${run + 1}`))).toBeUndefined();
      expect(codeOf(await post("198.51.100.99"))).toBe("RATE_LIMITED");
    } finally {
      await direct.stop();
    }
  });

  it("shows the API's refusal of one run too many as a readable message in the notebook", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url(notebookPath));
    const cell = page.locator(".cell-cypher").first();
    await cell.waitFor();
    // The button reads "Running…" and is disabled during a run, so each click waits for the run before.
    for (let run = 0; run <= CYPHER_LIMIT; run++) await cell.getByRole("button", { name: "Run", exact: true }).click();
    const error = cell.locator(".cell-error");
    await error.waitFor();
    expect(await error.locator("strong").textContent()).toBe("Too many runs for now: the API limits how many statements one address runs per minute.");
    expect(await error.locator("p").textContent()).toMatch(
      /^Too many Cypher statements from your address: the limit is 3 per minute\. Try again in \d+ seconds?\.$/,
    );
  });
});

/**
 * Every secret marker in text: this run's values and any run's sentinel prefix, and unless only
 * values are asked for, the variables' names (client code that names them would read them).
 */
function secretsIn(text: string, valuesOnly = false): string[] {
  const values = [...Object.values(SENTINEL_PREFIXES), SENTINEL_SECRETS.KGX_WRITE_TOKEN, SENTINEL_SECRETS.NEO4J_PASSWORD];
  const markers = valuesOnly ? values : ["KGX_WRITE_TOKEN", "NEO4J_PASSWORD", ...values];
  return markers.filter((marker) => text.includes(marker));
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe("secrets and the browser", () => {
  it("runs both servers with the sentinel secrets, so the checks below look for values they really hold", () => {
    for (const server of [e2e.api, e2e.web]) {
      const environ = fs.readFileSync(`/proc/${server.pid}/environ`, "utf8").split("\0");
      expect(environ).toContain(`KGX_WRITE_TOKEN=${SENTINEL_SECRETS.KGX_WRITE_TOKEN}`);
      expect(environ).toContain(`NEO4J_PASSWORD=${SENTINEL_SECRETS.NEO4J_PASSWORD}`);
    }
    expect(secretsIn(`token: "${SENTINEL_SECRETS.KGX_WRITE_TOKEN}"`)).not.toEqual([]);
  });

  it("ships no static file that names or holds the write token or the Neo4j password", () => {
    const files = filesUnder(path.join(webBuildDir("test"), "static"));
    expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(5);
    const leaks = files
      .map((file) => ({ file: path.relative(WEB_DIR, file), found: secretsIn(fs.readFileSync(file, "latin1")) }))
      .filter((l) => l.found.length > 0);
    expect(leaks).toEqual([]);
  });

  it("renders no page, RSC payload or GraphQL answer that holds a secret", async () => {
    for (const { pathname } of PAGES) {
      const html = await (await getHtml(pathname())).text();
      expect(secretsIn(html), `${pathname()} as HTML`).toEqual([]);
      const rsc = await fetch(e2e.url(pathname()), { headers: { rsc: "1" } });
      const payload = await rsc.text();
      if (rsc.headers.get("content-type")?.startsWith("text/x-component")) expect(payload.length).toBeGreaterThan(0);
      expect(secretsIn(payload), `${pathname()} as RSC payload`).toEqual([]);
    }
    // The API's own documentation names KGX_WRITE_TOKEN (how to enable writes); its value must never appear.
    const schema = await graphql("{ __schema { types { name description fields { name description } } } }");
    expect(secretsIn(JSON.stringify(schema), true)).toEqual([]);
  });
});
