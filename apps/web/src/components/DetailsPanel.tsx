"use client";

import { RELATIONSHIP_TYPE_NAMES } from "@kgx/domain";
import type { EntityDetail, EntityRef } from "../api-client.ts";
import { displayName, entityPropertyLines, formatDate, groupByType, relationshipPropertyLines, showsJapanese } from "../entity-format.ts";
import type { ExpansionStatus } from "../graph-view.ts";
import type { Language } from "../view-state.ts";
import { CitationLine, citationsOrSources, RelationshipEvidence } from "./RelationshipEvidence.tsx";
import { TypeSwatch } from "./TypeSwatch.tsx";
import { jsonObject } from "../graphql.ts";

interface DetailsPanelProps {
  readonly detail: EntityDetail | undefined;
  readonly language: Language;
  readonly loading: boolean;
  readonly inView: boolean;
  readonly expanded: boolean;
  readonly status: readonly ExpansionStatus[];
  readonly onExpand: (types?: readonly string[]) => void;
  readonly onCollapse: () => void;
  readonly onHide: () => void;
  readonly onHideRelationshipType: (type: string) => void;
  readonly onLoadMore: () => void;
  readonly onShowEntity: (id: string) => void;
}

function EntityLink({ entity, onShow }: { readonly entity: EntityRef; readonly onShow: (id: string) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => onShow(entity.id)} title={`Show ${entity.name} in the graph and open its details`}>
      <TypeSwatch type={entity.type} />
      {entity.name}
      {entity.nameJa && entity.nameJa !== entity.name && (
        <span className="ja" lang="ja">
          {" "}
          {entity.nameJa}
        </span>
      )}
    </button>
  );
}

/** Everything known about the selected entity, with the evidence behind each relationship. */
export function DetailsPanel(props: DetailsPanelProps) {
  const { detail } = props;
  if (!detail) {
    return (
      <section role="region" aria-label="Details" className="details empty">
        <p>{props.loading ? "Loading details…" : "Select an entity in the graph, the search or the timeline to see its details and evidence."}</p>
      </section>
    );
  }
  const groups = groupByType(detail.relationships.edges, RELATIONSHIP_TYPE_NAMES);
  const propertyLines = entityPropertyLines(detail.type, jsonObject(detail.properties));
  const truncated = props.status.filter((s) => s.truncated);
  return (
    <section role="region" aria-label="Details" className="details">
      <header className="details-head">
        <p className="type-line">
          <TypeSwatch type={detail.type} /> {detail.type}
        </p>
        <h2 title={displayName(detail, "both")} lang={showsJapanese(detail, props.language) ? "ja" : undefined}>
          {displayName(detail, props.language)}
        </h2>
        {/* The other language's name underneath, unless the header already shows both. */}
        {props.language === "en" && detail.nameJa && (
          <p className="name-ja" lang="ja">
            {detail.nameJa}
          </p>
        )}
        {props.language === "ja" && showsJapanese(detail, "ja") && <p className="name-en">{detail.name}</p>}
        {detail.aliases.length > 0 && (
          <p className="aliases">
            <span className="label">Also known as</span> {detail.aliases.join(" · ")}
          </p>
        )}
        {detail.description && <p className="description">{detail.description}</p>}
        <div className="actions">
          <button type="button" onClick={() => props.onExpand()} disabled={props.expanded}>
            Expand
          </button>
          <button type="button" onClick={props.onCollapse} disabled={!props.expanded}>
            Collapse
          </button>
          <button type="button" onClick={props.onHide} disabled={!props.inView}>
            Hide
          </button>
        </div>
        {props.status.map((s) =>
          s.truncated || s.types.length > 0 ? (
            <p key={`${s.types.join(".")}`} className="cap-note">
              {s.types.length > 0 ? `${s.types.join(", ")}: ` : ""}showing {s.shown} of {s.total} neighbours
            </p>
          ) : null,
        )}
        {truncated.length > 0 && (
          <button type="button" onClick={props.onLoadMore}>
            Load more
          </button>
        )}
      </header>

      {propertyLines.length > 0 && (
        <section aria-label="Properties">
          <h3>Properties</h3>
          <dl className="properties">
            {propertyLines.map((line) => (
              <div key={line.name} title={line.description}>
                <dt>{line.label}</dt>
                <dd>{line.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      <section aria-label="Relationships">
        <h3>
          Relationships <span className="count">{detail.relationships.totalCount}</span>
        </h3>
        {groups.map((group) => (
          <details key={group.type} className="rel-group" open={groups.length <= 4 || group.items.length <= 3}>
            <summary>
              <span className="rel-type">{group.type}</span> <span className="count">{group.items.length}</span>
            </summary>
            <div className="rel-group-actions">
              <button type="button" onClick={() => props.onExpand([group.type])} aria-label={`Expand ${group.type} relationships`}>
                Expand this type
              </button>
              <button type="button" onClick={() => props.onHideRelationshipType(group.type)} aria-label={`Hide ${group.type} relationships`}>
                Hide this type
              </button>
            </div>
            <ul className="relationships">
              {group.items.map((rel) => {
                const extra = relationshipPropertyLines(rel.node.type, jsonObject(rel.node.properties));
                return (
                  <li key={`${rel.node.id}:${rel.direction}`} className="relationship">
                    <p className="rel-line">
                      <span className="direction" aria-label={rel.direction === "OUT" ? "to" : "from"}>
                        {rel.direction === "OUT" ? "→" : "←"}
                      </span>
                      <span className="rel-body">
                        <EntityLink entity={rel.other} onShow={props.onShowEntity} />
                        {extra.map((line) => (
                          <span key={line.name} className="rel-prop">
                            {" "}
                            {line.label}: {line.value}
                          </span>
                        ))}
                        {(rel.node.validFrom || rel.node.validTo) && (
                          <span className="rel-prop">
                            {" "}
                            {formatDate(rel.node.validFrom, rel.node.validFromPrecision)}–{formatDate(rel.node.validTo, rel.node.validToPrecision)}
                          </span>
                        )}
                      </span>
                    </p>
                    <RelationshipEvidence claim={rel.node.claim} citations={citationsOrSources(rel.node.evidence.citations, rel.node.sources)} />
                  </li>
                );
              })}
            </ul>
          </details>
        ))}
      </section>

      {detail.statements.length > 0 && (
        <section aria-label="Statements">
          <h3>
            Statements by and about {detail.name} <span className="count">{detail.statements.length}</span>
          </h3>
          <ul className="statements">
            {detail.statements.map((s) => (
              <li key={s.id} className="statement">
                <p className="statement-head">
                  <button type="button" className="link-button" onClick={() => props.onShowEntity(s.id)}>
                    {s.name}
                  </button>
                </p>
                {s.description && <p className="claim">{s.description}</p>}
                <p className="meta">
                  {s.saidBy.length > 0 && <>Said by {s.saidBy.map((p) => p.name).join(", ")}</>}
                  {s.date && <>, {formatDate(s.date, s.datePrecision)}</>}
                  {s.channel && <> — {s.channel}</>}
                </p>
                <ul className="sources" aria-label="Evidence">
                  {s.reportedIn.map((source) => (
                    <CitationLine key={source.id} source={source} locator={null} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
