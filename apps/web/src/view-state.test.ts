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
  toggleEntityType,
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
