/**
 * Whether the browser can give cytoscape's WebGL renderer a WebGL2 context. The probe uses a
 * throwaway canvas: a failed WebGL start on the graph's own canvas leaves it unusable for the
 * canvas renderer too, so the graph's canvas must only ever see the renderer that will work.
 */
export interface CanvasFactory {
  createElement(tag: "canvas"): { getContext(kind: "webgl2"): unknown };
}

export function supportsWebgl2(factory: CanvasFactory | undefined = typeof document === "undefined" ? undefined : document): boolean {
  if (!factory) return false;
  try {
    const context = factory.createElement("canvas").getContext("webgl2") as { getExtension?(name: string): { loseContext?(): void } | null } | null | undefined;
    if (!context) return false;
    // Browsers cap live WebGL contexts; give this one back at once.
    context.getExtension?.("WEBGL_lose_context")?.loseContext?.();
    return true;
  } catch {
    return false;
  }
}
