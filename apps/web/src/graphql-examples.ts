/**
 * The operations the GraphQL workspace opens with, one tab each: a start for someone who has not
 * read the schema yet. Each runs against the shipped knowledge as it is. Values are written inline
 * so each tab runs as it opens.
 */
export const GRAPHQL_EXAMPLES: readonly string[] = [
  `# Search in English or Japanese: names, Japanese names and aliases.
query Search {
  search(query: "ファーウェイ", first: 5) {
    id
    name
    nameJa
    type
  }
}`,
  `# An entity's neighbours, with the article behind every relationship.
query Neighbourhood {
  neighborhood(id: "h20", limit: 10) {
    totalNeighbors
    nodes { id name type }
    edges { type source target claim sources { title } }
  }
}`,
  `# The shortest path between two entities.
query Path {
  shortestPath(from: "donald-trump", to: "h20") {
    nodes { id name type }
    edges { type source target }
  }
}`,
  `# Read-only Cypher through the API.
query Cypher {
  cypher(statement: "MATCH (p:Person)-[:LEADS]->(o:Organization) RETURN p.name, o.name ORDER BY o.name") {
    columns
    rows
    truncated
    elapsedMs
    backend
  }
}`,
];
