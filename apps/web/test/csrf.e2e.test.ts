import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Response as BrowserResponse } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useE2e } from "./support/e2e-fixture.ts";

/**
 * Cross-site request forgery through the explorer's /graphql: a page on another site makes the
 * visitor's browser post to it in every way a browser does without asking first (a Blob body with
 * no Content-Type, a text/plain form, sendBeacon, text/plain and form-encoded fetches). The API
 * runs without a write token, so notebooks are open to anyone who can reach it: only the CSRF
 * check stands between such a page and the visitor's notebooks.
 */

const CREATE = 'mutation { createNotebook(title: "Planted by another site") { id } }';
const DELETE = 'mutation { deleteNotebook(id: "mine") }';

// The attacking page is another site's, under no policy of the app's: there is nothing to watch.
const e2e = useE2e({ suite: "csrf", apiEnv: { KGX_WRITE_TOKEN: "" }, checkCsp: false });
let attacker: http.Server;
let attackerOrigin: string;

/** The attacking page: every simple request a browser sends to another origin without a preflight. */
function attackPage(target: string): string {
  const create = JSON.stringify({ query: CREATE });
  const remove = JSON.stringify({ query: DELETE });
  return `<!doctype html><html><body>
<iframe name="sink" style="display:none"></iframe>
<form id="form" method="POST" enctype="text/plain" action="${target}" target="sink">
  <input name='${create.slice(0, -2)}' value='${create.slice(-2)}'>
</form>
<form id="urlencoded" method="POST" action="${target}" target="sink"><input name="query" value='${CREATE}'></form>
<script>
(async () => {
  const target = ${JSON.stringify(target)};
  const attempts = [
    fetch(target, { method: "POST", body: new Blob([${JSON.stringify(create)}]), mode: "no-cors", credentials: "include" }),
    fetch(target, { method: "POST", body: new Blob([${JSON.stringify(remove)}]), mode: "no-cors", credentials: "include" }),
    fetch(target, { method: "POST", body: ${JSON.stringify(create)}, headers: { "content-type": "text/plain" }, mode: "no-cors", credentials: "include" }),
    fetch(target, { method: "POST", body: new URLSearchParams({ query: ${JSON.stringify(CREATE)} }), mode: "no-cors", credentials: "include" }),
    fetch(target + "?query=" + encodeURIComponent(${JSON.stringify(CREATE)}), { mode: "no-cors", credentials: "include" }),
  ];
  navigator.sendBeacon(target, new Blob([${JSON.stringify(create)}]));
  navigator.sendBeacon(target, ${JSON.stringify(create)});
  await Promise.allSettled(attempts);
  document.getElementById("form").submit();
  await new Promise((resolve) => setTimeout(resolve, 500));
  document.getElementById("urlencoded").submit();
  await new Promise((resolve) => setTimeout(resolve, 500));
  document.title = "done";
})();
</script></body></html>`;
}

async function notebookIds(): Promise<string[]> {
  const answer = await e2e.apiGraphql<{ notebooks: { id: string }[] }>("{ notebooks { id } }");
  return (answer.data?.notebooks ?? []).map((n) => n.id).sort();
}

beforeAll(async () => {
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(attackPage(e2e.url("/graphql")));
  });
  // All addresses, so "localhost" answers over IPv4 and IPv6 alike.
  await new Promise<void>((resolve) => attacker.listen(0, resolve));
  // Another site, not only another port: localhost against the explorer's 127.0.0.1.
  attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
});

