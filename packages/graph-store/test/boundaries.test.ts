import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Architecture rules that keep the port meaningful: code above the store reaches it only through
 * the package's public entry points, the two adapters never import each other, and no app imports
 * another package's `src/` internals.
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", ".next", "dist", ".turbo"].includes(entry.name) ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1] as string);
}

const allFiles = [...sourceFiles(path.join(ROOT, "packages")), ...sourceFiles(path.join(ROOT, "apps"))];

describe("package boundaries", () => {
  it("finds the sources it checks", () => {
    expect(allFiles.length).toBeGreaterThan(20);
  });

  it("never deep-imports another package's src/", () => {
    const offenders = allFiles.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^@kgx\/[^/]+\/src\//.test(spec))
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps the embedded and Neo4j adapters apart", () => {
    const adapters = { embedded: "neo4j", neo4j: "embedded" } as const;
    const offenders = Object.entries(adapters).flatMap(([adapter, sibling]) =>
      sourceFiles(path.join(ROOT, "packages/graph-store/src", adapter)).flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec.includes(`/${sibling}/`) || spec.endsWith(`/${sibling}`) || spec === `@kgx/graph-store/${sibling}`)
          .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps code above the port away from adapter internals", () => {
    const outside = allFiles.filter((file) => !file.startsWith(path.join(ROOT, "packages/graph-store")));
    const offenders = outside.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /graph-store\/src\/(embedded|neo4j)\//.test(spec))
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps the web app off the store entirely", () => {
    const offenders = sourceFiles(path.join(ROOT, "apps/web")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith("@kgx/graph-store") || spec === "kuzu" || spec === "neo4j-driver")
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
