#!/usr/bin/env node
// The workspace packages export TypeScript source; tsx's loader lets Node 20 run it directly.
import { register } from "tsx/esm/api";

register();
// The in-process rows measure the API as it is deployed: graphql-js reads NODE_ENV when it loads and
// adds development-only checks to every type test without it.
process.env.NODE_ENV ??= "production";
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
