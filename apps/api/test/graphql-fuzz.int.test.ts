import fs from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import { createSchema } from "@kgx/graphql-api";
import { isEnumType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_BODY_BYTES } from "../src/index.ts";
import { fuzzGenerators, inputSeed, Random, schemaVocabulary, VALID_OPERATIONS, WRITE_OPERATIONS, type FuzzRequest } from "./support/graphql-fuzz-inputs.ts";
import { describeOnEachBackend } from "./support/backends.ts";
import { answerOf, codes, startTestApi, type GraphqlAnswer, type TestApi, type TestStore } from "./support/test-api.ts";

/**
 * Whatever arrives at /graphql, the answer is a GraphQL answer: never a 5xx, always JSON, and
 * either data or errors that each carry a message and a code, with no stack trace in them and
 * nothing the server had to log as unexpected. The inputs come from a seeded generator, so a run
 * can be repeated exactly. Settings, all optional:
 *   KGX_FUZZ_SEED   the seed (printed at the start); `random` for a new one each run
 *   KGX_FUZZ_RUNS   how many inputs (default 6000, about 20 s on two cores)
 *   KGX_FUZZ_ONLY   comma-separated generator names, to hunt with some of them only
 *   KGX_FUZZ_TRACE  a file each input is written to before it is sent, for a crash that takes the process down
 *   KGX_FUZZ_SHOW   an error code; each input answered with it is printed with its answer
 */
const DEFAULT_SEED = 20_251_121;
const DEFAULT_RUNS = 6000;

function fuzzSettings(env: NodeJS.ProcessEnv) {
  const seed = env["KGX_FUZZ_SEED"];
  const runs = env["KGX_FUZZ_RUNS"] ? Number(env["KGX_FUZZ_RUNS"]) : DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`KGX_FUZZ_RUNS must be a whole number of inputs, got ${env["KGX_FUZZ_RUNS"]}`);
  if (seed && seed !== "random" && !/^\d+$/.test(seed)) throw new Error(`KGX_FUZZ_SEED must be a whole number or "random", got ${seed}`);
  return {
    seed: seed === "random" ? Date.now() >>> 0 : seed ? Number(seed) >>> 0 : DEFAULT_SEED,
    runs,
    only: env["KGX_FUZZ_ONLY"]?.split(",").map((name) => name.trim()),
    traceFile: env["KGX_FUZZ_TRACE"],
    showCode: env["KGX_FUZZ_SHOW"],
  };
}

const SETTINGS = fuzzSettings(process.env);
/** Longest a single answer may take; Cypher's own time limit is well under it. */
const ANSWER_TIMEOUT_MS = 20_000;
/** How much more heap the run may leave behind, after a full GC, than there was before it. */
const HEAP_GROWTH_BOUND = 100 * 1024 * 1024;

/** Lines of a stack trace, or paths of this machine's files, in a message meant for a client. */
const STACK_OR_PATH = [/\n\s*at \S/, /\bat .+\(.*:\d+:\d+\)/, /(?:file:\/\/|\/work\/|\/home\/|node_modules|\/src\/\S+\.[cm]?[jt]s)/, /\.[cm]?[jt]s:\d+:\d+/];

