import { ensureWebBuild } from "./web-build.ts";

/**
 * Builds the explorer's production build when it is missing or stale, then exits. For setups that
 * start the web server on its own (docker compose) rather than through `npm start`.
 */
try {
  await ensureWebBuild((line) => process.stdout.write(`kgx: ${line}\n`));
  process.stdout.write("kgx: the web app's production build is current\n");
} catch (error) {
  process.stderr.write(`kgx: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
