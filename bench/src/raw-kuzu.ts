import fs from "node:fs";
import path from "node:path";
import { kuzuSchemaStatements, type EntityTypeName } from "@kgx/domain";
import { Connection, Database, type KuzuValue, type PreparedStatement, type QueryResult } from "kuzu";
import type { CopyFile } from "./graph-files.ts";

/**
 * Kùzu used directly, without kgx in between: the baselines of the import and expand rows.
 * Every QueryResult is closed before the connection and the database, or the process dies at exit.
 */
export class RawKuzu {
  private constructor(
    private readonly database: Database,
    readonly connection: Connection,
  ) {}

  static async open(dir: string): Promise<RawKuzu> {
    fs.mkdirSync(dir, { recursive: true });
    const database = new Database(path.join(dir, "graph.kuzu"));
    await database.init();
    const connection = new Connection(database);
    await connection.init();
    return new RawKuzu(database, connection);
  }

  async all(statement: string): Promise<Record<string, KuzuValue>[]> {
    return drain(await this.connection.query(statement));
  }

  async execute(prepared: PreparedStatement, params: Record<string, KuzuValue>): Promise<Record<string, KuzuValue>[]> {
    return drain(await this.connection.execute(prepared, params));
  }

  async prepare(statement: string): Promise<PreparedStatement> {
    const prepared = await this.connection.prepare(statement);
    if (!prepared.isSuccess()) throw new Error(prepared.getErrorMessage());
    return prepared;
  }

  async close(): Promise<void> {
    await this.connection.close();
    await this.database.close();
  }
}

async function drain(raw: QueryResult | QueryResult[]): Promise<Record<string, KuzuValue>[]> {
  const results = Array.isArray(raw) ? raw : [raw];
  try {
    const rows: Record<string, KuzuValue>[] = [];
    for (const result of results) rows.push(...(await result.getAll()));
    return rows;
  } finally {
    for (const result of results) result.close();
  }
}

/** Kùzu's own bulk load into a fresh database with kgx's schema: milliseconds for the COPY statements alone. */
export async function timeRawCopy(dir: string, files: readonly CopyFile[]): Promise<number> {
  const kuzu = await RawKuzu.open(dir);
  try {
    for (const statement of kuzuSchemaStatements()) await kuzu.all(statement);
    const started = performance.now();
    for (const file of files) await kuzu.all(file.statement);
    return performance.now() - started;
  } finally {
    await kuzu.close();
  }
}

/**
 * The expand query as raw prepared statements: the neighbour count and the first 100 neighbours by
 * name with the relationships to them, which is what `neighborhood(depth 1, limit 100)` asks Kùzu.
 */
export async function timeRawNeighborhoods(dir: string, targets: readonly { id: string; type: EntityTypeName }[]): Promise<number[]> {
  const kuzu = await RawKuzu.open(dir);
  try {
    const prepared = new Map<EntityTypeName, { count: PreparedStatement; page: PreparedStatement }>();
    const statementsFor = async (type: EntityTypeName) => {
      let found = prepared.get(type);
      if (!found) {
        found = {
          count: await kuzu.prepare(`MATCH (c:${type} {id: $id})-[r]-(m) RETURN count(DISTINCT m) AS total`),
          page: await kuzu.prepare(
            `MATCH (c:${type} {id: $id})-[r]-(m) WITH DISTINCT m ORDER BY m.name, m.id LIMIT 100 ` +
              `MATCH (c2:${type} {id: $id})-[r2]-(m) RETURN c2 AS c, m, r2 AS r`,
          ),
        };
        prepared.set(type, found);
      }
      return found;
    };
    for (const target of targets.slice(0, 20)) {
      const s = await statementsFor(target.type);
      await kuzu.execute(s.count, { id: target.id });
      await kuzu.execute(s.page, { id: target.id });
    }
    const samples: number[] = [];
    for (const target of targets) {
      const s = await statementsFor(target.type);
      const started = performance.now();
      await kuzu.execute(s.count, { id: target.id });
      await kuzu.execute(s.page, { id: target.id });
      samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    await kuzu.close();
  }
}
