import { describe, expect, it } from "vitest";
import type { LayoutRequest, LayoutWorkerRequest, LayoutWorkerResponse } from "./fcose-layout.ts";
import { LayoutClient, LayoutWorkerError, type LayoutWorker } from "./layout-client.ts";

/** A worker whose answers and failures the test decides; a real one cannot be made to fail on cue. */
class ScriptedWorker implements LayoutWorker {
  onmessage: ((event: MessageEvent<LayoutWorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly received: LayoutWorkerRequest[] = [];
  terminated = false;
  postMessage(message: LayoutWorkerRequest): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(response: LayoutWorkerResponse): void {
    this.onmessage?.({ data: response } as MessageEvent<LayoutWorkerResponse>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
  lastRequestId(): number {
    const last = this.received.at(-1);
    if (!last) throw new Error("the worker was sent nothing");
    return last.requestId;
  }
}

function scriptedClient(): { client: LayoutClient; workers: ScriptedWorker[] } {
  const workers: ScriptedWorker[] = [];
  const client = new LayoutClient(() => {
    const worker = new ScriptedWorker();
    workers.push(worker);
    return worker;
  });
  return { client, workers };
}

const request = (ids: string[]): LayoutRequest => ({
  nodes: ids.map((id) => ({ id, x: 0, y: 0, width: 26, height: 26, locked: false })),
  edges: [],
  options: { name: "fcose", randomize: true },
});

/** Whether a promise has settled by the time already-queued callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe("LayoutClient", () => {
  it("sends the graph to the worker and resolves with the positions it answers, reusing the worker", async () => {
    const { client, workers } = scriptedClient();
    const first = client.run(request(["a", "b"]));
    const worker = workers[0]!;
    expect(worker.received[0]?.request.nodes.map((n) => n.id)).toEqual(["a", "b"]);
    worker.answer({
      requestId: worker.lastRequestId(),
      positions: [
        ["a", 1, 2],
        ["b", 3, 4],
      ],
    });
    await expect(first).resolves.toEqual({
      kind: "done",
      positions: [
        ["a", 1, 2],
        ["b", 3, 4],
      ],
    });

    const second = client.run(request(["c"]));
    expect(workers).toHaveLength(1);
    worker.answer({ requestId: worker.lastRequestId(), positions: [["c", 5, 6]] });
    await expect(second).resolves.toEqual({ kind: "done", positions: [["c", 5, 6]] });
  });

  it("drops a running layout when a newer one is asked for: its worker stops and its answer is never used", async () => {
    const { client, workers } = scriptedClient();
    const older = client.run(request(["a"]));
    const newer = client.run(request(["a", "b"]));
    await expect(older).resolves.toEqual({ kind: "superseded" });
    expect(workers[0]!.terminated).toBe(true);
    const current = workers[1]!;
    expect(current.received).toHaveLength(1);
    // An answer carrying another request's id is stale, whatever worker delivers it.
    current.answer({ requestId: current.lastRequestId() - 1, positions: [["a", 9, 9]] });
    expect(await settled(newer)).toBe(false);
    current.answer({
      requestId: current.lastRequestId(),
      positions: [
        ["a", 1, 1],
        ["b", 2, 2],
      ],
    });
    await expect(newer).resolves.toEqual({
      kind: "done",
      positions: [
        ["a", 1, 1],
        ["b", 2, 2],
      ],
    });
  });

  it("cancel and dispose end the running layout and stop its worker", async () => {
    const { client, workers } = scriptedClient();
    const cancelled = client.run(request(["a"]));
    client.cancel();
    await expect(cancelled).resolves.toEqual({ kind: "superseded" });
    expect(workers[0]!.terminated).toBe(true);
    const disposed = client.run(request(["a"]));
    client.dispose();
    await expect(disposed).resolves.toEqual({ kind: "superseded" });
    expect(workers[1]!.terminated).toBe(true);
  });

  it("reports a worker that cannot load with a coded error, and sends later layouts to the main thread at once", async () => {
    const { client, workers } = scriptedClient();
    const failing = client.run(request(["a"]));
    workers[0]!.crash("Refused to create a worker");
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LayoutWorkerError);
    expect((error as LayoutWorkerError).code).toBe("LAYOUT_WORKER_FAILED");
    expect((error as LayoutWorkerError).message).toContain("Refused to create a worker");
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.run(request(["a"]))).rejects.toBeInstanceOf(LayoutWorkerError);
    expect(workers).toHaveLength(1);
  });

  it("reports a layout the worker could not compute, and keeps using the worker for the next one", async () => {
    const { client, workers } = scriptedClient();
    const failing = client.run(request(["a"]));
    const worker = workers[0]!;
    worker.answer({ requestId: worker.lastRequestId(), error: "fcose gave up" });
    await expect(failing).rejects.toThrow("fcose gave up");
    const next = client.run(request(["b"]));
    worker.answer({ requestId: worker.lastRequestId(), positions: [["b", 0, 1]] });
    await expect(next).resolves.toEqual({ kind: "done", positions: [["b", 0, 1]] });
    expect(workers).toHaveLength(1);
  });

  it("reports a browser that cannot start the worker at all", async () => {
    const client = new LayoutClient(() => {
      throw new Error("Worker is not defined");
    });
    const error = await client.run(request(["a"])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LayoutWorkerError);
    expect((error as LayoutWorkerError).message).toContain("Worker is not defined");
  });
});
