import { describe, expect, it } from "vitest";
import {
  DEFAULT_EXPANSION_LIMIT,
  EMPTY_VIEW,
  collapse,
  decodeViewState,
  encodeViewState,
  expand,
  hideNode,
  loadMore,
  openEntity,
  decodePositions,
  encodePositions,
  forgetPositions,
  positionKey,
  recordPositions,
  toggleEntityType,
  type Point,
  type ViewState,
} from "./view-state.ts";

const FULL_VIEW: ViewState = {
  focus: ["nvidia", "howard-lutnick"],
  expansions: [
    { id: "nvidia", types: [], limit: DEFAULT_EXPANSION_LIMIT },
    { id: "huawei", types: ["MAKES", "COMPETES_WITH"], limit: DEFAULT_EXPANSION_LIMIT },
    { id: "h20", types: [], limit: 300 },
  ],
  hiddenNodes: ["src-cryptopolitan-2025-07-22"],
  hiddenEntityTypes: ["Source"],
  hiddenRelationshipTypes: ["MENTIONS"],
  from: "2025-04-01",
  to: "2025-06-30",
  fadeOutsideTime: true,
  layout: "concentric",
  selected: "huawei",
  path: { from: "howard-lutnick", to: "huawei" },
  positions: new Map([
    [positionKey("nvidia"), { x: 0, y: 0 }],
    [positionKey("huawei"), { x: -412, y: 1337 }],
    [positionKey("howard-lutnick"), { x: 99999, y: -7 }],
  ]),
  viewport: { zoom: 1.25, pan: { x: -340, y: 120 } },
  language: "both",
};

describe("view state in the URL", () => {
  it("round-trips every part of a view", () => {
    expect(decodeViewState(encodeViewState(FULL_VIEW))).toEqual(FULL_VIEW);
  });

  it("keeps whether a path may pass through an article, leaving the default out of the address", () => {
    const strict: ViewState = { ...EMPTY_VIEW, path: { from: "donald-trump", to: "huawei" } };
    expect(encodeViewState(strict)).toBe("path=donald-trump,huawei");
    const loose: ViewState = { ...EMPTY_VIEW, path: { from: "donald-trump", to: "huawei", viaArticles: true } };
    expect(encodeViewState(loose)).toBe("path=donald-trump,huawei&pathVia=articles");
    expect(decodeViewState(encodeViewState(loose))).toEqual(loose);
    expect(decodeViewState("path=donald-trump,huawei&pathVia=whatever").path).toEqual(strict.path);
  });

  it("keeps a plain view's address short and readable", () => {
    const view = openEntity(EMPTY_VIEW, "nvidia");
    expect(encodeViewState(view)).toBe("focus=nvidia&expand=nvidia&sel=nvidia");
    expect(encodeViewState(FULL_VIEW)).toContain("expand=nvidia,huawei~MAKES.COMPETES_WITH,h20~~300");
  });

  it("reads an empty or hostile query string as the empty view, dropping what is malformed", () => {
    expect(decodeViewState("")).toEqual(EMPTY_VIEW);
    const view = decodeViewState("?focus=nvidia,<script>,Bad&expand=h20~MAKES~99999&from=July&layout=grid&sel=x%20y&path=a");
    expect(view.focus).toEqual(["nvidia"]);
    expect(view.expansions).toEqual([{ id: "h20", types: ["MAKES"], limit: DEFAULT_EXPANSION_LIMIT }]);
    expect(view.from).toBeUndefined();
    expect(view.layout).toBe("fcose");
    expect(view.selected).toBeUndefined();
    expect(view.path).toBeUndefined();
  });
});

describe("view changes", () => {
  it("opens an entity once: focus, expansion and selection", () => {
    const once = openEntity(EMPTY_VIEW, "nvidia");
    const twice = openEntity(once, "nvidia");
    expect(twice.focus).toEqual(["nvidia"]);
    expect(twice.expansions).toHaveLength(1);
    expect(twice.selected).toBe("nvidia");
  });

  it("expands by type separately from a full expansion, and ignores a repeat", () => {
    const view = expand(expand(EMPTY_VIEW, "huawei", ["MAKES"]), "huawei");
    expect(view.expansions.map((e) => e.types)).toEqual([["MAKES"], []]);
    expect(expand(view, "huawei", ["MAKES"])).toBe(view);
  });

  it("loads more neighbours in steps, up to the API's limit of 1000", () => {
    let view = expand(EMPTY_VIEW, "nvidia");
    view = loadMore(view, "nvidia");
    expect(view.expansions[0]?.limit).toBe(200);
    for (let i = 0; i < 20; i++) view = loadMore(view, "nvidia");
    expect(view.expansions[0]?.limit).toBe(1000);
  });

  it("collapses every expansion of a node and keeps the rest", () => {
    const view = collapse(expand(expand(openEntity(EMPTY_VIEW, "nvidia"), "huawei"), "huawei", ["MAKES"]), "huawei");
    expect(view.expansions.map((e) => e.id)).toEqual(["nvidia"]);
  });

  it("hides a node and drops it from the selection", () => {
    const view = hideNode(openEntity(EMPTY_VIEW, "nvidia"), "nvidia");
    expect(view.hiddenNodes).toEqual(["nvidia"]);
    expect(view.selected).toBeUndefined();
    expect(openEntity(view, "nvidia").hiddenNodes).toEqual([]);
  });

  it("toggles type filters", () => {
    const hidden = toggleEntityType(EMPTY_VIEW, "Source");
    expect(hidden.hiddenEntityTypes).toEqual(["Source"]);
    expect(toggleEntityType(hidden, "Source").hiddenEntityTypes).toEqual([]);
  });
});

