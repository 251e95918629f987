import { ENTITY_TYPES } from "@kgx/domain";
import { describe, expect, it } from "vitest";
import { GRAPH_STYLE, LEGEND, TYPE_COLOR_CSS, mentionColorClass, nodeLabel, typeColorClass } from "./graph-style.ts";

describe("graph style from the domain model", () => {
  it("has a legend entry with the model's colour and shape for every entity type", () => {
    expect(LEGEND.map((e) => [e.type, e.color, e.shape])).toEqual(ENTITY_TYPES.map((t) => [t.name, t.style.color, t.style.shape]));
  });

  it("styles every entity type's nodes with its legend colour and shape", () => {
    for (const entry of LEGEND) {
      const rule = GRAPH_STYLE.find((r) => r.selector === `node[type = "${entry.type}"]`);
      expect(rule?.style).toEqual({ "background-color": entry.color, shape: entry.shape });
    }
  });

  it("underlines each entity type's mentions in its legend colour over a wash of it, and unknown types grey", () => {
    for (const entry of LEGEND) {
      expect(TYPE_COLOR_CSS.split("\n")).toContain(`.${mentionColorClass(entry.type)}{background:${entry.color}40;box-shadow:inset 0 -3px 0 ${entry.color}}`);
    }
    expect(mentionColorClass("NoSuchType")).toBe("mention-color-unknown");
    expect(TYPE_COLOR_CSS).toContain(".mention-color-unknown{");
  });

  it("labels edges with their type and points arrows at the target", () => {
    const edge = GRAPH_STYLE.find((r) => r.selector === "edge");
    expect(edge?.style["label"]).toBe("data(type)");
    expect(edge?.style["target-arrow-shape"]).toBe("triangle");
  });

  it("paints each entity type's swatch class with its legend colour, and unknown types grey", () => {
    const classes = new Set(LEGEND.map((e) => typeColorClass(e.type)));
    expect(classes.size).toBe(LEGEND.length);
    for (const entry of LEGEND) {
      expect(entry.color).toMatch(/^#[0-9a-f]{3,8}$/i);
      expect(TYPE_COLOR_CSS.split("\n")).toContain(`.${typeColorClass(entry.type)}{background:${entry.color}}`);
    }
    expect(typeColorClass("NoSuchType")).toBe("type-color-unknown");
    expect(TYPE_COLOR_CSS).toContain(".type-color-unknown{background:#999}");
  });

  it("shortens long labels", () => {
    expect(nodeLabel("US conditional permission to resume H20 sales to China (July 2025)")).toHaveLength(28);
    expect(nodeLabel("Nvidia")).toBe("Nvidia");
  });

  it("counts Japanese characters twice, so a Japanese line is no wider than an English one", () => {
    expect(nodeLabel("トランプ:売上15%の米政府納付を条件にH20再開を容認")).toBe("トランプ:売上15%の米政府納…");
    expect(nodeLabel("ハワード・ルトニック")).toBe("ハワード・ルトニック");
    expect(nodeLabel("Trump: H20 sales may resume\nトランプ:売上15%の米政府納付を条件にH20再開を容認")).toBe(
      "Trump: H20 sales may resume\nトランプ:売上15%の米政府納…",
    );
  });

  it("shortens each line of a two-language label on its own", () => {
    expect(nodeLabel("US conditional permission to resume H20 sales to China\nH20の販売再開")).toBe("US conditional permission t…\nH20の販売再開");
  });

  it("fades nodes through opacities the WebGL renderer's texture key includes, edges through opacity", () => {
    for (const selector of ["node.time-faded", "node.hover-faded"]) {
      const rule = GRAPH_STYLE.find((r) => r.selector === selector);
      expect(rule?.style).not.toHaveProperty("opacity");
      expect(rule?.style["background-opacity"]).toBeLessThan(0.5);
      expect(rule?.style["border-opacity"]).toBeLessThan(0.5);
    }
    expect(GRAPH_STYLE.find((r) => r.selector === "edge.time-faded")?.style["opacity"]).toBeLessThan(0.5);
  });
});
