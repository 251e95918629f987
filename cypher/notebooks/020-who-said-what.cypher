// kgx notebook
// title: Who said what, and where it was reported
// params: {"from":"2025-07-01","to":"2025-08-31"}

// %% markdown
// # Who said what
//
// In kgx a statement is an entity: a person *said* it, it is *about* something, it was
// *reported by* an outlet and *reported in* an article. The descriptions paraphrase.

// %% cypher
MATCH (p:Person)-[:SAID]->(s:Statement)
OPTIONAL MATCH (s)-[:REPORTED_BY]->(o:Organization)
RETURN p.name AS speaker, s.date AS date, s.stance AS stance, s.description AS said, o.name AS reportedBy
ORDER BY s.date, p.name

// %% markdown
// ## Statements about the H20 in the summer of 2025
//
// `$from` and `$to` come from the notebook's parameters; change them and run again.

// %% cypher
MATCH (speaker)-[:SAID]->(s:Statement)-[:ABOUT]->(c:Chip {id: 'h20'})
WHERE s.date >= date($from) AND s.date <= date($to)
RETURN speaker.name AS speaker, s.date AS date, s.description AS said
ORDER BY s.date

// %% markdown
// ## Where it was reported
//
// Each statement with the article it appeared in, as a graph.

// %% cypher
MATCH (p:Person)-[said:SAID]->(s:Statement)-[rep:REPORTED_IN]->(src:Source)
RETURN p, said, s, rep, src

// %% markdown
// ## The same from the API
//
// GraphQL cells ask the kgx API directly.

// %% graphql
// {
//   search(query: "CNBC", first: 3) {
//     id
//     name
//     type
//   }
// }
