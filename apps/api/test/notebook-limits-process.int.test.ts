import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SHIPPED_NOTEBOOKS_DIR } from "@kgx/knowledge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "./support/api-process.ts";

/** The notebook limits set in the environment reach the running `kgx-api` process, not only its parser. */
describe("notebook limits in the API process", () => {
  let root: string;
  let api: ApiProcess;
  const shipped = fs.readdirSync(SHIPPED_NOTEBOOKS_DIR).filter((name) => name.endsWith(".cypher")).length;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "kgx-notebook-limits-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KGX_STORE: "embedded",
      KGX_DATA_DIR: path.join(root, "store"),
      KGX_NOTEBOOK_DIR: path.join(root, "notebooks"),
      // Room for the shipped notebooks and one more.
      KGX_NOTEBOOK_MAX_COUNT: String(shipped + 1),
    };
    for (const name of ["NEO4J_URI", "KGX_WRITE_TOKEN", "KGX_WRITE_TOKEN_SHA256", "PORT"]) delete env[name];
    api = await startApiProcess({ env, cwd: root });
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  async function createNotebook(title: string): Promise<{ errors?: { extensions?: Record<string, unknown> }[]; data?: unknown }> {
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "mutation($t: String!) { createNotebook(title: $t) { id } }", variables: { t: title } }),
    });
    return (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
  }

  it("creates up to KGX_NOTEBOOK_MAX_COUNT notebooks and refuses the next with NOTEBOOK_LIMIT_EXCEEDED", async () => {
    const first = await createNotebook("Mine");
    expect(first.errors).toBeUndefined();
    const second = await createNotebook("One too many");
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: "NOTEBOOK_LIMIT_EXCEEDED", limit: "KGX_NOTEBOOK_MAX_COUNT", max: shipped + 1 });
  });
});
