import { LEGEND } from "../graph-style.ts";

const COLORS = new Map(LEGEND.map((e) => [e.type, e.color]));

/** The colour of an entity type, as in the graph and the legend. */
export function TypeSwatch({ type }: { readonly type: string }) {
  return <span className={`swatch swatch-${type.toLowerCase()}`} style={{ background: COLORS.get(type) ?? "#999" }} aria-hidden="true" />;
}
