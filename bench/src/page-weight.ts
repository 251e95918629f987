import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { formatNumber, notMeasured, type BenchRow } from "./report.ts";
import { CHROMIUM_PATH, launchChromium } from "./rendering.ts";

const require = createRequire(import.meta.url);
const NAME = "page weight (explorer first view)";
const HOW = "gzipped JS responses when chromium loads / of the production build";
const TARGET = "≤ 200 KB gzipped, Cytoscape loaded lazily";
const LIMIT_BYTES = 200 * 1024;
/** A message only Cytoscape's own code contains (a loader that merely names the chunk does not). */
const CYTOSCAPE_MARKER = "Cytoscape container has style position:static";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The explorer's production build served by `next start` on loopback; measured only when a build exists. */
export async function pageWeightRow(repoRoot: string): Promise<BenchRow> {
  const webDir = path.join(repoRoot, "apps", "web");
  if (!fs.existsSync(path.join(webDir, ".next", "BUILD_ID"))) return notMeasured(NAME, HOW, TARGET, "the explorer is not built");
  if (!fs.existsSync(CHROMIUM_PATH)) return notMeasured(NAME, HOW, TARGET, `no browser at ${CHROMIUM_PATH}`);
  let nextBin: string;
  try {
    nextBin = require.resolve("next/dist/bin/next", { paths: [webDir] });
  } catch {
    return notMeasured(NAME, HOW, TARGET, "next is not installed");
  }
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: webDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const chromiumHandle = await launchChromium();
  try {
    const origin = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(origin).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline || child.exitCode !== null) return notMeasured(NAME, HOW, TARGET, `next start did not answer: ${output.slice(-200)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const page = await chromiumHandle.browser.newPage();
    const scripts: { url: string; gzipped: number; cytoscape: boolean }[] = [];
    const pending: Promise<void>[] = [];
    page.on("response", (response) => {
      const url = response.url();
      if (response.request().resourceType() !== "script" && !/\.m?js(\?|$)/.test(url)) return;
      pending.push(
        response.body().then(
          (body) => void scripts.push({ url, gzipped: gzipSync(body).length, cytoscape: body.includes(CYTOSCAPE_MARKER) }),
          () => undefined,
        ),
      );
    });
    await page.goto(origin, { waitUntil: "networkidle" });
    await Promise.all(pending);
    await page.close();
    const total = scripts.reduce((sum, s) => sum + s.gzipped, 0);
    const cytoscapeEager = scripts.some((s) => s.cytoscape);
    return {
      name: NAME,
      how: HOW,
      value: total / 1024,
      unit: "KB gzipped",
      shown: `${formatNumber(total / 1024)} KB in ${scripts.length} scripts; Cytoscape's code ${cytoscapeEager ? "among them" : "not among them"}`,
      baseline: LIMIT_BYTES / 1024,
      baselineShown: "budget 200 KB",
      ratio: total / LIMIT_BYTES,
      target: TARGET,
      met: total <= LIMIT_BYTES,
      details: { scripts },
    };
  } finally {
    await chromiumHandle.dispose();
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}
