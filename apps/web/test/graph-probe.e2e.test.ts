import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { webBuildDir, type WebBuildKind } from "../../../tooling/web-build.ts";
import { ensureProductionBuild, ensureTestBuild } from "./support/servers.ts";

/**
 * The graph probes (`window.kgxGraph` for the explorer, `window.kgxResultGraph` for a notebook
 * cell's graph, which the browser suites read) are compiled into the test build only: not one client chunk of the production build, the one `npm start` serves, names it.
 * Both builds are made when stale; a full run needs them anyway (the browser suites serve the test
 * build, the `npm start` suite the production build), so this check adds no build of its own.
 */

function clientChunks(kind: WebBuildKind): string[] {
  const dir = path.join(webBuildDir(kind), "static");
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".js"))
    .map((file) => path.join(dir, file));
}

const naming = (files: readonly string[], word: string) => files.filter((file) => fs.readFileSync(file, "utf8").includes(word));

describe("the graph probes", () => {
  it("are in no client chunk of the production build, and in the test build's", async () => {
    await ensureProductionBuild();
    await ensureTestBuild();
    const production = clientChunks("production");
    const test = clientChunks("test");
    // The chunk that draws the graph is there in both (Cytoscape's own warning is in it), so the check looks where the probe would be.
    expect(naming(production, "Cytoscape container has style position:static")).not.toEqual([]);
    expect(naming(production, "kgxGraph").map((file) => path.relative(webBuildDir("production"), file))).toEqual([]);
    expect(naming(test, "kgxGraph")).not.toEqual([]);
    expect(naming(production, "kgxResultGraph").map((file) => path.relative(webBuildDir("production"), file))).toEqual([]);
    expect(naming(test, "kgxResultGraph")).not.toEqual([]);
  }, 600_000);
});
