import type { LayoutPositions, LayoutRequest, LayoutWorkerRequest, LayoutWorkerResponse } from "./fcose-layout.ts";

/**
 * The page's side of the layout worker. One layout at a time: a new request supersedes the one
 * running (its worker is terminated, since fcose cannot be interrupted and would keep a core busy
 * for nothing), and a worker that fails is reported so the caller can lay out on the main thread.
 */

/** What the client needs of a Worker; tests hand it a stand-in to cause failures at will. */
export interface LayoutWorker {
  onmessage: ((event: MessageEvent<LayoutWorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
  postMessage(message: LayoutWorkerRequest): void;
  terminate(): void;
}

/** The worker could not be started, failed while loading, or reported an error from fcose. */
export class LayoutWorkerError extends Error {
  readonly code = "LAYOUT_WORKER_FAILED";
  constructor(message: string) {
    super(message);
    this.name = "LayoutWorkerError";
  }
}

export type LayoutOutcome = { readonly kind: "done"; readonly positions: LayoutPositions } | { readonly kind: "superseded" };

/**
 * The bundled layout worker. Next (Turbopack and webpack alike) recognises `new Worker(new URL(…,
 * import.meta.url))` and emits the worker with its dependencies as files of this origin, which
 * the page's `worker-src 'self'` allows; Turbopack's worker entry loads its chunks with
 * importScripts, so the worker is a classic one (no `type: "module"`).
 */
export function startLayoutWorker(): LayoutWorker {
  return new Worker(new URL("./layout-worker.ts", import.meta.url), { name: "graph-layout" }) as unknown as LayoutWorker;
}

interface Pending {
  readonly requestId: number;
  readonly resolve: (outcome: LayoutOutcome) => void;
  readonly reject: (error: LayoutWorkerError) => void;
}

export class LayoutClient {
  private worker: LayoutWorker | null = null;
  private pending: Pending | null = null;
  private nextRequestId = 1;
  /** Set once a worker could not be started or loaded: later layouts go to the main thread at once. */
  private unavailable: string | null = null;

  constructor(private readonly startWorker: () => LayoutWorker = startLayoutWorker) {}

  /** Resolves with the positions, or with "superseded" when a newer request or `cancel` replaced it. */
  run(request: LayoutRequest): Promise<LayoutOutcome> {
    this.cancel();
    return new Promise<LayoutOutcome>((resolve, reject) => {
      if (this.unavailable !== null) {
        reject(new LayoutWorkerError(this.unavailable));
        return;
      }
      let worker: LayoutWorker;
      try {
        worker = this.workerForNextRequest();
      } catch (error) {
        this.unavailable = `the layout worker could not be started: ${error instanceof Error ? error.message : String(error)}`;
        reject(new LayoutWorkerError(this.unavailable));
        return;
      }
      const requestId = this.nextRequestId++;
      this.pending = { requestId, resolve, reject };
      worker.postMessage({ requestId, request });
    });
  }

  /** Drops the running request, if any; its promise resolves as superseded. */
  cancel(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.discardWorker();
    pending.resolve({ kind: "superseded" });
  }

  dispose(): void {
    this.cancel();
    this.discardWorker();
  }

  private workerForNextRequest(): LayoutWorker {
    if (this.worker) return this.worker;
    const worker = this.startWorker();
    worker.onmessage = (event) => {
      const answer = event.data;
      const pending = this.pending;
      // An answer to a request that has since been superseded is stale.
      if (!pending || pending.requestId !== answer.requestId) return;
      this.pending = null;
      if ("positions" in answer) pending.resolve({ kind: "done", positions: answer.positions });
      else pending.reject(new LayoutWorkerError(`the layout worker failed: ${answer.error}`));
    };
    // The worker catches fcose's exceptions and answers with them, so an error event means the
    // worker itself is broken (not loaded, or refused by the page's policy).
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.worker !== worker) return;
      this.unavailable = `the layout worker failed: ${event.message || "it could not be loaded"}`;
      this.fail(worker, this.unavailable);
    };
    worker.onmessageerror = () => this.fail(worker, "the layout worker's answer could not be read");
    this.worker = worker;
    return worker;
  }

  private fail(worker: LayoutWorker, message: string): void {
    if (this.worker !== worker) return;
    this.discardWorker();
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new LayoutWorkerError(message));
  }

  private discardWorker(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    worker.onmessage = null;
    worker.onerror = null;
    worker.onmessageerror = null;
    worker.terminate();
  }
}