describe("positions in the URL", () => {
  it("names each node by a six-character key that does not depend on anything but its id", () => {
    expect(positionKey("nvidia")).toMatch(/^[0-9a-z]{6}$/);
    expect(positionKey("nvidia")).toBe(positionKey("nvidia"));
    expect(positionKey("nvidia")).not.toBe(positionKey("nvidia-h20"));
  });

  it("round-trips whole-pixel positions, negative ones included, sorted so one view has one address", () => {
    const positions = new Map<string, Point>([
      ["zzzzzz", { x: -1, y: 0 }],
      ["000001", { x: 100, y: -51 }],
    ]);
    expect(encodePositions(positions)).toBe("0000012s.-1f,zzzzzz-1.0");
    expect(decodePositions(encodePositions(positions))).toEqual(positions);
  });

  it("keeps the format documented in view-state.ts", () => {
    expect(decodePositions("0k3x9a2s.-1f,9zz01a-4k.a")).toEqual(
      new Map([
        ["0k3x9a", { x: 100, y: -51 }],
        ["9zz01a", { x: -164, y: 10 }],
      ]),
    );
  });

  it("keeps a hundred nodes' positions in a reasonable length of address", () => {
    const positions = new Map<string, Point>();
    for (let i = 0; i < 100; i++)
      positions.set(positionKey(`stmt-some-long-statement-id-${i}`), { x: Math.round(Math.cos(i) * 1800), y: Math.round(Math.sin(i) * 1800) });
    expect(positions.size).toBe(100);
    const query = encodeViewState({ ...EMPTY_VIEW, positions });
    expect(query.length).toBeLessThan(1500);
    expect(decodeViewState(query).positions).toEqual(positions);
  });

  it("skips garbled entries one by one and never throws", () => {
    const good = `${positionKey("nvidia")}a.b`;
    for (const garbage of [
      "",
      ",,,",
      "x",
      "abcdef",
      "abcdef1",
      "abcdef1.",
      "ABCDEF1.2",
      "abcdef1.2.3",
      "abcdef--1.2",
      "abcdefzzzzzzz.1",
      "%00%ff",
      "abcdef1.2~x",
    ]) {
      expect(() => decodePositions(garbage)).not.toThrow();
      expect(decodePositions(`${garbage},${good}`)).toEqual(new Map([[positionKey("nvidia"), { x: 10, y: 11 }]]));
    }
    expect(decodeViewState("?focus=nvidia&pos=%E2%9C%93,-&vp=NaN,1,2").positions.size).toBe(0);
    expect(decodeViewState("?vp=1e9,0,0").viewport).toBeUndefined();
    expect(decodeViewState("?vp=0.5,-20,30").viewport).toEqual({ zoom: 0.5, pan: { x: -20, y: 30 } });
  });

  it("reads an unknown language as English", () => {
    expect(decodeViewState("?lang=fr").language).toBe("en");
    expect(decodeViewState("?lang=ja").language).toBe("ja");
    expect(encodeViewState(EMPTY_VIEW)).toBe("");
  });

  it("records positions rounded, drops those of entities out of reach, and is a no-op when nothing moved", () => {
    const view = {
      ...EMPTY_VIEW,
      positions: new Map([
        ["aaaaaa", { x: 1, y: 2 }],
        ["bbbbbb", { x: 3, y: 4 }],
      ]),
    };
    const moved = recordPositions(view, new Map([["aaaaaa", { x: 10.4, y: -2.6 }]]), new Set(["aaaaaa"]));
    expect(moved.positions).toEqual(new Map([["aaaaaa", { x: 10, y: -3 }]]));
    expect(recordPositions(moved, new Map([["aaaaaa", { x: 10.2, y: -3.1 }]]))).toBe(moved);
    expect(forgetPositions(moved).positions.size).toBe(0);
  });
});
