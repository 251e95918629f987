"use client";

import type { Citation, GraphEdge, SourceRef } from "../graph-data.ts";
import { formatDate } from "../entity-format.ts";

/**
 * One article as evidence: its title (a link when it has an address), outlet, date written as
 * precisely as it is known, and where in it the evidence stands (¶N). An article without an
 * address says why instead of linking.
 */
export function CitationLine({
  source,
  locator,
  quote = null,
  claim = null,
}: {
  readonly source: SourceRef;
  readonly locator: string | null;
  /** The sentence of the article the evidence rests on, when it was kept (an ingested article). */
  readonly quote?: string | null;
  /** This article's own claim, shown when it is not the relationship's. */
  readonly claim?: string | null;
}) {
  const title = source.title ?? source.id;
  const date = formatDate(source.publishedAt, source.publishedAtPrecision);
  return (
    <li className="source">
      {source.url ? (
        <a href={source.url} target="_blank" rel="noreferrer noopener">
          {title}
        </a>
      ) : (
        <span>{title}</span>
      )}
      <span className="meta">
        {source.publisher ? ` — ${source.publisher}` : ""}
        {date ? `, ${date}` : ""}
      </span>
      {locator && (
        <span className="locator" title="Paragraphs of the article where the evidence stands">
          {` · ${locator}`}
        </span>
      )}
      {!source.url && source.citationNote && <span className="citation-note"> ({source.citationNote})</span>}
      {claim && <span className="citation-claim">{claim}</span>}
      {quote && (
        <q className="citation-quote" title="The article's sentence this evidence rests on">
          {quote}
        </q>
      )}
    </li>
  );
}

/**
 * The citations to show for a relationship: its citations when the answer has them, otherwise its
 * sources without locators (an answer that did not ask for citations).
 */
export function citationsOrSources(citations: readonly Citation[] | undefined, sources: readonly SourceRef[]): readonly Citation[] {
  return citations && citations.length > 0 ? citations : sources.map((source) => ({ source, locator: null, quote: null, claim: null }));
}

/** A relationship's evidence: the claim in the knowledge graph's words and the articles it rests on. */
export function RelationshipEvidence({ claim, citations }: { readonly claim: string | null; readonly citations: readonly Citation[] }) {
  return (
    <>
      {claim && <p className="claim">{claim}</p>}
      <ul className="sources" aria-label="Evidence">
        {citations.map((citation) => (
          <CitationLine
            key={citation.source.id}
            source={citation.source}
            locator={citation.locator}
            quote={citation.quote ?? null}
            claim={citation.claim && citation.claim !== claim ? citation.claim : null}
          />
        ))}
      </ul>
    </>
  );
}

/**
 * The side panel for a relationship picked in the graph: which entities it joins and its evidence.
 * Names are looked up among the entities in view; an id stands in for one that is not.
 */
export function RelationshipPanel({
  edge,
  names,
  onShowEntity,
  onClose,
}: {
  readonly edge: GraphEdge;
  readonly names: ReadonlyMap<string, string>;
  readonly onShowEntity: (id: string) => void;
  readonly onClose: () => void;
}) {
  const end = (id: string) => (
    <button type="button" className="link-button" onClick={() => onShowEntity(id)}>
      {names.get(id) ?? id}
    </button>
  );
  return (
    <section role="region" aria-label="Relationship evidence" className="details relationship-evidence">
      <header className="details-head">
        <p className="type-line">Relationship</p>
        <h2>
          {end(edge.source)} <span className="rel-type">{edge.type}</span> {end(edge.target)}
        </h2>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <RelationshipEvidence claim={edge.claim} citations={citationsOrSources(edge.citations, edge.sources)} />
    </section>
  );
}
