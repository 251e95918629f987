import { describe, expect, it } from "vitest";
import { notebookToIpynb, notebookToText, NotebookFormatError, paramsUsedBy, parseNotebook, parseNotebookText, type Notebook } from "./index.ts";

const notebook: Notebook = {
  title: "The H20's path",
  params: { id: "h20", from: "2025-07-01" },
  cells: [
    { id: "cell-1", kind: "markdown", source: "# The H20\n\nFrom export control to **resumption**.\n%% not a marker\n\\ a backslash\ntitle: not a title" },
    { id: "cell-2", kind: "cypher", source: "MATCH (c:Chip {id: $id})\n// a comment inside Cypher\nRETURN c.name" },
    { id: "cell-3", kind: "graphql", source: '{\n  search(query: "H20") { id }\n}' },
    { id: "cell-4", kind: "cypher", source: "" },
  ],
};

const text = `// kgx notebook
// title: Who said what
// params: {"id":"h20"}

// %% markdown
// # Who said what
//
// Each statement with its speaker.

// %% cypher
MATCH (p:Person)-[:SAID]->(s:Statement)
RETURN p.name, s.date
ORDER BY s.date

// %% graphql
// { graphSchema { entityTypes { name } } }
`;

function failureOf(input: string): NotebookFormatError {
  try {
    parseNotebookText(input);
  } catch (error) {
    if (error instanceof NotebookFormatError) return error;
    throw error;
  }
  throw new Error("the text was accepted");
}

describe("the text form", () => {
  it("reads back a notebook it wrote: title, params, kinds and sources", () => {
    expect(parseNotebookText(notebookToText(notebook))).toEqual(notebook);
  });

  it("writes back a file it read, line for line", () => {
    expect(notebookToText(parseNotebookText(text))).toBe(text);
  });

  it("is valid Cypher around the Cypher cells: everything else is a // comment", () => {
    const written = notebookToText(notebook).split("\n");
    const cypherLines = new Set(notebook.cells.filter((c) => c.kind === "cypher").flatMap((c) => c.source.split("\n")));
    for (const line of written) {
      if (line !== "" && !cypherLines.has(line)) expect(line.startsWith("//")).toBe(true);
    }
  });

  it("leaves last results out of the file", () => {
    const withResult: Notebook = {
      ...notebook,
      cells: [{ id: "c", kind: "cypher", source: "RETURN 1", result: { ranAt: "2025-08-01T00:00:00Z", data: { rows: [[1]] } } }],
    };
    expect(notebookToText(withResult)).not.toContain("ranAt");
    expect(parseNotebookText(notebookToText(withResult)).cells[0]).toEqual({ id: "cell-1", kind: "cypher", source: "RETURN 1" });
  });

  it("reads Windows line endings and a byte-order mark", () => {
    expect(parseNotebookText(`\uFEFF${text.replace(/\n/g, "\r\n")}`)).toEqual(parseNotebookText(text));
  });

  it.each([
    ["a file without the header", "MATCH (n) RETURN n\n", 1, /starts with "\/\/ kgx notebook"/],
    ["no title", "// kgx notebook\n\n// %% cypher\nRETURN 1\n", 1, /no "\/\/ title/],
    ["an unknown cell kind", "// kgx notebook\n// title: x\n// %% python\nprint(1)\n", 3, /unknown cell kind "python"/],
    ["params that are not JSON", "// kgx notebook\n// title: x\n// params: {id: h20}\n", 3, /params is not valid JSON/],
    ["params that are not an object", "// kgx notebook\n// title: x\n// params: [1]\n", 3, /params must be a JSON object/],
    ["stray text in the header", "// kgx notebook\n// title: x\nRETURN 1\n// %% cypher\nRETURN 2\n", 3, /expected "\/\/ title/],
    [
      "an uncommented line in a Markdown cell",
      "// kgx notebook\n// title: x\n\n// %% cypher\nRETURN 1\n\n// %% markdown\n// fine\n# not commented\n",
      9,
      /markdown cell holds only/,
    ],
  ])("refuses %s, naming the line", (_name, input, line, message) => {
    const error = failureOf(input);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^line ${line}: `));
    expect(error.message).toMatch(message);
  });
});

describe("validation", () => {
  it("lists every problem of a bad notebook", () => {
    expect(() =>
      parseNotebook({
        title: "",
        params: [],
        cells: [
          { id: "a", kind: "sql", source: 1 },
          { id: "a", kind: "cypher", source: "" },
        ],
      }),
    ).toThrow(
      /title: must not be empty; params: must be a JSON object.*cells\[0\]\.kind: must be one of markdown, cypher, graphql; cells\[0\]\.source: must be a string; cells\[1\]\.id: "a" is used by another cell/,
    );
  });

  it("refuses a notebook larger than the limit", () => {
    const big = { title: "big", params: {}, cells: Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, kind: "cypher", source: "x".repeat(20_000) })) };
    expect(() => parseNotebook(big)).toThrow(/bytes; at most/);
  });
});

describe("Jupyter export", () => {
  it("writes nbformat 4 with Markdown cells, code cells marked with their kind, and last results as outputs", () => {
    const withResult: Notebook = {
      ...notebook,
      cells: [
        ...notebook.cells.slice(0, 2),
        { id: "cell-9", kind: "cypher", source: "CREATE (n)", result: { ranAt: "2025-08-01T00:00:00Z", data: null, errors: [{ message: "refused" }] } },
      ],
    };
    const ipynb = JSON.parse(JSON.stringify(notebookToIpynb(withResult))) as ReturnType<typeof notebookToIpynb>;
    expect(ipynb.nbformat).toBe(4);
    expect(ipynb.metadata).toMatchObject({ title: "The H20's path", kgx: { params: notebook.params } });
    expect(ipynb.cells.map((c) => [c.cell_type, c.metadata])).toEqual([
      ["markdown", {}],
      ["code", { kgx: { kind: "cypher" } }],
      ["code", { kgx: { kind: "cypher" } }],
    ]);
    expect(ipynb.cells[1]?.source).toEqual(["MATCH (c:Chip {id: $id})\n", "// a comment inside Cypher\n", "RETURN c.name"]);
    expect(ipynb.cells[1]?.source.join("")).toBe(notebook.cells[1]?.source);
    expect(ipynb.cells[2]?.outputs).toEqual([{ output_type: "error", ename: "kgx", evalue: "refused", traceback: [] }]);
  });
});

describe("parameters", () => {
  it("gives a statement only the parameters it names", () => {
    expect(paramsUsedBy("MATCH (c:Chip {id: $chip}) WHERE c.date >= date($from_1) RETURN c", { chip: "h20", from_1: "2025-07-01", to: "x" })).toEqual({
      chip: "h20",
      from_1: "2025-07-01",
    });
    expect(paramsUsedBy("RETURN 1", { chip: "h20" })).toEqual({});
  });
});
