/**
 * What a view of the graph is, as data: which entities were opened, which were expanded (and how),
 * what is hidden or filtered out, the time range, the layout and the selection. The graph on
 * screen is derived from this plus the answers of the API, so a view can be put in a URL, undone
 * and rebuilt in a fresh browser.
 */

export const LAYOUT_NAMES = ["fcose", "concentric", "breadthfirst"] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];

/** Which name an entity is shown by: English, Japanese (English where there is none), or both. */
export const LANGUAGES = ["en", "ja", "both"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** A node's place on the canvas, in Cytoscape's model coordinates, rounded to whole pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The canvas's zoom and pan, so that a shared link shows the same part of the graph. */
export interface Viewport {
  readonly zoom: number;
  readonly pan: Point;
}

/** Neighbours fetched per expansion unless "load more" raised it. */
export const DEFAULT_EXPANSION_LIMIT = 100;
/** How many more neighbours each "load more" asks for. */
export const LOAD_MORE_STEP = 100;

export interface Expansion {
  readonly id: string;
  /** Relationship types followed; empty means all. */
  readonly types: readonly string[];
  readonly limit: number;
}

export interface ViewState {
  /** Entities opened on their own (search pick, timeline, path ends), in the order they were opened. */
  readonly focus: readonly string[];
  readonly expansions: readonly Expansion[];
  readonly hiddenNodes: readonly string[];
  readonly hiddenEntityTypes: readonly string[];
  readonly hiddenRelationshipTypes: readonly string[];
  /** Inclusive `YYYY-MM-DD` bounds; undefined is open. */
  readonly from: string | undefined;
  readonly to: string | undefined;
  /** Fade what falls outside the time range instead of hiding it. */
  readonly fadeOutsideTime: boolean;
  readonly layout: LayoutName;
  readonly selected: string | undefined;
  /**
   * The path finder's ends; `viaArticles` lets the path pass through an article (two entities
   * named in one source), which it does not by default.
   */
  readonly path: { readonly from: string; readonly to: string; readonly viaArticles?: boolean; readonly choice?: number } | undefined;
  /**
   * Where each node was last drawn, keyed by `positionKey(id)`. Nodes that are hidden keep their
   * entry, so that they come back to the same place; nodes without one are laid out around the
   * node they came from.
   */
  readonly positions: ReadonlyMap<string, Point>;
  readonly viewport: Viewport | undefined;
  readonly language: Language;
}

export const EMPTY_VIEW: ViewState = {
  focus: [],
  expansions: [],
  hiddenNodes: [],
  hiddenEntityTypes: [],
  hiddenRelationshipTypes: [],
  from: undefined,
  to: undefined,
  fadeOutsideTime: false,
  layout: "fcose",
  selected: undefined,
  path: undefined,
  positions: new Map(),
  viewport: undefined,
  language: "en",
};

/** Entity ids are lowercase slugs (a-z, 0-9, `.`, `_`, `:`, `-`); anything else in a URL is dropped. */
const ID = /^[a-z0-9][a-z0-9._:-]*$/;
const TYPE = /^[A-Za-z_]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function list(value: string | null, pattern: RegExp): string[] {
  if (!value) return [];
  return [...new Set(value.split(",").filter((part) => pattern.test(part)))];
}

function isLayoutName(value: string | null): value is LayoutName {
  return (LAYOUT_NAMES as readonly (string | null)[]).includes(value);
}

function encodeExpansion(e: Expansion): string {
  const parts = [e.id];
  if (e.types.length > 0 || e.limit !== DEFAULT_EXPANSION_LIMIT) parts.push(e.types.join("."));
  if (e.limit !== DEFAULT_EXPANSION_LIMIT) parts.push(String(e.limit));
  return parts.join("~");
}

function decodeExpansion(text: string): Expansion | undefined {
  const [id = "", types = "", limit = ""] = text.split("~");
  if (!ID.test(id)) return undefined;
  const parsedLimit = Number(limit);
  return {
    id,
    types: types.split(".").filter((t) => TYPE.test(t)),
    limit: limit !== "" && Number.isInteger(parsedLimit) && parsedLimit >= 1 && parsedLimit <= 1000 ? parsedLimit : DEFAULT_EXPANSION_LIMIT,
  };
}

/*
 * Positions in the address (`pos=`). Ids can be long (`stmt-huang-huawei-would-fill-gap`), so a
 * position names its node by a six-character key: the id's 32-bit FNV-1a hash in base 36, modulo
 * 36^6 (two of a hundred ids share a key with a chance of about one in a million). Each entry is
 * the key followed by x and y, whole pixels in base 36 with a `-` for negative numbers, x and y
 * separated by `.`; entries are separated by `,` and sorted by key, so one view has one address.
 *
 *     pos=0k3x9a2s.-1f,9zz01a-4k.a
 *         └─key─┘x  y  └─key─┘x  y      (0k3x9a at x=100, y=-51; 9zz01a at x=-164, y=10)
 *
 * About 13 characters a node: 100 nodes take 1.3 kB. Entries that do not parse are skipped, one
 * by one, so a garbled link keeps the positions it still has.
 */

const POSITION_KEY_LENGTH = 6;
const POSITION_KEY_SPACE = 36 ** POSITION_KEY_LENGTH;
const POSITION_ENTRY = /^([0-9a-z]{6})(-?[0-9a-z]{1,6})\.(-?[0-9a-z]{1,6})$/;
/** Larger coordinates than any layout of a few thousand nodes makes; anything beyond is garbage. */
const MAX_COORDINATE = 1_000_000;

/** The key a node's position is kept under (see the `pos=` format above). */
export function positionKey(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % POSITION_KEY_SPACE).toString(36).padStart(POSITION_KEY_LENGTH, "0");
}

