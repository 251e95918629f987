import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { neo4jSchemaStatements } from "@kgx/domain";
import { describe, expect, it } from "vitest";
import { splitCypherStatements } from "../src/cypher-text.ts";
import { allStatements, SCHEMA_STATEMENTS } from "../src/neo4j/statements.ts";

/**
 * Parses every statement the Neo4j adapter can send, and every statement of the shipped Cypher
 * files, with Neo4j's own Cypher front end: @neo4j-cypher/language-support ships Neo4j's grammar and
 * the database's semantic analysis compiled to JavaScript. No server is needed, so a typo in a
 * statement fails here rather than against a live database.
 */

type LanguageSupport = typeof import("@neo4j-cypher/language-support");
type DbSchema = import("@neo4j-cypher/language-support").DbSchema;

// The package's ESM build imports its own modules without file extensions and does not load on
// Node; its CommonJS bundle does.
const requireCjs = createRequire(import.meta.url);
const { lintCypherQuery, parseParameters, testData } = requireCjs("@neo4j-cypher/language-support") as LanguageSupport;

/**
 * Built-in functions and procedures as a Neo4j 5 server reports them (the package's recorded
 * schema), so a misspelt function is an error too. APOC and GDS are left out: the server we target
 * is a plain `neo4j:5`.
 */
function builtInSchema(): Pick<DbSchema, "functions" | "procedures"> {
  const keepBuiltIn = <T extends { name: string }>(registry: Record<string, T> | undefined): Record<string, T> =>
    Object.fromEntries(Object.entries(registry ?? {}).filter(([name]) => !/^(apoc|gds)\./.test(name)));
  return {
    functions: { "CYPHER 5": keepBuiltIn(testData.mockSchema.functions?.["CYPHER 5"]) },
    procedures: { "CYPHER 5": keepBuiltIn(testData.mockSchema.procedures?.["CYPHER 5"]) },
  };
}

const BUILT_INS = builtInSchema();

interface CypherProblem {
  readonly severity: "error" | "warning";
  /** 1-based, relative to the statement text. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * What Neo4j would say about the statement before running it: errors, and warnings such as an
 * accidental cartesian product or a deprecated feature. Parameters are declared; their values
 * do not matter to the parser.
 */
function cypherProblems(statement: string): CypherProblem[] {
  const parameters = Object.fromEntries(parseParameters(statement, false).map((name) => [name, null]));
  return lintCypherQuery(statement, { ...BUILT_INS, parameters }, false).map((diagnostic) => ({
    // LSP severities: 1 error, 2 warning, 3 information, 4 hint.
    severity: diagnostic.severity === 1 ? "error" : "warning",
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    message: typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value,
  }));
}

function cypherErrors(statement: string): CypherProblem[] {
  return cypherProblems(statement).filter((p) => p.severity === "error");
}

/** Neo4j's front end takes tens of milliseconds per statement; a knowledge file has hundreds. */
const KNOWLEDGE_FILE_TIMEOUT_MS = 120_000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function cypherFilesIn(folder: string): string[] {
  const dir = path.join(repoRoot, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".cypher"))
    .sort()
    .map((name) => path.join(folder, name));
}

describe("the Neo4j parser check itself", () => {
  it("accepts a well-formed statement with parameters", () => {
    expect(cypherProblems("MATCH (n:Entity {id: $id})-[r]-(m) RETURN n, r, m LIMIT $limit")).toEqual([]);
  });

  it("reports a syntax error with its position", () => {
    const problems = cypherErrors("MATCH (n:Entity\nRETURN n");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ line: 2, column: 1 });
  });

  it("reports a misspelt clause", () => {
    expect(cypherErrors("MATCH (n) RETRN n")).not.toEqual([]);
  });

  it("reports an undefined variable", () => {
    expect(
      cypherErrors("MATCH (n) RETURN m")
        .map((p) => p.message)
        .join("\n"),
    ).toMatch(/Variable `m` not defined/);
  });

  it("reports a function Neo4j does not have", () => {
    expect(
      cypherErrors("MATCH (n) RETURN toLowr(n.name)")
        .map((p) => p.message)
        .join("\n"),
    ).toMatch(/toLowr/);
  });

  it("warns about an accidental cartesian product", () => {
    expect(cypherProblems("MATCH (a), (b) RETURN a, b").map((p) => p.severity)).toContain("warning");
  });

  it("reports Kùzu-only syntax that Neo4j rejects", () => {
    expect(cypherErrors("MATCH p = (a)-[* SHORTEST 1..6]-(b) RETURN p")).not.toEqual([]);
  });
});

describe("statements the Neo4j adapter sends", () => {
  const statements = allStatements();

  it("include every schema statement of the domain model", () => {
    const texts = new Set(statements.map((s) => s.text));
    expect(SCHEMA_STATEMENTS).toEqual(neo4jSchemaStatements());
    for (const schemaStatement of neo4jSchemaStatements()) expect(texts.has(schemaStatement)).toBe(true);
  });

  it("have unique names", () => {
    const names = statements.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // Stricter than for hand-written files: the adapter's own statements must not draw warnings either.
  it.each(statements.map((s) => [s.name, s.text] as const))("%s parses without errors or warnings", (_name, text) => {
    expect(cypherProblems(text)).toEqual([]);
  });
});

describe("shipped Cypher files", () => {
  const files = [...cypherFilesIn("cypher/knowledge"), ...cypherFilesIn("cypher/schema").filter((f) => f.endsWith("neo4j.cypher"))];

  if (files.length === 0) {
    it.skip("no .cypher files in cypher/knowledge or cypher/schema/neo4j.cypher yet", () => {});
    return;
  }

  it.each(files)(
    "%s parses statement by statement",
    (file) => {
      const script = readFileSync(path.join(repoRoot, file), "utf8");
      const statements = splitCypherStatements(script);
      expect(statements.length).toBeGreaterThan(0);
      const problems = statements.flatMap((statement) =>
        cypherErrors(statement.text).map((p) => `${file}:${(statement.line ?? 1) + p.line - 1}:${p.column}: ${p.message}`),
      );
      expect(problems).toEqual([]);
    },
    KNOWLEDGE_FILE_TIMEOUT_MS,
  );
});
