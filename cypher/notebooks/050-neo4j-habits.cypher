// kgx notebook
// title: Neo4j habits, on either store

// %% markdown
// # Neo4j habits, on either store
//
// Everyday Cypher as Neo4j Browser's guides and the Cypher manual teach it. Every cell here
// gives the same answer on the embedded store (Kùzu) as on Neo4j. Where Kùzu spells a thing
// differently, the embedded store respells it before it runs: `type(r)` runs as `label(r)`,
// `labels(n)` as `[label(n)]` (an entity has one type there), `CALL db.labels()` and
// `CALL db.relationshipTypes()` are answered from the graph, and `COUNT { (a)--(b) }` gets the
// `MATCH` Kùzu needs. Columns are named as written, e.g. `labels(n)` and `count(*)`.

// %% markdown
// ## What is in the graph
//
// The first things to ask a graph you have not seen: its labels, its relationship types,
// and how many of each there are.

// %% cypher
CALL db.labels()

// %% cypher
CALL db.relationshipTypes()

// %% cypher
MATCH (n) WHERE n.name IS NOT NULL RETURN labels(n), count(*)

// %% cypher
MATCH ()-[r]->() RETURN type(r), count(*) ORDER BY count(*) DESC, type(r)

// %% cypher
MATCH (o:Organization) RETURN count(o)

// %% cypher
MATCH (o:Organization) RETURN count(DISTINCT o.country) AS countries, sum(1) AS organizations

// %% markdown
// ## Looking things up
//
// By id, by name, with `WHERE` and the string operators.

// %% cypher
MATCH (c:Chip {id: 'h20'}) RETURN c

// %% cypher
MATCH (c:Chip {id: 'h20'}) RETURN c.name, c.nameJa, c.aliases

// %% cypher
MATCH (p:Person) WHERE p.name STARTS WITH 'J' RETURN p.name

// %% cypher
MATCH (p:Person) WHERE p.name CONTAINS 'an' RETURN p.name ORDER BY p.name

// %% cypher
MATCH (p:Person) WHERE p.name =~ 'J.*' RETURN p.name

// %% cypher
MATCH (o:Organization) WHERE o.country IN ['US', 'TW'] RETURN o.name ORDER BY o.name

// %% cypher
MATCH (o:Organization) WHERE o.country IS NULL RETURN o.name

// %% cypher
MATCH (o:Organization) WHERE o.country IS NOT NULL AND o.kind = 'company' RETURN o.name, o.country ORDER BY o.name

// %% cypher
WITH 'nvidia' AS id MATCH (o:Organization {id: id}) RETURN o.name

// %% cypher
MATCH (p:Person) RETURN p.name ORDER BY p.name SKIP 2 LIMIT 3

// %% markdown
// ## Relationships and their types
//
// `type(r)` and `labels(n)` name what a relationship and a node are.

// %% cypher
MATCH (o:Organization {id: 'nvidia'})-[r]-(m) RETURN type(r) AS rel, labels(m) AS kind, m.name ORDER BY rel, m.name LIMIT 8

// %% cypher
MATCH (p:Person)-[r:LEADS]->(o:Organization) RETURN p.name, type(r), r.role, o.name ORDER BY p.name

// %% cypher
MATCH (c:Chip {id: 'h20'})-[r]-(m) RETURN c, r, m

// %% cypher
MATCH (a:Organization {id: 'nvidia'})-[*1..2]-(b:Place) RETURN DISTINCT b.name ORDER BY b.name

// %% cypher
MATCH p = (:Person {id: 'jensen-huang'})-[:LEADS]->(:Organization) RETURN p, nodes(p), relationships(p), length(p)

// %% markdown
// ## OPTIONAL MATCH
//
// Rows stay when the optional part finds nothing; its columns are null then.

// %% cypher
MATCH (o:Organization {id: 'cryptopolitan'}) OPTIONAL MATCH (o)-[:LOCATED_IN]->(p:Place) RETURN o.name, p.name

// %% cypher
MATCH (c:Chip) OPTIONAL MATCH (c)<-[:MAKES]-(m) RETURN c.name, m.name ORDER BY c.name

// %% markdown
// ## Aggregation
//
// `count(*)`, `collect()`, `collect(DISTINCT …)`, and sorting before collecting with
// `WITH … ORDER BY … LIMIT`. A collected list comes in the engine's own order unless the rows are
// sorted first, so the `collect(DISTINCT …)` cell counts the distinct kinds.

// %% cypher
MATCH (o:Organization) RETURN o.country AS country, count(*) AS n ORDER BY n DESC, country

// %% cypher
MATCH (o:Organization) RETURN o.country AS country, size(collect(DISTINCT o.kind)) AS kinds ORDER BY country

// %% cypher
MATCH (o:Organization) WITH o ORDER BY o.name LIMIT 5 RETURN collect(o.name) AS names

// %% cypher
MATCH (p:Person)-[:SAID]->(s) WITH p, count(s) AS said WHERE said > 1 RETURN p.name, said ORDER BY said DESC, p.name

// %% cypher
MATCH (s:Statement) RETURN min(s.date), max(s.date)

// %% cypher
MATCH (s:Statement) RETURN s.date, s.description ORDER BY s.date, s.description LIMIT 3

// %% markdown
// ## Subqueries: COUNT { } and EXISTS { }
//
// Neo4j 5 counts and tests patterns with subqueries; `size((n)--())` and `exists((n)--())`
// are gone from Neo4j 5, and the embedded store refuses them with this spelling.

// %% cypher
MATCH (o:Organization {id: 'nvidia'}) RETURN count { (o)--() } AS degree

// %% cypher
MATCH (o:Organization {id: 'nvidia'}) RETURN COUNT { MATCH (o)--() } AS degree

// %% cypher
MATCH (o:Organization) WHERE EXISTS { (o)-[:LOCATED_IN]->(:Place {id: 'china'}) } RETURN o.name ORDER BY o.name

// %% cypher
MATCH (o:Organization) WHERE NOT EXISTS { MATCH (o)-[:LOCATED_IN]->() } RETURN o.name ORDER BY o.name

// %% cypher
MATCH (o:Organization) WHERE NOT (o)-[:LOCATED_IN]->() RETURN count(*)

// %% markdown
// ## Lists, UNWIND and CASE

// %% cypher
UNWIND [1, 2, 3] AS x RETURN x * 2 AS doubled

// %% cypher
MATCH (o:Organization {id: 'nvidia'}) UNWIND o.aliases AS alias RETURN alias ORDER BY alias

// %% cypher
MATCH (o:Organization {id: 'nvidia'}) RETURN o.name, size(o.aliases)

// %% cypher
MATCH (o:Organization) RETURN o.name, CASE o.country WHEN 'US' THEN 'American' WHEN 'CN' THEN 'Chinese' ELSE 'other' END AS side ORDER BY o.name

// %% cypher
MATCH (o:Organization) RETURN CASE WHEN o.country = 'US' THEN 'US' ELSE 'elsewhere' END AS side, count(*) ORDER BY side

// %% cypher
MATCH (o:Organization {id: 'nvidia'}) RETURN any(a IN o.aliases WHERE a CONTAINS 'Corp') AS corporate, none(a IN o.aliases WHERE a = '') AS noneEmpty, single(a IN o.aliases WHERE a = 'NVIDIA') AS once

// %% cypher
MATCH (o:Organization) RETURN toUpper(o.name), toLower(o.id) ORDER BY o.name LIMIT 5

// %% markdown
// ## UNION

// %% cypher
MATCH (p:Person) RETURN p.name AS name UNION MATCH (o:Organization {country: 'TW'}) RETURN o.name AS name