export function encodePositions(positions: ReadonlyMap<string, Point>): string {
  return [...positions.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, p]) => `${key}${Math.round(p.x).toString(36)}.${Math.round(p.y).toString(36)}`)
    .join(",");
}

export function decodePositions(text: string | null): Map<string, Point> {
  const positions = new Map<string, Point>();
  for (const entry of (text ?? "").split(",")) {
    const match = POSITION_ENTRY.exec(entry);
    if (!match) continue;
    const x = parseInt(match[2] as string, 36);
    const y = parseInt(match[3] as string, 36);
    if (Math.abs(x) > MAX_COORDINATE || Math.abs(y) > MAX_COORDINATE) continue;
    positions.set(match[1] as string, { x, y });
  }
  return positions;
}

/** `vp=zoom,panX,panY`: the zoom to two decimals, the pan in whole pixels. */
function encodeViewport(viewport: Viewport): string {
  return `${Math.round(viewport.zoom * 100) / 100},${Math.round(viewport.pan.x)},${Math.round(viewport.pan.y)}`;
}

function decodeViewport(text: string | null): Viewport | undefined {
  const match = /^(\d{1,2}(?:\.\d{1,4})?),(-?\d{1,7}),(-?\d{1,7})$/.exec(text ?? "");
  if (!match) return undefined;
  const zoom = Number(match[1]);
  if (!(zoom >= 0.05 && zoom <= 10)) return undefined;
  return { zoom, pan: { x: Number(match[2]), y: Number(match[3]) } };
}

/**
 * The view as URL query parameters. Defaults are left out, so a plain view has a short address:
 * `?focus=nvidia&expand=nvidia&sel=nvidia`.
 */
export function encodeViewState(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.focus.length > 0) params.set("focus", view.focus.join(","));
  if (view.expansions.length > 0) params.set("expand", view.expansions.map(encodeExpansion).join(","));
  if (view.hiddenNodes.length > 0) params.set("hide", view.hiddenNodes.join(","));
  if (view.hiddenEntityTypes.length > 0) params.set("hideTypes", view.hiddenEntityTypes.join(","));
  if (view.hiddenRelationshipTypes.length > 0) params.set("hideRels", view.hiddenRelationshipTypes.join(","));
  if (view.from) params.set("from", view.from);
  if (view.to) params.set("to", view.to);
  if (view.fadeOutsideTime) params.set("fade", "1");
  if (view.layout !== "fcose") params.set("layout", view.layout);
  if (view.selected) params.set("sel", view.selected);
  if (view.path) params.set("path", `${view.path.from},${view.path.to}`);
  if (view.path?.viaArticles) params.set("pathVia", "articles");
  // Which of the paths found is drawn, counted from 0 (the shortest); 0 is left out.
  if (view.path?.choice) params.set("pathPick", String(view.path.choice));
  if (view.language !== "en") params.set("lang", view.language);
  if (view.positions.size > 0) params.set("pos", encodePositions(view.positions));
  if (view.viewport) params.set("vp", encodeViewport(view.viewport));
  // Commas, tildes and dots are legal in a query string; keeping them unescaped keeps shared links readable.
  return params.toString().replace(/%2C/g, ",").replace(/%7E/gi, "~");
}

/** Whether the address has a language in it (otherwise the reader's last choice applies). */
export function hasLanguage(search: string): boolean {
  return isLanguage(new URLSearchParams(search).get("lang"));
}

/** Reads a view from a query string; anything malformed is ignored rather than failing the page. */
export function decodeViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const expansions: Expansion[] = [];
  for (const part of (params.get("expand") ?? "").split(",")) {
    const expansion = part ? decodeExpansion(part) : undefined;
    if (expansion) expansions.push(expansion);
  }
  const date = (name: string) => {
    const value = params.get(name);
    return value && DATE.test(value) ? value : undefined;
  };
  const layout = params.get("layout");
  const selected = params.get("sel");
  const [pathFrom, pathTo, ...rest] = list(params.get("path"), ID);
  const language = params.get("lang");
  return {
    focus: list(params.get("focus"), ID),
    expansions,
    hiddenNodes: list(params.get("hide"), ID),
    hiddenEntityTypes: list(params.get("hideTypes"), TYPE),
    hiddenRelationshipTypes: list(params.get("hideRels"), TYPE),
    from: date("from"),
    to: date("to"),
    fadeOutsideTime: params.get("fade") === "1",
    layout: isLayoutName(layout) ? layout : "fcose",
    selected: selected && ID.test(selected) ? selected : undefined,
    path:
      pathFrom && pathTo && rest.length === 0
        ? { from: pathFrom, to: pathTo, ...(params.get("pathVia") === "articles" ? { viaArticles: true } : {}), ...pathChoice(params.get("pathPick")) }
        : undefined,
    positions: decodePositions(params.get("pos")),
    viewport: decodeViewport(params.get("vp")),
    language: isLanguage(language) ? language : "en",
  };
}

