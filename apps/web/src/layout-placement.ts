/**
 * Where new nodes start when the graph grows. Nodes already drawn never move; each new node starts
 * on a ring around the drawn node it is joined to (the one that brought it in, for an expansion),
 * so that the short layout that follows only has to settle the newcomers near their origin.
 * Pure data in, data out: the canvas, the worker and the tests all use it alike.
 */

export interface PlacementPoint {
  readonly x: number;
  readonly y: number;
}

export interface PlacementEdge {
  readonly source: string;
  readonly target: string;
}

/** Room per node along a ring, and the smallest ring, in model pixels. */
const RING_SPACING = 56;
const MIN_RING_RADIUS = 130;
/** Spacing of the block that takes new nodes joined to nothing drawn. */
const LOOSE_SPACING = 120;

function ringRadius(count: number): number {
  return Math.max(MIN_RING_RADIUS, (count * RING_SPACING) / (2 * Math.PI));
}

function centroid(points: Iterable<PlacementPoint>): PlacementPoint | undefined {
  let x = 0;
  let y = 0;
  let n = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
    n++;
  }
  return n === 0 ? undefined : { x: x / n, y: y / n };
}

/**
 * Starting points for `newIds`, given where the other nodes are (`placed`). A new node next to a
 * placed one goes on that one's ring (the placed neighbour with the most new neighbours, so an
 * expansion's nodes circle the expanded node); a new node joined only to other new nodes follows
 * them, ring by ring; the rest are set out in a block to the right of the drawing.
 */
export function ringPlacement(
  newIds: readonly string[],
  placed: ReadonlyMap<string, PlacementPoint>,
  edges: readonly PlacementEdge[],
): Map<string, PlacementPoint> {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    let set = neighbours.get(a);
    if (!set) neighbours.set(a, (set = new Set()));
    set.add(b);
  };
  for (const e of edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const positions = new Map<string, PlacementPoint>(placed);
  const waiting = new Set(newIds.filter((id) => !placed.has(id)));
  const result = new Map<string, PlacementPoint>();
  const middle = centroid(placed.values()) ?? { x: 0, y: 0 };

  while (waiting.size > 0) {
    // Each waiting node that touches a positioned one, grouped by the anchor it will circle.
    const rings = new Map<string, string[]>();
    const unplacedAround = (id: string) => [...(neighbours.get(id) ?? [])].filter((n) => waiting.has(n)).length;
    for (const id of waiting) {
      const anchors = [...(neighbours.get(id) ?? [])].filter((n) => positions.has(n));
      if (anchors.length === 0) continue;
      anchors.sort((a, b) => unplacedAround(b) - unplacedAround(a) || (a < b ? -1 : 1));
      const anchor = anchors[0] as string;
      const ring = rings.get(anchor) ?? [];
      ring.push(id);
      rings.set(anchor, ring);
    }
    if (rings.size === 0) break;
    for (const [anchor, members] of rings) {
      const centre = positions.get(anchor) as PlacementPoint;
      const radius = ringRadius(members.length);
      // The ring starts on the side facing away from the drawing, where there is most room.
      const outward = Math.atan2(centre.y - middle.y, centre.x - middle.x);
      const start = Number.isFinite(outward) && (centre.x !== middle.x || centre.y !== middle.y) ? outward : 0;
      members.sort();
      members.forEach((id, index) => {
        // One new node goes straight outwards; several share the ring evenly.
        const angle = start + (members.length === 1 ? 0 : (2 * Math.PI * index) / members.length);
        const point = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
        positions.set(id, point);
        result.set(id, point);
        waiting.delete(id);
      });
    }
  }

  if (waiting.size > 0) {
    let right = -Infinity;
    let top = Infinity;
    for (const p of positions.values()) {
      right = Math.max(right, p.x);
      top = Math.min(top, p.y);
    }
    if (!Number.isFinite(right)) right = -LOOSE_SPACING;
    if (!Number.isFinite(top)) top = 0;
    const loose = [...waiting].sort();
    const columns = Math.max(1, Math.ceil(Math.sqrt(loose.length)));
    loose.forEach((id, index) => {
      result.set(id, { x: right + LOOSE_SPACING * (1 + (index % columns)), y: top + LOOSE_SPACING * Math.floor(index / columns) });
    });
  }
  return result;
}

/**
 * The newcomers' positions after a layout, with the drawn nodes held where they were: fcose keeps
 * fixed nodes fixed relative to each other but may shift the whole drawing, so the newcomers are
 * moved back by the fixed nodes' average shift.
 */
export function settleNewcomers(
  before: ReadonlyMap<string, PlacementPoint>,
  after: ReadonlyMap<string, PlacementPoint>,
  newIds: readonly string[],
): Map<string, PlacementPoint> {
  let dx = 0;
  let dy = 0;
  let n = 0;
  for (const [id, p] of before) {
    const q = after.get(id);
    if (!q) continue;
    dx += q.x - p.x;
    dy += q.y - p.y;
    n++;
  }
  if (n > 0) {
    dx /= n;
    dy /= n;
  }
  const settled = new Map<string, PlacementPoint>();
  for (const id of newIds) {
    const q = after.get(id);
    if (q) settled.set(id, { x: q.x - dx, y: q.y - dy });
  }
  return settled;
}
