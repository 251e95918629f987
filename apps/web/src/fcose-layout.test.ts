import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { describe, expect, it } from "vitest";
import { computeFcosePositions, fcoseOptions, type HeadlessCytoscape, type LayoutEdge, type LayoutNode, type LayoutPositions } from "./fcose-layout.ts";

cytoscape.use(fcose);
const headless = cytoscape as unknown as HeadlessCytoscape;

const node = (id: string, x = 0, y = 0, size = 26, locked = false): LayoutNode => ({ id, x, y, width: size, height: size, locked });
const link = (source: string, target: string): LayoutEdge => ({ id: `${source}-${target}`, source, target });
const byId = (positions: LayoutPositions) => new Map(positions.map(([id, x, y]) => [id, { x, y }]));
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/** Two clusters of six, each fully linked inside, joined by one relationship. */
function twoClusters(): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  for (const cluster of ["a", "b"]) {
    for (let i = 0; i < 6; i++) {
      nodes.push(node(`${cluster}${i}`));
      for (let j = 0; j < i; j++) edges.push(link(`${cluster}${j}`, `${cluster}${i}`));
    }
  }
  edges.push(link("a0", "b0"));
  return { nodes, edges };
}

describe("computeFcosePositions (the layout the worker runs)", () => {
  it("places every node once, apart from the others, with linked clusters drawn together", () => {
    const { nodes, edges } = twoClusters();
    const positions = computeFcosePositions(headless, { nodes, edges, options: fcoseOptions(false) });
    expect(positions.map(([id]) => id).sort()).toEqual(nodes.map((n) => n.id).sort());
    const at = byId(positions);
    for (const [, x, y] of positions) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    const ids = nodes.map((n) => n.id);
    let inside = 0;
    let insideCount = 0;
    let across = 0;
    let acrossCount = 0;
    for (const a of ids) {
      for (const b of ids) {
        if (a >= b) continue;
        const d = distance(at.get(a)!, at.get(b)!);
        // All nodes started on the same spot; none may be left on top of another.
        expect(d).toBeGreaterThan(26);
        if (a[0] === b[0]) {
          inside += d;
          insideCount++;
        } else {
          across += d;
          acrossCount++;
        }
      }
    }
    expect(inside / insideCount).toBeLessThan(across / acrossCount);
  });

  it("leaves a locked node exactly where it is and arranges the rest", () => {
    const { nodes, edges } = twoClusters();
    const withLock = nodes.map((n) => (n.id === "a3" ? node("a3", 1000, -500, 26, true) : n));
    const at = byId(computeFcosePositions(headless, { nodes: withLock, edges, options: fcoseOptions(false) }));
    expect(at.get("a3")).toEqual({ x: 1000, y: -500 });
    // The others did move off their common starting point.
    expect(nodes.filter((n) => n.id !== "a3").every((n) => distance(at.get(n.id)!, { x: 0, y: 0 }) > 1)).toBe(true);
  });

  it("starts from the nodes' current places when it adds to a laid-out graph", () => {
    const { nodes, edges } = twoClusters();
    // Cluster "a" placed on one side and "b" on the other: an incremental layout keeps the sides.
    const placedWithASide = (side: number) =>
      nodes.map((n, i) => node(n.id, (n.id.startsWith("a") ? side : -side) * 600 + (i % 3) * 40, Math.floor(i / 3) * 40));
    const centre = (positions: LayoutPositions, cluster: string) => {
      const xs = positions.filter(([id]) => id.startsWith(cluster)).map(([, x]) => x);
      return xs.reduce((sum, x) => sum + x, 0) / xs.length;
    };
    for (const side of [-1, 1]) {
      const positions = computeFcosePositions(headless, { nodes: placedWithASide(side), edges, options: fcoseOptions(true) });
      expect(Math.sign(centre(positions, "a") - centre(positions, "b"))).toBe(side);
    }
  });

  it("keeps big nodes further apart than small ones (it lays out the drawn sizes, not points)", () => {
    const pair = (size: number) => {
      const at = byId(
        computeFcosePositions(headless, { nodes: [node("x", 0, 0, size), node("y", 1, 1, size)], edges: [link("x", "y")], options: fcoseOptions(false) }),
      );
      return distance(at.get("x")!, at.get("y")!);
    };
    expect(pair(400)).toBeGreaterThan(pair(10) + 200);
  });
});