function pathChoice(value: string | null): { choice?: number } {
  const choice = value && /^[1-9][0-9]?$/.test(value) ? Number(value) : 0;
  return choice > 0 ? { choice } : {};
}

function without<T>(items: readonly T[], item: T): T[] {
  return items.filter((x) => x !== item);
}

function toggled<T>(items: readonly T[], item: T): T[] {
  return items.includes(item) ? without(items, item) : [...items, item];
}

/** Opens an entity: adds it to the focus (once), expands it and selects it. */
export function openEntity(view: ViewState, id: string): ViewState {
  const expanded = view.expansions.some((e) => e.id === id && e.types.length === 0);
  return {
    ...view,
    focus: view.focus.includes(id) ? view.focus : [...view.focus, id],
    expansions: expanded ? view.expansions : [...view.expansions, { id, types: [], limit: DEFAULT_EXPANSION_LIMIT }],
    hiddenNodes: without(view.hiddenNodes, id),
    selected: id,
  };
}

/** Adds an entity to the view without its neighbours (e.g. from the timeline) and selects it. */
export function showEntity(view: ViewState, id: string): ViewState {
  return {
    ...view,
    focus: view.focus.includes(id) ? view.focus : [...view.focus, id],
    hiddenNodes: without(view.hiddenNodes, id),
    selected: id,
  };
}

/** Expands an entity's neighbours, all types or only some; the same expansion twice is a no-op. */
export function expand(view: ViewState, id: string, types: readonly string[] = []): ViewState {
  const key = [...types].sort().join(".");
  if (view.expansions.some((e) => e.id === id && [...e.types].sort().join(".") === key)) return view;
  return { ...view, expansions: [...view.expansions, { id, types: [...types], limit: DEFAULT_EXPANSION_LIMIT }] };
}

/** Asks for more neighbours of every expansion of an entity. */
export function loadMore(view: ViewState, id: string): ViewState {
  return {
    ...view,
    expansions: view.expansions.map((e) => (e.id === id ? { ...e, limit: Math.min(1000, e.limit + LOAD_MORE_STEP) } : e)),
  };
}

/** Removes every expansion of an entity; the entity itself stays when it was reached some other way. */
export function collapse(view: ViewState, id: string): ViewState {
  return { ...view, expansions: view.expansions.filter((e) => e.id !== id) };
}

export function hideNode(view: ViewState, id: string): ViewState {
  return {
    ...view,
    hiddenNodes: view.hiddenNodes.includes(id) ? view.hiddenNodes : [...view.hiddenNodes, id],
    selected: view.selected === id ? undefined : view.selected,
  };
}

export function toggleEntityType(view: ViewState, type: string): ViewState {
  return { ...view, hiddenEntityTypes: toggled(view.hiddenEntityTypes, type) };
}

export function toggleRelationshipType(view: ViewState, type: string): ViewState {
  return { ...view, hiddenRelationshipTypes: toggled(view.hiddenRelationshipTypes, type) };
}

export function isExpanded(view: ViewState, id: string): boolean {
  return view.expansions.some((e) => e.id === id);
}

/**
 * Records where nodes are drawn: `placed` (keyed by `positionKey`) goes over what the view had,
 * and entries outside `known` (keys of every entity the view reaches, drawn or hidden) are
 * dropped, so that collapsing an expansion forgets its nodes. The same view comes back when
 * nothing changed, so that recording is never a change of its own.
 */
export function recordPositions(view: ViewState, placed: ReadonlyMap<string, Point>, known?: ReadonlySet<string>): ViewState {
  const next = new Map<string, Point>();
  for (const [key, p] of view.positions) if (!known || known.has(key)) next.set(key, p);
  for (const [key, p] of placed) next.set(key, { x: Math.round(p.x), y: Math.round(p.y) });
  if (next.size === view.positions.size && [...next].every(([key, p]) => view.positions.get(key)?.x === p.x && view.positions.get(key)?.y === p.y)) return view;
  return { ...view, positions: next };
}

/** Forgets every position, so that the whole graph is laid out afresh. */
export function forgetPositions(view: ViewState): ViewState {
  return view.positions.size === 0 && view.viewport === undefined ? view : { ...view, positions: new Map(), viewport: undefined };
}
