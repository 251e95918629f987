import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { computeFcosePositions, type HeadlessCytoscape, type LayoutWorkerRequest, type LayoutWorkerResponse } from "./fcose-layout.ts";

/**
 * The layout worker: runs fcose on a headless Cytoscape instance, off the page's main thread, and
 * posts back the final positions. One request at a time; the page terminates the worker to drop a
 * request that a newer one has replaced.
 */

cytoscape.use(fcose);

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutWorkerRequest>) => void) | null;
  postMessage(message: LayoutWorkerResponse): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { requestId, request } = event.data;
  try {
    const positions = computeFcosePositions(cytoscape as unknown as HeadlessCytoscape, request);
    scope.postMessage({ requestId, positions });
  } catch (error) {
    scope.postMessage({ requestId, error: error instanceof Error ? error.message : String(error) });
  }
};
