import http from "node:http";
import next from "next";
import { forwardedForChain, parseTrustedProxies, TRUST_LOOPBACK, type TrustedProxies } from "@kgx/client-address";

/**
 * The explorer's production server: Next.js's request handler on Node's http server, with one
 * thing `next start` cannot do. Next passes on an X-Forwarded-For the browser wrote itself, and a
 * route handler never learns the socket's address, so the API's per-client Cypher limit could be
 * dodged by naming a new address on every request. Here the header is rewritten from the socket
 * before Next sees it: kept (with the peer appended) only from a trusted proxy, replaced by the
 * peer's address otherwise.
 *
 *   node --import tsx apps/web/server.ts --port 3000 [--hostname 127.0.0.1]
 *
 * | variable | default | meaning |
 * | KGX_TRUSTED_PROXIES | loopback | proxies in front of this server whose X-Forwarded-For is kept: addresses, CIDR ranges, `loopback`, `none` |
 * | KGX_API_URL | http://127.0.0.1:4000/graphql | read by the app's /graphql forwarder |
 */

interface ServerOptions {
  readonly port: number;
  readonly hostname: string | undefined;
  readonly trustedProxies: TrustedProxies;
}

function fail(message: string): never {
  process.stderr.write(`kgx-web: ${message}\n`);
  process.exit(2);
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServerOptions {
  let port = 3000;
  let hostname: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if ((flag === "--port" || flag === "-p") && value !== undefined) {
      if (!/^\d+$/.test(value) || Number(value) > 65_535) fail(`--port must be a port number from 0 to 65535, got "${value}"`);
      port = Number(value);
      index++;
    } else if ((flag === "--hostname" || flag === "-H") && value !== undefined) {
      hostname = value;
      index++;
    } else {
      fail(`unknown argument "${flag}" (use --port N and --hostname HOST)`);
    }
  }
  let trustedProxies = TRUST_LOOPBACK;
  const trusted = env["KGX_TRUSTED_PROXIES"]?.trim();
  if (trusted) {
    try {
      trustedProxies = parseTrustedProxies(trusted);
    } catch (error) {
      fail(`KGX_TRUSTED_PROXIES ${(error as Error).message}`);
    }
  }
  return { port, hostname, trustedProxies };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env);
  const app = next({ dev: false, dir: import.meta.dirname, ...(options.hostname ? { hostname: options.hostname } : {}), port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    req.headers["x-forwarded-for"] = forwardedForChain(req.socket.remoteAddress, req.headers["x-forwarded-for"], options.trustedProxies);
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`kgx-web: ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end("Internal server error");
      } else res.destroy();
    });
  });
  server.on("upgrade", (req, socket, head) => {
    void app.getUpgradeHandler()(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    fail(error.code === "EADDRINUSE" ? `port ${options.port} is in use; choose another with --port` : error.message);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  process.stdout.write(`kgx-web: listening on http://${options.hostname ?? "localhost"}:${port}\n`);

  // A clean stop: no new connections, requests in flight finish, exit 0. A second signal: now.
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
