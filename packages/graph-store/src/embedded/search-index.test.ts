import { describe, expect, it } from "vitest";
import { SearchIndex, type SearchIndexRow } from "./search-index.ts";

const rows: SearchIndexRow[] = [
  { id: "nvidia", type: "Organization", name: "Nvidia", nameJa: "エヌビディア", aliases: ["NVDA", "NVIDIA Corporation"] },
  { id: "nvidia-h20", type: "Chip", name: "Nvidia H20", nameJa: null, aliases: null },
  { id: "nvda-fund", type: "Organization", name: "Alpha fund", nameJa: null, aliases: ["nvda"] },
  { id: "h20-ban", type: "Policy", name: "H20 export licence", nameJa: "H20輸出許可", aliases: [] },
  { id: "huawei", type: "Organization", name: "Huawei", nameJa: "ファーウェイ", aliases: ["华为"] },
];

const ranked = (index: SearchIndex, q: string, limit = 10, types: string[] = []) => index.search(q, limit, types).map((h) => `${h.rank}:${h.id}`);

describe("search index", () => {
  it("ranks an exact name before an exact alias before a prefix before a substring", () => {
    const index = new SearchIndex(rows);
    expect(ranked(index, "nvda")).toEqual(["alias:nvda-fund", "alias:nvidia"]);
    expect(ranked(index, "nvidia")).toEqual(["exact:nvidia", "prefix:nvidia-h20"]);
    expect(ranked(index, "h20")).toEqual(["prefix:h20-ban", "contains:nvidia-h20"]);
  });

  it("matches Japanese names and aliases in any script", () => {
    const index = new SearchIndex(rows);
    expect(ranked(index, "エヌビディア")).toEqual(["exact:nvidia"]);
    expect(ranked(index, "ウェイ")).toEqual(["contains:huawei"]);
    expect(ranked(index, "华为")).toEqual(["alias:huawei"]);
    expect(ranked(index, "輸出")).toEqual(["contains:h20-ban"]);
  });

  it("filters by type and keeps only the best `limit`, ties by name then id", () => {
    const index = new SearchIndex(rows);
    expect(ranked(index, "nv", 10, ["Chip"])).toEqual(["prefix:nvidia-h20"]);
    expect(ranked(index, "a", 2)).toEqual(["prefix:nvda-fund", "contains:huawei"]);
    const many = new SearchIndex(
      Array.from({ length: 300 }, (_, i) => ({ id: `e${299 - i}`, type: "Person" as const, name: "Same", nameJa: null, aliases: null })),
    );
    expect(many.search("same", 3, []).map((h) => h.id)).toEqual(["e0", "e1", "e10"]);
  });

  it("follows upserts and removals", () => {
    const index = new SearchIndex(rows);
    index.upsert([{ id: "huawei", type: "Organization", name: "Huawei Technologies", nameJa: null, aliases: null }]);
    expect(ranked(index, "huawei")).toEqual(["prefix:huawei"]);
    expect(ranked(index, "华为")).toEqual([]);
    index.remove(["huawei"]);
    expect(ranked(index, "huawei")).toEqual([]);
    expect(index.typeOf("nvidia")).toBe("Organization");
  });
});
