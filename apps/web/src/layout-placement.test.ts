import { describe, expect, it } from "vitest";
import { ringPlacement, settleNewcomers } from "./layout-placement.ts";

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe("where new nodes start", () => {
  it("puts an expansion's new nodes on a ring around the expanded node, apart from each other", () => {
    const placed = new Map([
      ["hub", { x: 500, y: 0 }],
      ["other", { x: 0, y: 0 }],
    ]);
    const newIds = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const edges = [{ source: "hub", target: "other" }, ...newIds.map((id) => ({ source: "hub", target: id }))];
    const start = ringPlacement(newIds, placed, edges);
    expect([...start.keys()].sort()).toEqual([...newIds].sort());
    const radii = newIds.map((id) => distance(start.get(id)!, placed.get("hub")!));
    for (const r of radii) expect(r).toBeCloseTo(radii[0]!, 6);
    for (const a of newIds) for (const b of newIds) if (a !== b) expect(distance(start.get(a)!, start.get(b)!)).toBeGreaterThan(40);
    expect(placed.get("hub")).toEqual({ x: 500, y: 0 });
  });

  it("puts a single newcomer on the side away from the drawing", () => {
    const placed = new Map([
      ["a", { x: 0, y: 0 }],
      ["b", { x: 200, y: 0 }],
    ]);
    const start = ringPlacement(["c"], placed, [{ source: "b", target: "c" }]);
    expect(start.get("c")!.x).toBeGreaterThan(200);
  });

  it("follows chains of newcomers and sets unconnected ones beside the drawing", () => {
    const placed = new Map([["a", { x: 0, y: 0 }]]);
    const start = ringPlacement(["b", "c", "loose"], placed, [
      { source: "a", target: "b" },
      { source: "b", target: "c" },
    ]);
    expect(distance(start.get("b")!, start.get("c")!)).toBeGreaterThan(100);
    expect(start.get("loose")!.x).toBeGreaterThan(start.get("b")!.x);
  });

  it("moves newcomers back by the shift fcose gave the fixed nodes", () => {
    const before = new Map([
      ["a", { x: 0, y: 0 }],
      ["b", { x: 100, y: 0 }],
    ]);
    const after = new Map([
      ["a", { x: 10, y: 5 }],
      ["b", { x: 110, y: 5 }],
      ["n", { x: 60, y: 105 }],
    ]);
    expect(settleNewcomers(before, after, ["n"])).toEqual(new Map([["n", { x: 50, y: 100 }]]));
  });
});
