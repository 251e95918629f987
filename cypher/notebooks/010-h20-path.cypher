// kgx notebook
// title: The H20's path: export control, conditional resumption, China's guidance
// params: {"chip":"h20"}

// %% markdown
// # The H20's path
//
// In April 2025 the US put Nvidia's H20 under export control for China. In July it allowed
// sales to resume on condition that 15 % of the revenue went to the US government. In August
// Chinese authorities told companies to keep the H20 out of sensitive work.
//
// Every cell below asks the graph; `$chip` comes from the notebook's parameters.

// %% cypher
MATCH (p:Policy)-[t:TARGETS]->(c:Chip {id: $chip})
RETURN p.name AS policy, p.kind AS kind, p.jurisdiction AS jurisdiction, p.effectiveFrom AS effectiveFrom, p.effectiveTo AS effectiveTo
ORDER BY p.effectiveFrom

// %% markdown
// ## Who issued each measure, and what it led to
//
// The graph view shows the policies, the bodies behind them and their consequences.

// %% cypher
MATCH (p:Policy)-[t:TARGETS]->(c:Chip {id: $chip})
OPTIONAL MATCH (p)-[i:ISSUED_BY]->(o:Organization)
OPTIONAL MATCH (p)-[l:LED_TO]->(e:Event)
RETURN p, t, c, i, o, l, e

// %% markdown
// ## What each measure restricts
//
// The export control restricted Nvidia; China's guidance restricts Nvidia and AMD.

// %% cypher
MATCH (p:Policy)-[:TARGETS]->(:Chip {id: $chip})
MATCH (p)-[r:RESTRICTS]->(o:Organization)
RETURN p.name AS policy, o.name AS restricted, r.claim AS claim
ORDER BY p.effectiveFrom, o.name

// %% markdown
// ## The approvals and the security inquiry
//
// Events that involve the chip, in date order.

// %% cypher
MATCH (e:Event)-[:INVOLVES]->(c:Chip {id: $chip})
RETURN e.date AS date, e.name AS event, e.kind AS kind
ORDER BY e.date, e.name
