/**
 * Statements a user might send to `runReadQuery` to write, change the schema, leave the read-only
 * transaction, steer the engine or reach files and other databases. Kùzu's own read-only mode was
 * seen to let several of these through (COMMIT; …, CALL TIMEOUT=…, LOAD FROM, COPY … TO, EXPORT
 * DATABASE, ATTACH, LOAD EXTENSION, INSTALL), so every adapter must refuse every one of them.
 * The contract suite runs them against each store; the API's tests run them through HTTP.
 */
export interface EscapePaths {
  /** A file that exists and must not be read. */
  readonly readableFile: string;
  /** Where written files would land; nothing may appear there. */
  readonly outsideDir: string;
}

export function cypherEscapeAttempts(paths: EscapePaths): [label: string, statement: string][] {
  const file = paths.readableFile;
  const target = (name: string) => `${paths.outsideDir}/${name}`;
  const evil = "CREATE (n:Person {id: 'evil', name: 'Evil'})";
  return [
    // writes and schema changes
    ["CREATE", `${evil} RETURN n`],
    ["MERGE", "MERGE (n:Person {id: 'evil'}) RETURN n"],
    ["SET", "MATCH (n:Person) SET n.name = 'Evil' RETURN n"],
    ["REMOVE", "MATCH (n:Person) REMOVE n.nameJa RETURN n"],
    ["DELETE", "MATCH ()-[r:LEADS]->() DELETE r"],
    ["DETACH DELETE", "MATCH (n:Person) DETACH DELETE n"],
    ["DROP", "DROP TABLE LEADS"],
    ["ALTER", "ALTER TABLE Person ADD evil STRING"],
    ["CREATE NODE TABLE", "CREATE NODE TABLE Evil(id STRING PRIMARY KEY)"],
    ["CREATE MACRO", "CREATE MACRO evil(x) AS x"],
    ["FOREACH", "MATCH (n:Person) FOREACH (x IN [1] | SET n.name = 'x')"],
    ["CALL subquery", `MATCH (n:Person) CALL { ${evil} } RETURN n`],
    ["EXPLAIN", `EXPLAIN ${evil}`],
    ["PROFILE", "PROFILE MATCH (n:Person) SET n.name = 'x' RETURN n"],
    // leaving the read-only transaction, several statements
    ["COMMIT; CREATE", `COMMIT; ${evil}`],
    ["ROLLBACK; CREATE", `ROLLBACK; ${evil}`],
    ["BEGIN TRANSACTION", `BEGIN TRANSACTION; ${evil}; COMMIT`],
    ["read; COMMIT; write", "MATCH (n) RETURN count(n);\nCOMMIT;\nMATCH (n:Person) SET n.name = 'x'"],
    ["read; write", `MATCH (n) RETURN count(n); ${evil}`],
    ["semicolon after a comment", `RETURN 1 /* ; */ ; ${evil}`],
    ["semicolon after a string", `RETURN 'it\\'s' ; ${evil}`],
    ["CHECKPOINT", "CHECKPOINT"],
    // steering the engine
    ["CALL TIMEOUT=", "CALL TIMEOUT=600000; MATCH (n) RETURN n"],
    ["CALL TIMEOUT= inline", "CALL TIMEOUT=600000 RETURN 1"],
    ["CALL THREADS=", "CALL THREADS=64 RETURN 1"],
    ["CALL a setting function", "CALL current_setting('timeout') RETURN *"],
    // files, other databases, extensions, loaders
    ["LOAD FROM", `LOAD FROM '${file}' (header = true) RETURN *`],
    ["LOAD WITH HEADERS", `LOAD WITH HEADERS (id STRING, name STRING) FROM '${file}' RETURN *`],
    ["LOAD CSV", `LOAD CSV FROM 'file://${file}' AS line RETURN line`],
    ["COPY FROM", `COPY Person FROM '${file}'`],
    ["COPY TO", `COPY Person TO '${target("people.csv")}'`],
    ["COPY query TO", `COPY (MATCH (p:Person) RETURN p.id, p.name) TO '${target("people-query.csv")}'`],
    ["EXPORT DATABASE", `EXPORT DATABASE '${target("dump")}'`],
    ["IMPORT DATABASE", `IMPORT DATABASE '${target("dump")}'`],
    ["ATTACH", `ATTACH '${target("other.kuzu")}' AS other (dbtype kuzu)`],
    ["USE", "USE other"],
    ["LOAD EXTENSION", `LOAD EXTENSION '${target("evil.kuzu_extension")}'`],
    ["INSTALL", "INSTALL httpfs"],
    ["APOC loader", `CALL apoc.load.json('file://${file}')`],
    ["APOC function", "RETURN apoc.text.join(['a'], ',')"],
  ];
}
