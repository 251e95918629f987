#!/usr/bin/env node
// The workspace packages export TypeScript source; tsx's loader lets Node 20 run it directly.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