function forceGc(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

async function send(url: string, request: FuzzRequest): Promise<GraphqlAnswer> {
  const response = await fetch(`${url}${request.search}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
  });
  return answerOf(response);
}

/** Everything wrong with one answer, as sentences; empty when the answer is well-formed. */
function problemsWith(answer: GraphqlAnswer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return [...problems, `body is not JSON: ${JSON.stringify(answer.text.slice(0, 200))}`];
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return [...problems, "body is not a JSON object"];
  const body = parsed as { data?: unknown; errors?: unknown };
  if (body.errors === undefined) {
    if (body.data === undefined || typeof body.data !== "object") problems.push("neither data nor errors");
    return problems;
  }
  if (!Array.isArray(body.errors) || body.errors.length === 0) return [...problems, "errors is not a non-empty array"];
  if (body.data !== undefined && body.data !== null && typeof body.data !== "object") problems.push("data is not an object or null");
  for (const error of body.errors as unknown[]) {
    const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: Record<string, unknown> };
    if (typeof message !== "string") problems.push(`an error without a string message: ${JSON.stringify(error)}`);
    const code = extensions?.["code"];
    if (typeof code !== "string") problems.push(`an error without a string code: ${JSON.stringify(error)}`);
    if (code === "INTERNAL_SERVER_ERROR") problems.push(`bad input answered as an internal error: ${JSON.stringify(error)}`);
    // The store is healthy throughout, so "unavailable" would be a mistake of the request blamed on
    // the store; only the notebook fields may say it (this server has no notebook directory).
    const field = (error as { path?: unknown[] }).path?.[0];
    if (code === "STORE_UNAVAILABLE" && !(typeof field === "string" && /otebook/.test(field))) {
      problems.push(`bad input answered as the store being unavailable: ${JSON.stringify(error)}`);
    }
    if (extensions && "stacktrace" in extensions) problems.push("an error carries a stacktrace");
    if (typeof message === "string" && STACK_OR_PATH.some((pattern) => pattern.test(message)))
      problems.push(`a message shows a stack or a path: ${JSON.stringify(message.slice(0, 300))}`);
  }
  return problems;
}

describeOnEachBackend((backend) => {
  describe(`GraphQL fuzz (${backend.name})`, () => {
    let seeded: TestStore;
    let api: TestApi;

    beforeAll(async () => {
      seeded = await backend.openSeeded();
      // A short Cypher time limit keeps slow random statements from dominating the run.
      api = await startTestApi(seeded.store, { cypherTimeoutMs: 1000, cypherRowLimit: 200 });
    }, 120_000);

    afterAll(async () => {
      await api?.stop();
      await seeded?.close();
    });

    it("starts from valid operations: each one succeeds unchanged (writes are refused for want of a token)", async () => {
      for (const operation of VALID_OPERATIONS) {
        const answer = await api.post(operation.query, operation.variables);
        expect(answer.body.errors, `${operation.name}: ${answer.text.slice(0, 500)}`).toBeUndefined();
        expect(answer.body.data, operation.name).toBeTruthy();
      }
      for (const operation of WRITE_OPERATIONS) {
        const answer = await api.post(operation.query, operation.variables);
        expect(codes(answer), operation.name).toEqual(["UNAUTHENTICATED"]);
      }
      expect(api.logged).toEqual([]);
    });

    it("answers every generated input with well-formed JSON and coded errors, and stays healthy", async () => {
      const schema = createSchema();
      const enumValues = (name: string) => {
        const type = schema.getType(name);
        return isEnumType(type) ? type.getValues().map((v) => v.name) : [];
      };
      const generators = fuzzGenerators({
        vocabulary: schemaVocabulary(schema),
        labels: enumValues("EntityType"),
        relationshipTypes: enumValues("RelationshipType"),
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      }).filter((g) => !SETTINGS.only || SETTINGS.only.includes(g.name));
      expect(generators.length).toBeGreaterThan(0);
      console.log(`graphql fuzz: seed ${SETTINGS.seed} (KGX_FUZZ_SEED=${SETTINGS.seed} repeats this run), ${SETTINGS.runs} inputs`);

      // Warm up (schema, caches, connections) before measuring the heap.
      for (const operation of VALID_OPERATIONS) await api.post(operation.query, operation.variables);
      forceGc();
      const heapBefore = process.memoryUsage().heapUsed;

      const started = performance.now();
      const tried = new Map<string, number>(generators.map((g) => [g.name, 0]));
      const failures: string[] = [];
      /** How the answers came out (status and first error code), to see the inputs reach past the parser. */
      const outcomes = new Map<string, number>();
      for (let index = 0; index < SETTINGS.runs; index++) {
        const random = new Random(inputSeed(SETTINGS.seed, index));
        const generator = random.weighted(generators);
        const request = generator.generate(random);
        tried.set(generator.name, (tried.get(generator.name) ?? 0) + 1);
        if (SETTINGS.traceFile) fs.appendFileSync(SETTINGS.traceFile, `#${index} ${generator.name}: ${request.summary}\n`);
        const loggedBefore = api.logged.length;
        let problems: string[];
        try {
          const answer = await send(api.url, request);
          problems = problemsWith(answer);
          const outcome = `${answer.status} ${String(codes(answer)[0] ?? "data")}`;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          if (SETTINGS.showCode && String(codes(answer)[0]) === SETTINGS.showCode) console.log(`#${index} ${request.summary}\n  ${answer.text.slice(0, 400)}`);
        } catch (error) {
          problems = [`no answer: ${(error as Error).message}`];
        }
        const newlyLogged = api.logged.slice(loggedBefore);
        if (newlyLogged.length > 0) problems.push(`the server logged: ${newlyLogged.join(" | ").slice(0, 600)}`);
        if (problems.length > 0 && failures.length < 50) failures.push(`#${index} ${generator.name} — ${request.summary}\n    ${problems.join("\n    ")}`);
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);

      const health = await fetch(new URL("/health", api.url));
      expect(health.status).toBe(200);
      const normal = await api.post(`{ entity(id: "nvidia") { id name } }`);
      expect(normal.body).toMatchObject({ data: { entity: { id: "nvidia" } } });
      expect(normal.body.errors).toBeUndefined();

      forceGc();
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

      const perGenerator = [...tried].map(([name, count]) => `${name} ${count}`).join(", ");
      console.log(
        `graphql fuzz: ${SETTINGS.runs} inputs (${perGenerator}) in ${seconds} s, seed ${SETTINGS.seed}, heap +${(heapGrowth / 1024 / 1024).toFixed(1)} MB, ${failures.length} failures`,
      );
      console.log(
        `graphql fuzz outcomes: ${[...outcomes]
          .sort((a, b) => b[1] - a[1])
          .map(([outcome, count]) => `${outcome} ×${count}`)
          .join(", ")}`,
      );
      expect(failures, `seed ${SETTINGS.seed}`).toEqual([]);
      expect(api.logged).toEqual([]);
      // Bodies and variables carried `__proto__` and `constructor.prototype` keys.
      expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
      expect(heapGrowth).toBeLessThan(HEAP_GROWTH_BOUND);
    }, 600_000);
  });
});
