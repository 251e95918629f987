// kgx notebook
// title: From Huawei to Nvidia
// params: {"from":"huawei","to":"nvidia"}

// %% markdown
// # From Huawei to Nvidia
//
// How are the two companies connected in the graph? First the direct relationships, then
// the paths through one entity in between.

// %% cypher
MATCH (a:Organization {id: $from})-[r]-(b:Organization {id: $to})
RETURN a, r, b

// %% cypher
MATCH (a:Organization {id: $from})-[r1]-(x)-[r2]-(b:Organization {id: $to})
RETURN a, r1, x, r2, b
LIMIT 50

// %% markdown
// ## What stands between them
//
// The entities on those two-step paths, with their types and how many paths pass through each.

// %% cypher
MATCH (a:Organization {id: $from})-[]-(x)-[]-(b:Organization {id: $to})
RETURN x AS entity, x.name AS via, count(*) AS paths
ORDER BY paths DESC, via

// %% markdown
// ## Chips against chips
//
// The Ascend 910C set against Nvidia's chips.

// %% cypher
MATCH (h:Organization {id: $from})-[:MAKES]->(a:Chip)-[cmp:COMPARED_WITH]->(n:Chip)<-[:MAKES]-(nv:Organization {id: $to})
RETURN a.name AS huaweiChip, n.name AS nvidiaChip, cmp.ratioLow AS ratioLow, cmp.ratioHigh AS ratioHigh, cmp.claim AS claim
