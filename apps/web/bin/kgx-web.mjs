#!/usr/bin/env node
// The explorer's production server (server.ts). tsx is scoped to that import: Next.js compiles and
// loads next.config.ts itself, and a process-wide TypeScript loader would get in its way.
import { tsImport } from "tsx/esm/api";

await tsImport("../server.ts", import.meta.url);
