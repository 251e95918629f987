"use client";

import { useEffect, useState } from "react";
import type { GraphqlClient } from "../api-client.ts";
import { fetchSchemaOverview, type SchemaOverview, type SchemaProperty } from "../notebook-client.ts";

/** Statements a click in the panel puts into a new cell: a first look at what the type holds. */
export function sampleEntityStatement(type: string): string {
  return `MATCH (n:${type}) RETURN n LIMIT 25`;
}

export function sampleRelationshipStatement(type: string, from?: string, to?: string): string {
  const start = from ? `(a:${from})` : "(a)";
  const end = to ? `(b:${to})` : "(b)";
  return `MATCH p = ${start}-[r:${type}]->${end} RETURN p LIMIT 25`;
}

function Properties({ properties }: { readonly properties: readonly SchemaProperty[] }) {
  if (properties.length === 0) return <p className="schema-none">no properties of its own</p>;
  return (
    <ul className="schema-properties">
      {properties.map((p) => (
        <li key={p.name}>
          <code>{p.name}</code> <span className="schema-kind">{p.kind}</span>
        </li>
      ))}
    </ul>
  );
}

interface SchemaPanelProps {
  readonly client: GraphqlClient;
  /** Adds a Cypher cell with this statement at the end of the notebook. */
  readonly onInsert: (statement: string) => void;
  readonly onClose: () => void;
}

/**
 * The graph's shape beside the notebook, read fresh from the store each time it opens: entity
 * types and relationship types with their counts and properties, and which pairs of entity types
 * each relationship type joins, with how many. Types the graph holds none of are listed last and
 * dimmed, since a statement about them answers nothing.
 */
export function SchemaPanel({ client, onInsert, onClose }: SchemaPanelProps) {
  const [schema, setSchema] = useState<SchemaOverview | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    fetchSchemaOverview(client).then(setSchema, (error: Error) => setProblem(error.message));
  }, [client]);

  const byCount = <T extends { readonly count: number }>(types: readonly T[]) => [...types].sort((a, b) => Number(b.count > 0) - Number(a.count > 0));

  return (
    <aside className="schema-panel" aria-label="Graph schema">
      <header>
        <h2>Schema</h2>
        <button type="button" onClick={onClose} aria-label="Close schema">
          ×
        </button>
      </header>
      <p className="schema-hint">Click a type or a pair to add a cell that shows 25 of them.</p>
      {problem && (
        <p className="status error" role="alert">
          Could not read the schema: {problem}
        </p>
      )}
      {!schema && !problem && <p className="status">Loading…</p>}
      {schema && (
        <>
          <h3>Entity types</h3>
          <ul className="schema-types">
            {byCount(schema.entityTypes).map((t) => (
              <li key={t.name} className={t.count === 0 ? "empty" : undefined}>
                <details>
                  <summary>
                    <button type="button" className="schema-type" onClick={() => onInsert(sampleEntityStatement(t.name))} title={sampleEntityStatement(t.name)}>
                      :{t.name}
                    </button>{" "}
                    <span className="schema-count" aria-label={`${t.count} entities`}>
                      {t.count}
                    </span>
                  </summary>
                  <Properties properties={t.propertyInfo} />
                </details>
              </li>
            ))}
          </ul>
          <h3>Relationship types</h3>
          <ul className="schema-types">
            {byCount(schema.relationshipTypes).map((t) => (
              <li key={t.name} className={t.count === 0 ? "empty" : undefined}>
                <details>
                  <summary>
                    <button
                      type="button"
                      className="schema-type"
                      onClick={() => onInsert(sampleRelationshipStatement(t.name))}
                      title={sampleRelationshipStatement(t.name)}
                    >
                      [:{t.name}]
                    </button>{" "}
                    <span className="schema-count" aria-label={`${t.count} relationships`}>
                      {t.count}
                    </span>
                  </summary>
                  <ul className="schema-pairs" aria-label={`Pairs ${t.name} connects`}>
                    {t.endpoints
                      .filter((pair) => pair.count > 0)
                      .map((pair) => (
                        <li key={`${pair.from}-${pair.to}`}>
                          <button
                            type="button"
                            className="schema-pair"
                            onClick={() => onInsert(sampleRelationshipStatement(t.name, pair.from, pair.to))}
                            title={sampleRelationshipStatement(t.name, pair.from, pair.to)}
                          >
                            {pair.from} → {pair.to}
                          </button>{" "}
                          <span className="schema-count">{pair.count}</span>
                        </li>
                      ))}
                  </ul>
                  <Properties properties={t.propertyInfo} />
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
