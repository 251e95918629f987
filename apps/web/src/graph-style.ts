import { ENTITY_TYPES } from "@kgx/domain";

/**
 * How the graph looks, derived from the domain model: each entity type's colour and shape come
 * from `ENTITY_TYPES[].style`, so the legend, the drawing and the model cannot disagree.
 */

export interface LegendEntry {
  readonly type: string;
  readonly description: string;
  readonly color: string;
  readonly shape: string;
}

export const LEGEND: readonly LegendEntry[] = ENTITY_TYPES.map((t) => ({
  type: t.name,
  description: t.description,
  color: t.style.color,
  shape: t.style.shape,
}));

/**
 * Each entity type's colour as a class, for swatches in the page. A class rather than a `style`
 * attribute: the Content-Security-Policy refuses style attributes in server-rendered HTML
 * (src/security-headers.ts), and the layout renders TYPE_COLOR_CSS with the page's nonce.
 */
export function typeColorClass(type: string): string {
  return LEGEND.some((e) => e.type === type) ? `type-color-${type.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` : "type-color-unknown";
}

/**
 * A mention of an entity in an article, highlighted in its type's colour: a light wash of the
 * colour behind the text, so the words stay readable, and the full colour as an underline.
 */
export function mentionColorClass(type: string): string {
  return LEGEND.some((e) => e.type === type) ? `mention-color-${type.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` : "mention-color-unknown";
}

/** Two hex digits of alpha appended to a #rrggbb colour: the wash behind a mention. */
const MENTION_WASH_ALPHA = "40";

function mentionRule(className: string, color: string): string {
  const wash = /^#[0-9a-f]{6}$/i.test(color) ? `${color}${MENTION_WASH_ALPHA}` : "transparent";
  return `.${className}{background:${wash};box-shadow:inset 0 -3px 0 ${color}}`;
}

export const TYPE_COLOR_CSS = [
  ...LEGEND.map((e) => `.${typeColorClass(e.type)}{background:${e.color}}`),
  ".type-color-unknown{background:#999}",
  ...LEGEND.map((e) => mentionRule(mentionColorClass(e.type), e.color)),
  mentionRule("mention-color-unknown", "#999999"),
].join("\n");

/**
 * Characters drawn about twice as wide as a Latin letter: kana, CJK ideographs and punctuation,
 * Hangul, full-width forms. A Japanese name of 27 characters is as wide as 54 Latin letters.
 */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/**
 * Shortens long names for node labels, line by line (a label in both languages has two), to about
 * `max` Latin letters' width, counting wide characters twice, so a Japanese line is no wider than
 * an English one and does not run into the labels beside it (the canvas wraps lines at spaces only,
 * which Japanese has none of). The full name is in the tooltip and the details panel.
 */
export function nodeLabel(name: string, max = 28): string {
  return name
    .split("\n")
    .map((line) => cutToWidth(line, max))
    .join("\n");
}

function charWidth(char: string): number {
  return WIDE.test(char) ? 2 : 1;
}

function cutToWidth(line: string, max: number): string {
  const chars = [...line];
  if (chars.reduce((width, char) => width + charWidth(char), 0) <= max) return line;
  // What is kept leaves room for the ellipsis.
  let kept = "";
  let width = 0;
  for (const char of chars) {
    if (width + charWidth(char) > max - 1) break;
    kept += char;
    width += charWidth(char);
  }
  return `${kept.trimEnd()}…`;
}

/** Faded nodes keep this much of their fill, border and label. */
export const TIME_FADE_OPACITY = 0.18;
export const HOVER_FADE_OPACITY = 0.12;

/**
 * A faded node is made translucent through its fill, border and label opacities, not `opacity`:
 * cytoscape's WebGL renderer draws ellipses and rectangles itself but takes every other shape
 * (hexagon, diamond, triangle, vee, tag…) from a texture atlas keyed by the node's body style, and
 * `opacity` is not part of that key, so those shapes were drawn at full strength. The opacities
 * used here are part of the key, so each shape gets a faded texture of its own; the canvas
 * renderer reads them just the same.
 */
function nodeFade(amount: number): Readonly<Record<string, number>> {
  return { "background-opacity": amount, "border-opacity": amount, "text-opacity": Math.min(1, amount * 2), "text-outline-opacity": amount };
}

export interface StyleRule {
  readonly selector: string;
  readonly style: Readonly<Record<string, string | number>>;
}

export const GRAPH_STYLE: readonly StyleRule[] = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-family": "system-ui, sans-serif",
      "font-size": 10,
      color: "#1f2933",
      "min-zoomed-font-size": 5,
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-wrap": "wrap",
      "text-max-width": "120px",
      // An outline, not a box: a box behind one label would cover the nodes near it.
      "text-outline-color": "#fbfcfd",
      "text-outline-width": 2,
      width: 26,
      height: 26,
      "border-width": 1.5,
      "border-color": "#ffffff",
    },
  },
  ...LEGEND.map((entry) => ({
    selector: `node[type = "${entry.type}"]`,
    style: { "background-color": entry.color, shape: entry.shape },
  })),
  { selector: "node.expanded", style: { width: 34, height: 34, "border-width": 3, "border-color": "#334e68" } },
  { selector: "node.focus", style: { "font-weight": "bold", "font-size": 12 } },
  {
    selector: "edge",
    style: {
      label: "data(type)",
      "font-size": 7,
      color: "#52606d",
      // Edge labels only where they can be read; zoom in to see them all.
      "min-zoomed-font-size": 6,
      "text-rotation": "autorotate",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "1px",
      width: 1.4,
      "line-color": "#9aa5b1",
      "target-arrow-color": "#9aa5b1",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.9,
      "curve-style": "bezier",
    },
  },
  { selector: "node.path", style: { "border-width": 4, "border-color": "#d64545" } },
  { selector: "edge.path", style: { width: 4, "line-color": "#d64545", "target-arrow-color": "#d64545", color: "#9b1c1c", "font-weight": "bold" } },
  { selector: "edge.time-faded", style: { opacity: TIME_FADE_OPACITY } },
  { selector: "node.time-faded", style: nodeFade(TIME_FADE_OPACITY) },
  { selector: "edge.hover-faded", style: { opacity: HOVER_FADE_OPACITY } },
  { selector: "node.hover-faded", style: nodeFade(HOVER_FADE_OPACITY) },
  { selector: "node.hover-focus", style: { "border-width": 3, "border-color": "#102a43" } },
  { selector: "edge.hover-focus", style: { width: 2.5, "line-color": "#334e68", "target-arrow-color": "#334e68", color: "#102a43" } },
  { selector: "node:selected, node.selected", style: { "border-width": 5, "border-color": "#102a43", "overlay-opacity": 0 } },
  // The edge whose evidence is on show: thicker and darker than a path, its label always drawn.
  {
    selector: "edge.selected",
    style: {
      width: 5,
      "line-color": "#2563eb",
      "target-arrow-color": "#2563eb",
      color: "#1e3a8a",
      "font-weight": "bold",
      "font-size": 9,
      "min-zoomed-font-size": 0,
      "z-index": 10,
    },
  },
];
