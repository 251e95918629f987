import { describe, expect, it } from "vitest";
import { COALESCE_MS, UNDO_DEPTH, canUndo, coalesces, pushView, replaceView, startHistory, undo } from "./view-history.ts";

describe("view history", () => {
  it("undoes pushes one by one", () => {
    let h = startHistory("a");
    h = pushView(h, "b");
    h = pushView(h, "c");
    expect(h.present).toBe("c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect(h.present).toBe("a");
    expect(canUndo(h)).toBe(false);
  });

  it("makes one step of quick pushes of the same kind, and separate steps of slow ones or other kinds", () => {
    let h = startHistory("a");
    h = pushView(h, "b", { coalesce: "range", now: 1000 });
    expect(coalesces(h, { coalesce: "range", now: 1000 + COALESCE_MS - 1 })).toBe(true);
    h = pushView(h, "c", { coalesce: "range", now: 1000 + COALESCE_MS - 1 });
    expect(h.past).toEqual(["a"]);
    expect(coalesces(h, { coalesce: "other", now: 1200 })).toBe(false);
    h = pushView(h, "d", { coalesce: "range", now: 1000 + 3 * COALESCE_MS });
    expect(h.past).toEqual(["a", "c"]);
    h = pushView(h, "e");
    expect(h.past).toEqual(["a", "c", "d"]);
  });

  it("keeps at most UNDO_DEPTH steps and leaves the steps alone on replace", () => {
    let h = startHistory(0);
    for (let i = 1; i <= UNDO_DEPTH + 10; i++) h = pushView(h, i);
    expect(h.past).toHaveLength(UNDO_DEPTH);
    const replaced = replaceView(h, -1);
    expect(replaced.past).toBe(h.past);
    expect(replaceView(replaced, -1)).toBe(replaced);
  });
});
