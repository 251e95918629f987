import type { GraphStore } from "@kgx/graph-store";
import { postGraphql, type GraphqlResult } from "./api-process.ts";
import { NEIGHBORHOOD_QUERY, SEARCH_QUERY } from "./http-rows.ts";
import { seededRandom } from "./synthetic-graph.ts";

/**
 * What one load-test client sends: the explorer's reads (search, expand), Cypher reads from the
 * notebook, and authorised writes. Everything it asks for comes from the seeded knowledge, so every
 * request has a real answer.
 */

export const REQUEST_KINDS = ["search", "neighborhood", "cypher", "write entity", "write relationship"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Shares of the mix, out of 100; a relationship write follows some entity writes instead of being drawn. */
const READ_AND_ENTITY_SHARES: readonly [Exclude<RequestKind, "write relationship">, number][] = [
  ["search", 35],
  ["neighborhood", 35],
  ["cypher", 15],
  ["write entity", 15],
];
/** How often an acknowledged entity write is followed by a relationship from it to a seeded organization. */
const RELATIONSHIP_AFTER_ENTITY = 0.4;

/** Small read statements a notebook user runs; Kùzu dialect, all through the read-only allowlist. */
export const CYPHER_READS: readonly string[] = [
  "MATCH (o:Organization) RETURN count(o) AS organizations",
  "MATCH (p:Person)-[:LEADS]->(o:Organization) RETURN p.name, o.name LIMIT 20",
  "MATCH (o:Organization)-[:MAKES]->(c:Chip) RETURN o.name, c.name LIMIT 25",
  "MATCH (s:Source) RETURN s.publisher AS publisher, count(*) AS articles ORDER BY articles DESC LIMIT 5",
];

const CYPHER_QUERY = `query Read($s: String!) { cypher(statement: $s, limit: 100) { columns rows truncated } }`;

const WRITE_ENTITY = `mutation Write($input: EntityInput!) { upsertEntity(input: $input) { id type name } }`;

const WRITE_RELATIONSHIP = `mutation Link($input: RelationshipInput!) { upsertRelationship(input: $input) { id type fromId toId } }`;

/** The seeded ids and names the workload draws from. */
export interface LoadTargets {
  readonly entityIds: readonly string[];
  readonly organizationIds: readonly string[];
  readonly sourceIds: readonly string[];
  /** Starts of seeded names, English and Japanese, as someone types them into the search box. */
  readonly searchPrefixes: readonly string[];
}

export async function loadTargets(store: GraphStore): Promise<LoadTargets> {
  const { entities } = await store.exportAll();
  const searchPrefixes: string[] = [];
  for (const entity of entities) {
    const name = entity.properties["name"];
    const nameJa = entity.properties["nameJa"];
    if (typeof name === "string" && name.length >= 2) searchPrefixes.push(name.slice(0, Math.min(4, name.length)));
    if (typeof nameJa === "string" && nameJa.length >= 2) searchPrefixes.push(nameJa.slice(0, 2));
  }
  const targets: LoadTargets = {
    entityIds: entities.map((e) => e.id),
    organizationIds: entities.filter((e) => e.type === "Organization").map((e) => e.id),
    sourceIds: entities.filter((e) => e.type === "Source").map((e) => e.id),
    searchPrefixes,
  };
  for (const [what, list] of Object.entries(targets)) {
    if ((list as readonly string[]).length === 0) throw new Error(`the seeded store has no ${what}; the load test needs the shipped knowledge`);
  }
  return targets;
}

/** Latencies and failures of one kind of request, shared by all clients. */
export interface KindTally {
  readonly samples: number[];
  errors: number;
}

/** What every client adds to: latencies per kind, the first failures, and the writes that were acknowledged. */
export interface LoadTally {
  readonly kinds: Record<RequestKind, KindTally>;
  readonly firstErrors: string[];
  readonly acknowledgedEntityIds: string[];
  readonly acknowledgedRelationshipIds: string[];
}

const KEPT_ERRORS = 5;

export function emptyTally(): LoadTally {
  const kinds = Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { samples: [], errors: 0 }])) as unknown as Record<RequestKind, KindTally>;
  return { kinds, firstErrors: [], acknowledgedEntityIds: [], acknowledgedRelationshipIds: [] };
}

