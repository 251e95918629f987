"use client";

import type { GraphqlClient } from "../api-client.ts";
import type { AnalysedCandidate } from "../ingest-client.ts";
import { CANDIDATE_TYPES, type CandidateDecision, type CandidateReview as Candidate, type ReviewState } from "../ingest-review.ts";
import { FieldErrors } from "./FieldErrors.tsx";
import { SearchBox } from "./SearchBox.tsx";
import { TypeSwatch } from "./TypeSwatch.tsx";

interface CandidateListProps {
  readonly client: GraphqlClient;
  readonly candidates: readonly AnalysedCandidate[];
  readonly review: ReviewState;
  readonly locked: boolean;
  /** Problems and API errors, by candidate key. */
  readonly messages: ReadonlyMap<string, readonly string[]>;
  readonly onChange: (key: string, change: Partial<Omit<Candidate, "key" | "text">>) => void;
  readonly onUnreachable: (error: unknown) => void;
}

const DECISIONS: readonly { readonly value: CandidateDecision; readonly label: string }[] = [
  { value: "pending", label: "Undecided" },
  { value: "accept", label: "Accept as new" },
  { value: "merge", label: "Merge into…" },
  { value: "ignore", label: "Ignore" },
];

/** Names the analysis found no entity for: each to accept as a new entity, merge into an existing one (as an alias), or ignore. */
export function CandidateList({ client, candidates, review, locked, messages, onChange, onUnreachable }: CandidateListProps) {
  if (review.candidates.length === 0) return <p className="hint">No new names: every proper noun found is already in the graph.</p>;
  return (
    <ul className="candidate-list">
      {review.candidates.map((c, i) => {
        const found = candidates[i];
        const errors = messages.get(c.key) ?? [];
        return (
          <li key={c.key} className={`review-item decision-${c.decision}`} data-candidate={c.text}>
            <div className="review-item-head">
              <span className="candidate-text">{c.text}</span>
              <span className="meta">
                proposed {found?.proposedType ?? "?"} · {found?.occurrences ?? 0}×
              </span>
            </div>
            <fieldset className="decision" disabled={locked}>
              <legend className="visually-hidden">What to do with “{c.text}”</legend>
              {DECISIONS.map((d) => (
                <label key={d.value} className="inline">
                  <input
                    type="radio"
                    name={`decision-${c.key}`}
                    value={d.value}
                    checked={c.decision === d.value}
                    onChange={() => onChange(c.key, { decision: d.value })}
                  />
                  {d.label}
                </label>
              ))}
            </fieldset>
            {c.decision === "accept" && (
              <div className="candidate-fields">
                <label>
                  Name
                  <input value={c.name} disabled={locked} onChange={(event) => onChange(c.key, { name: event.target.value })} />
                </label>
                <label>
                  Japanese name
                  <input
                    value={c.nameJa}
                    lang="ja"
                    disabled={locked}
                    placeholder="optional"
                    onChange={(event) => onChange(c.key, { nameJa: event.target.value })}
                  />
                </label>
                <label>
                  Type
                  <span className="type-select">
                    <TypeSwatch type={c.type} />
                    <select value={c.type} disabled={locked} onChange={(event) => onChange(c.key, { type: event.target.value })}>
                      {CANDIDATE_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                  </span>
                </label>
              </div>
            )}
            {c.decision === "merge" && (
              <div className="candidate-fields">
                {c.mergeInto ? (
                  <p>
                    “{c.text}” becomes another name of <TypeSwatch type={c.mergeInto.type} />
                    <strong>{c.mergeInto.name}</strong>{" "}
                    {!locked && (
                      <button type="button" className="link-button" onClick={() => onChange(c.key, { mergeInto: null })}>
                        change
                      </button>
                    )}
                  </p>
                ) : (
                  <SearchBox
                    client={client}
                    label={`Entity to merge “${c.text}” into`}
                    placeholder="Search the entity it is another name of"
                    initialText={c.text}
                    onPick={(e) => onChange(c.key, { mergeInto: { id: e.id, name: e.name, type: e.type } })}
                    onUnreachable={onUnreachable}
                  />
                )}
              </div>
            )}
            <FieldErrors messages={errors} />
          </li>
        );
      })}
    </ul>
  );
}
