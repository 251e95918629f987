import { describe, expect, it } from "vitest";
import { editDistance, foldName, SimilarNameIndex } from "./similar-names.ts";

describe("similar names", () => {
  it("folds width, case, kana and separators", () => {
    expect(foldName("ｴﾇﾋﾞﾃﾞｨｱ")).toBe(foldName("えぬびでぃあ"));
    expect(foldName("ジェンセン・フアン")).toBe(foldName("ジェンセンフアン"));
    expect(foldName("ジェンセン･フアン")).toBe("じぇんせんふあん");
    expect(foldName("Ｈｏｗａｒｄ  Lutnick")).toBe("howardlutnick");
  });

  it("counts a swap of neighbours as one edit and stops past the limit", () => {
    expect(editDistance([..."nvdia"], [..."nvidia"], 2)).toBe(1);
    expect(editDistance([..."huawai"], [..."huawei"], 2)).toBe(1);
    expect(editDistance([..."chisp"], [..."chips"], 2)).toBe(1);
    expect(editDistance([..."abcdef"], [..."uvwxyz"], 2)).toBe(3);
  });

  const index = new SimilarNameIndex([
    { id: "howard-lutnick", type: "Person", name: "Howard Lutnick", nameJa: "ハワード・ルトニック", aliases: null },
    { id: "nvidia", type: "Organization", name: "Nvidia", nameJa: "エヌビディア", aliases: ["NVIDIA Corporation"] },
    { id: "huawei", type: "Organization", name: "Huawei", nameJa: "ファーウェイ", aliases: null },
    { id: "jensen-huang", type: "Person", name: "Jensen Huang", nameJa: "ジェンセン・フアン", aliases: null },
  ]);
  const ids = (query: string) => index.similar(query, 5, [], new Set()).map((h) => h.id);

  it("finds the names a typo or another way of writing points to, nearest first", () => {
    expect(ids("lutnik")).toEqual(["howard-lutnick"]);
    expect(index.similar("lutnik", 5, [], new Set())[0]?.matched).toBe("Howard Lutnick");
    expect(ids("nvdia")).toEqual(["nvidia"]);
    expect(ids("huawai")).toEqual(["huawei"]);
    expect(ids("じぇんせん")).toEqual(["jensen-huang"]);
    expect(ids("ジェンセンフアン")).toEqual(["jensen-huang"]);
    expect(ids("るとにっく")).toEqual(["howard-lutnick"]);
    expect(ids("zzzzzz")).toEqual([]);
  });

  it("forgets replaced and removed names, and keeps to the types and ids asked", () => {
    const copy = new SimilarNameIndex([{ id: "a", type: "Person", name: "Alpha Centauri", nameJa: null, aliases: null }]);
    expect(copy.similar("centaury", 5, [], new Set()).map((h) => h.id)).toEqual(["a"]);
    expect(copy.similar("centaury", 5, ["Chip"], new Set())).toEqual([]);
    expect(copy.similar("centaury", 5, [], new Set(["a"]))).toEqual([]);
    copy.upsert([{ id: "a", type: "Person", name: "Beta Pictoris", nameJa: null, aliases: null }]);
    expect(copy.similar("centaury", 5, [], new Set())).toEqual([]);
    expect(copy.similar("pictoriss", 5, [], new Set()).map((h) => h.id)).toEqual(["a"]);
    copy.remove(["a"]);
    expect(copy.similar("pictoriss", 5, [], new Set())).toEqual([]);
    expect(copy.size).toBe(0);
  });
});