/** A POST carrying the write token; reads go through the benchmark's shared `postGraphql`, which sends no headers of its own. */
async function postAuthorised(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<GraphqlResult> {
  const started = performance.now();
  const answer = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })
    .then(async (response) => ({
      status: response.status,
      body: (await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}, not JSON` }] }))) as GraphqlResult["body"],
    }))
    .catch((error: Error) => ({ status: 0, body: { errors: [{ message: error.message }] } as GraphqlResult["body"] }));
  return {
    ok: answer.status === 200 && !answer.body.errors && answer.body.data != null,
    status: answer.status,
    ms: performance.now() - started,
    body: answer.body,
  };
}

export interface LoadClientOptions {
  readonly url: string;
  readonly writeToken: string;
  readonly targets: LoadTargets;
  /** Start of every id this run writes, so the check afterwards finds exactly the load's writes. */
  readonly idPrefix: string;
  readonly index: number;
  readonly seed: number;
  readonly tally: LoadTally;
}

/** One client: one request in flight at a time, on fetch's keep-alive pool. */
export class LoadClient {
  private readonly random: () => number;
  private written = 0;

  constructor(private readonly options: LoadClientOptions) {
    this.random = seededRandom(options.seed * 7919 + options.index);
  }

  /** Sends requests back to back until `deadline` (a `performance.now()` time). */
  async runUntil(deadline: number): Promise<void> {
    while (performance.now() < deadline) {
      const kind = this.drawKind();
      if (kind === "write entity") {
        const entityId = await this.writeEntity();
        if (entityId && this.random() < RELATIONSHIP_AFTER_ENTITY && performance.now() < deadline) await this.writeRelationship(entityId);
      } else {
        await this.read(kind);
      }
    }
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private drawKind(): Exclude<RequestKind, "write relationship"> {
    let roll = this.random() * 100;
    for (const [kind, share] of READ_AND_ENTITY_SHARES) {
      roll -= share;
      if (roll < 0) return kind;
    }
    return "search";
  }

  private async read(kind: "search" | "neighborhood" | "cypher"): Promise<void> {
    const { url, targets } = this.options;
    const [query, variables] =
      kind === "search"
        ? [SEARCH_QUERY, { q: this.pick(targets.searchPrefixes) }]
        : kind === "neighborhood"
          ? [NEIGHBORHOOD_QUERY, { id: this.pick(targets.entityIds) }]
          : [CYPHER_QUERY, { s: this.pick(CYPHER_READS) }];
    this.record(kind, await postGraphql(url, query, variables));
  }

  /** Returns the id when the server acknowledged the write. */
  private async writeEntity(): Promise<string | undefined> {
    const { url, writeToken, idPrefix, index } = this.options;
    const id = `${idPrefix}-c${index}-${this.written++}`;
    const input = {
      id,
      type: "Organization",
      name: `Load Test Company ${index}-${this.written}`,
      nameJa: `負荷試験社${index}-${this.written}`,
      properties: { kind: "company", country: "US" },
    };
    const result = await postAuthorised(url, writeToken, WRITE_ENTITY, { input });
    this.record("write entity", result);
    if (!result.ok) return undefined;
    this.options.tally.acknowledgedEntityIds.push(id);
    return id;
  }

  private async writeRelationship(from: string): Promise<void> {
    const { url, writeToken, targets } = this.options;
    const id = `${from}-competes`;
    const input = {
      id,
      type: "COMPETES_WITH",
      from,
      to: this.pick(targets.organizationIds),
      sources: [this.pick(targets.sourceIds)],
      claim: "Written by the load test.",
    };
    const result = await postAuthorised(url, writeToken, WRITE_RELATIONSHIP, { input });
    this.record("write relationship", result);
    if (result.ok) this.options.tally.acknowledgedRelationshipIds.push(id);
  }

  private record(kind: RequestKind, result: GraphqlResult): void {
    const tally = this.options.tally;
    tally.kinds[kind].samples.push(result.ms);
    if (result.ok) return;
    tally.kinds[kind].errors++;
    if (tally.firstErrors.length < KEPT_ERRORS) {
      const first = result.body.errors?.[0];
      const code = first?.extensions?.["code"];
      tally.firstErrors.push(`${kind}: HTTP ${result.status}${code ? ` ${String(code)}` : ""}: ${(first?.message ?? "no data").slice(0, 300)}`);
    }
  }
}
