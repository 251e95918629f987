// Package boundaries, checked by `npm run boundaries` (and by tooling/checks.test.ts in `npm test`).
// Rules: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
const fs = require("node:fs");
const path = require("node:path");

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Workspace folders (apps/api, packages/domain, bench, …), read from the root package.json. */
function workspaceFolders() {
  const { workspaces } = JSON.parse(fs.readFileSync(path.join(__dirname, "package.json"), "utf8"));
  return workspaces.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    return fs
      .readdirSync(path.join(__dirname, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(__dirname, parent, entry.name, "package.json")))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

/**
 * The files each package's `exports` map names: the only files another package may import. Taken
 * from the package.json files themselves, so a new subpath export needs no change here.
 */
function entryPointFiles(folders) {
  return folders.flatMap((folder) => {
    const { exports: exportMap = {} } = JSON.parse(fs.readFileSync(path.join(__dirname, folder, "package.json"), "utf8"));
    const targets = Object.values(exportMap).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target)));
    return [...new Set(targets)].map((target) => path.posix.join(folder, target));
  });
}

const folders = workspaceFolders();
const anyWorkspace = `^(${folders.map(escape).join("|")})/`;
const anyWorkspaceFolder = `^(${folders.map(escape).join("|")})(/|$)`;
const entryPoints = `^(${entryPointFiles(folders).map(escape).join("|")})$`;
const embeddedSide = "^packages/graph-store/src/(embedded|embedded-host)/";
const neo4jSide = "^packages/graph-store/src/neo4j/";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "only-through-entry-points",
      comment:
        "Another package is used through a path its package.json `exports` names (`@kgx/graph-store`, `@kgx/graph-store/neo4j`), never by reaching into its src/ or test/.",
      severity: "error",
      from: { path: anyWorkspace },
      to: { path: anyWorkspace, pathNot: ["^$1/", entryPoints] },
    },
    {
      name: "by-package-name",
      comment: "Another package is imported by its name (`@kgx/domain`), not by a relative path into its folder.",
      severity: "error",
      from: { path: anyWorkspace },
      to: { path: anyWorkspace, pathNot: "^$1/", dependencyTypes: ["local"] },
    },
    {
      name: "embedded-adapter-apart-from-neo4j",
      comment: "The embedded (Kùzu) adapter and its host process never import the Neo4j adapter: both stand behind the port on their own.",
      severity: "error",
      from: { path: embeddedSide },
      to: { path: neo4jSide },
    },
    {
      name: "neo4j-adapter-apart-from-embedded",
      comment: "The Neo4j adapter never imports the embedded (Kùzu) adapter or its host process.",
      severity: "error",
      from: { path: neo4jSide },
      to: { path: embeddedSide },
    },
    {
      name: "no-adapter-internals",
      comment: "Code outside @kgx/graph-store opens an adapter through its subpath export (`@kgx/graph-store/embedded`), never its internals.",
      severity: "error",
      from: { pathNot: "^packages/graph-store/" },
      to: { path: "^packages/graph-store/src/(embedded|neo4j)/", pathNot: "^packages/graph-store/src/(embedded|neo4j)/index\\.ts$" },
    },
    {
      name: "web-app-off-the-store",
      comment: "The web app talks to the GraphQL API only: it never imports @kgx/graph-store or a database driver.",
      severity: "error",
      from: { path: "^apps/web/" },
      to: { path: ["^packages/graph-store/", "(^|/)node_modules/(kuzu|neo4j-driver)/"] },
    },
    {
      name: "no-circular-packages",
      comment: "Workspace packages depend on each other in one direction only: an import cycle through two packages makes them one.",
      severity: "error",
      from: { path: anyWorkspace },
      to: { path: anyWorkspace, pathNot: "^$1/", circular: true },
    },
    {
      name: "no-circular-package-folders",
      comment: "The same between folders: also finds a cycle between packages whose files form none (a/src imports b, b/src imports a/test).",
      severity: "error",
      scope: "folder",
      from: { path: anyWorkspaceFolder },
      to: { path: anyWorkspaceFolder, pathNot: "^$1(/|$)", circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to no file: a typo, or a path the target package's `exports` does not name.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: ["(^|/)\\.next[^/]*/", "(^|/)\\.turbo/", "(^|/)dist/", "(^|/)test-artifacts/", "(^|/)next-env\\.d\\.ts$"] },
    // `import type` counts: a type-only import across a boundary couples the packages just the same.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mts", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    skipAnalysisNotInRules: true,
  },
};
