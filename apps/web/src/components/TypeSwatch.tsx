import { typeColorClass } from "../graph-style.ts";

/** The colour of an entity type, as in the graph and the legend. */
export function TypeSwatch({ type }: { readonly type: string }) {
  return <span className={`swatch swatch-${type.toLowerCase()} ${typeColorClass(type)}`} aria-hidden="true" />;
}
