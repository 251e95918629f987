"use client";

import type { Citation, SourceRef } from "../graph-data.ts";
import { formatDate } from "../entity-format.ts";

/**
 * One article as evidence: its title (a link when it has an address), outlet, date written as
 * precisely as it is known, and where in it the evidence stands (¶N). An article without an
 * address says why instead of linking.
 */
export function CitationLine({ source, locator }: { readonly source: SourceRef; readonly locator: string | null }) {
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
          {" "}
          {locator}
        </span>
      )}
      {!source.url && source.citationNote && <span className="citation-note"> ({source.citationNote})</span>}
    </li>
  );
}

/**
 * The citations to show for a relationship: its citations when the answer has them, otherwise its
 * sources without locators (an answer that did not ask for citations).
 */
export function citationsOrSources(citations: readonly Citation[] | undefined, sources: readonly SourceRef[]): readonly Citation[] {
  return citations && citations.length > 0 ? citations : sources.map((source) => ({ source, locator: null }));
}

/** A relationship's evidence: the claim in the knowledge graph's words and the articles it rests on. */
export function RelationshipEvidence({ claim, citations }: { readonly claim: string | null; readonly citations: readonly Citation[] }) {
  return (
    <>
      {claim && <p className="claim">{claim}</p>}
      <ul className="sources" aria-label="Evidence">
        {citations.map((citation) => (
          <CitationLine key={citation.source.id} source={citation.source} locator={citation.locator} />
        ))}
      </ul>
    </>
  );
}