describe("cross-site requests to the explorer's /graphql", () => {
  it("refuses every request a page on another site can send without a preflight, so no notebook is created or deleted", async () => {
    const created = await e2e.apiGraphql('mutation { createNotebook(title: "Mine") { id } }');
    expect(created.errors).toBeUndefined();
    const before = await notebookIds();
    expect(before).toContain("mine");

    const page = await e2e.newPage();
    const answers: { method: string; contentType: string; accept: string; status: number; body: string }[] = [];
    const pending: Promise<void>[] = [];
    page.on("response", (response: BrowserResponse) => {
      if (!response.url().startsWith(e2e.url("/graphql"))) return;
      pending.push(
        (async () => {
          const request = response.request();
          const headers = await request.allHeaders();
          answers.push({
            method: request.method(),
            contentType: headers["content-type"] ?? "",
            accept: headers["accept"] ?? "",
            status: response.status(),
            body: await response.text().catch(() => ""),
          });
        })(),
      );
    });
    await page.goto(`${attackerOrigin}/`);
    await page.waitForFunction(() => document.title === "done", undefined, { timeout: 20_000 });
    // Beacons and form posts are sent when the browser gets to them: wait for both forms' posts
    // (they ask for HTML), then a moment more for the last beacons.
    const formPosts = () => answers.filter((a) => a.method === "POST" && a.accept.includes("text/html")).length;
    for (let waited = 0; formPosts() < 2 && waited < 15_000; waited += 100) await page.waitForTimeout(100);
    await page.waitForTimeout(1000);
    await Promise.all(pending);

    // Every attempt reached the web server and was refused there, the forms' too (they ask for HTML, which would be GraphiQL's page).
    const posts = answers.filter((a) => a.method === "POST");
    expect(posts.length, JSON.stringify(answers)).toBeGreaterThanOrEqual(6);
    for (const answer of posts) {
      expect(answer.status, JSON.stringify(answer)).toBe(400);
      // Chromium keeps no body of a no-cors answer, and shows its own page for a refused frame; what it keeps is the refusal.
      if (answer.body.startsWith("{")) expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ extensions: { code: "CSRF_REFUSED" } }] });
    }
    expect(posts.filter((a) => a.accept.includes("text/html"))).toHaveLength(2);
    expect(new Set(posts.map((a) => a.contentType.split(";")[0]))).toEqual(new Set(["", "text/plain", "application/x-www-form-urlencoded"]));
    // A GET is not a way in either: the forwarder answers only POST, and the API runs no mutation over GET.
    for (const get of answers.filter((a) => a.method === "GET")) expect(get.status).toBeGreaterThanOrEqual(400);

    expect(await notebookIds()).toEqual(before);
  });

  it("says why, with a code, to a client that sends no Content-Type, and forwards JSON and preflighted requests as before", async () => {
    const body = JSON.stringify({ query: CREATE });
    const bare = await fetch(e2e.url("/graphql"), { method: "POST", body: new Blob([body]) });
    expect(bare.status).toBe(400);
    const refused = (await bare.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(refused.errors[0]?.extensions.code).toBe("CSRF_REFUSED");
    expect(refused.errors[0]?.message).toMatch(/cross-site request forgery: send it with `Content-Type: application\/json`/);
    for (const contentType of ["text/plain", "TEXT/PLAIN; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const answer = await fetch(e2e.url("/graphql"), { method: "POST", headers: { "content-type": contentType }, body });
      expect(answer.status, contentType).toBe(400);
    }
    const before = await notebookIds();

    for (const contentType of ["application/json", "application/json; charset=utf-8", "application/graphql-response+json"]) {
      const answer = await fetch(e2e.url("/graphql"), {
        method: "POST",
        headers: { "content-type": contentType },
        body: JSON.stringify({ query: "{ notebooks { id } }" }),
      });
      expect(answer.status, contentType).toBe(200);
    }
    // A header only a preflighted request can carry lets a simple type through the check; the API then judges the body.
    const preflighted = await fetch(e2e.url("/graphql"), {
      method: "POST",
      headers: { "content-type": "text/plain", "apollo-require-preflight": "true" },
      body,
    });
    expect(((await preflighted.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).not.toBe("CSRF_REFUSED");
    expect(await notebookIds()).toEqual(before);

    // GET: the forwarder answers no GET, and the API itself refuses a mutation over GET.
    const viaWeb = await fetch(`${e2e.url("/graphql")}?query=${encodeURIComponent(CREATE)}`, { headers: { accept: "application/json" } });
    expect(viaWeb.status).toBe(405);
    const viaApi = await fetch(`${e2e.api.url}?query=${encodeURIComponent(CREATE)}`, {
      headers: { "apollo-require-preflight": "true", accept: "application/json" },
    });
    expect(viaApi.status).toBe(405);
    expect(JSON.stringify(await viaApi.json())).toMatch(/mutation/i);
    expect(await notebookIds()).toEqual(before);
  });
});
