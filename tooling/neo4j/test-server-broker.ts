import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { checkJava, hasMaven, startNeo4jServer } from "./server.ts";

/**
 * Which Neo4j the tests use, decided once per test run, and a lease so that test files take turns
 * on it (Community has a single user database, so two files at once would see each other's data).
 *
 * Order: a running server named by NEO4J_TEST_URI; a `neo4j:5.26` container where a container
 * runtime exists; the Maven-launched server where Java 17+ and Maven exist; otherwise none, with
 * the reason. Nothing starts until a test file asks, so runs without Neo4j tests pay nothing.
 *
 * The broker lives in vitest's main process (tooling/neo4j/vitest-global-setup.ts) and serves the
 * test workers over a local socket, one JSON line per request. A lease is a connection: it ends
 * when the worker closes it or dies, so a crashed test file never blocks the others.
 */

export type Neo4jTestServer =
  | { available: true; uri: string; username: string; password: string; origin: string }
  /** `broken`: a server should have been there (its prerequisites exist) but did not start. */
  | { available: false; reason: string; broken: boolean };

interface Source {
  server: Neo4jTestServer;
  stop(): Promise<void>;
}

const CONTAINER_IMAGE = "neo4j:5.26";

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The whole chain; also used directly by a test worker when no broker is running. */
export async function startNeo4jForTestRun(env: NodeJS.ProcessEnv = process.env): Promise<Source> {
  const nothing = async () => {};
  const uri = env["NEO4J_TEST_URI"]?.trim();
  if (uri) {
    const server: Neo4jTestServer = {
      available: true,
      uri,
      username: env["NEO4J_TEST_USERNAME"]?.trim() || "neo4j",
      password: env["NEO4J_TEST_PASSWORD"] ?? "",
      origin: "NEO4J_TEST_URI",
    };
    return { server, stop: nothing };
  }

  const { getContainerRuntimeClient } = await import("testcontainers");
  const runtimeProblem = await getContainerRuntimeClient().then(
    () => undefined,
    (error: unknown) => message(error),
  );
  if (runtimeProblem === undefined) {
    try {
      const { Neo4jContainer } = await import("@testcontainers/neo4j");
      const container = await new Neo4jContainer(CONTAINER_IMAGE).start();
      const server: Neo4jTestServer = {
        available: true,
        uri: container.getBoltUri(),
        username: container.getUsername(),
        password: container.getPassword(),
        origin: `container ${CONTAINER_IMAGE}`,
      };
      return { server, stop: async () => void (await container.stop()) };
    } catch (error) {
      return { server: { available: false, reason: `the ${CONTAINER_IMAGE} container did not start: ${message(error)}`, broken: true }, stop: nothing };
    }
  }

  const java = checkJava();
  const missing = [...("problem" in java ? [java.problem] : []), ...(hasMaven() ? [] : ["Maven (`mvn`) was not found"])];
  if (missing.length > 0) {
    const reason = `no Neo4j for tests: NEO4J_TEST_URI is not set, no container runtime (${runtimeProblem}), and no server to launch: ${missing.join("; ")}`;
    return { server: { available: false, reason, broken: false }, stop: nothing };
  }
  // The server deletes this folder itself when it stops, even if this process was killed.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-neo4j-test-"));
  try {
    const started = Date.now();
    const password = `kgx-test-${randomBytes(9).toString("hex")}`;
    const neo4j = await startNeo4jServer({ port: 0, dataDir, password, deleteDataOnExit: true });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return {
      server: {
        available: true,
        uri: neo4j.boltUri,
        username: neo4j.username,
        password: neo4j.password,
        origin: `Neo4j ${neo4j.version} from Maven Central (pid ${neo4j.pid}, started in ${seconds} s)`,
      },
      stop: () => neo4j.stop(),
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    return { server: { available: false, reason: `the Maven-launched Neo4j did not start: ${message(error)}`, broken: true }, stop: nothing };
  }
}

export interface Neo4jTestBroker {
  /** host:port for the workers. */
  address: string;
  close(): Promise<void>;
}

export async function startNeo4jTestBroker(log: (line: string) => void = () => {}): Promise<Neo4jTestBroker> {
  let source: Promise<Source> | undefined;
  const queue: net.Socket[] = [];

  const grantNext = () => {
    const next = queue[0];
    if (next && !next.destroyed) next.write(`${JSON.stringify({ granted: true })}\n`);
  };
  const releaseLease = (socket: net.Socket) => {
    const index = queue.indexOf(socket);
    if (index < 0) return;
    queue.splice(index, 1);
    if (index === 0) grantNext();
  };

  const broker = net.createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    socket.on("error", () => releaseLease(socket));
    socket.on("close", () => releaseLease(socket));
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf("\n");
      if (end < 0) return;
      let request: { op?: unknown };
      try {
        request = JSON.parse(buffer.slice(0, end)) as { op?: unknown };
      } catch {
        request = {};
      }
      buffer = "";
      if (request.op === "server") {
        source ??= startNeo4jForTestRun().then((started) => {
          const { server } = started;
          log(server.available ? `Neo4j for tests: ${server.origin} at ${server.uri}` : `Neo4j for tests: none (${server.reason})`);
          return started;
        });
        void source.then(({ server }) => socket.end(`${JSON.stringify(server)}\n`));
      } else if (request.op === "lease") {
        queue.push(socket);
        if (queue.length === 1) grantNext();
      } else {
        socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => broker.listen(0, "127.0.0.1", resolve));
  const { port } = broker.address() as net.AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    async close() {
      for (const socket of queue) socket.destroy();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      if (source) await (await source).stop();
    },
  };
}

function connect(address: string): Promise<net.Socket> {
  const [host, port] = address.split(":");
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host as string, () => resolve(socket));
    socket.once("error", reject);
  });
}

function firstLine(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const end = buffer.indexOf("\n");
      if (end < 0) return;
      socket.off("data", onData);
      resolve(buffer.slice(0, end));
    };
    socket.on("data", onData);
    socket.once("close", () => reject(new Error("the Neo4j test broker closed the connection")));
  });
}

/** Asks the broker which Neo4j this run uses; the first asker starts it. */
export async function askNeo4jTestBroker(address: string): Promise<Neo4jTestServer> {
  const socket = await connect(address);
  socket.write(`${JSON.stringify({ op: "server" })}\n`);
  const line = await firstLine(socket);
  socket.destroy();
  return JSON.parse(line) as Neo4jTestServer;
}

/** Waits for this worker's turn on the shared server; the returned function ends it. */
export async function leaseNeo4jTestServer(address: string): Promise<() => void> {
  const socket = await connect(address);
  socket.write(`${JSON.stringify({ op: "lease" })}\n`);
  await firstLine(socket);
  // The lease must not keep a finished worker alive; its exit closes the socket and ends the lease.
  socket.unref();
  return () => socket.destroy();
}
