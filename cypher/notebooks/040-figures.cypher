// kgx notebook
// title: The figures in one table

// %% markdown
// # The figures
//
// Figures are properties of what they measure: the write-down and the order are amounts of
// events, the revenue share belongs to the July 2025 licence, the relative performance is a
// comparison between two chips. One query gathers them into one table, low and high
// equal where the figure is a single value.

// %% cypher
MATCH (w:Event {id: 'nvidia-h20-inventory-write-down'}), (o:Event {id: 'nvidia-tsmc-h20-order'}),
      (l:Policy {id: 'us-h20-resumption-licence-2025-07'}),
      (a:Chip {id: 'ascend-910c'})-[c:COMPARED_WITH]->(b:Chip {id: 'h100'})
UNWIND [
  {figure: w.name, low: w.amount, high: w.amount, unit: w.unit},
  {figure: o.name, low: o.amount, high: o.amount, unit: o.unit},
  {figure: l.name, low: l.revenueSharePercent, high: l.revenueSharePercent, unit: 'percent of China revenue'},
  {figure: a.name + ' vs ' + b.name + ' (inference)', low: c.ratioLow * 100, high: c.ratioHigh * 100, unit: 'percent of the H100'}
] AS f
RETURN f.figure AS figure, f.low AS low, f.high AS high, f.unit AS unit

// %% markdown
// ## Every amount in the graph
//
// Any event with an amount, so new knowledge shows up here without editing the notebook.

// %% cypher
MATCH (e:Event) WHERE e.amount IS NOT NULL
RETURN e.name AS event, e.date AS date, e.amount AS amount, e.amountUpper AS upTo, e.unit AS unit
ORDER BY e.amount DESC
