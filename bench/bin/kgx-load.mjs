#!/usr/bin/env node
// The workspace packages export TypeScript source; tsx's loader lets Node 20 run it directly.
import { register } from "tsx/esm/api";

register();
const { loadMain } = await import("../src/load-test.ts");
process.exitCode = await loadMain(process.argv.slice(2));
