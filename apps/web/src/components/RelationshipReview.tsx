"use client";

import { useState } from "react";
import type { ArticleAnalysis } from "../ingest-client.ts";
import { allowedRelationshipTypes, evidenceSentences, swapDirection, type Endpoint, type RelationshipDraft, type ReviewState } from "../ingest-review.ts";
import { FieldErrors } from "./FieldErrors.tsx";
import { TypeSwatch } from "./TypeSwatch.tsx";

interface RelationshipListProps {
  readonly analysis: ArticleAnalysis;
  readonly review: ReviewState;
  readonly ends: readonly Endpoint[];
  readonly locked: boolean;
  readonly activeSentence: number | null;
  readonly messages: ReadonlyMap<string, readonly string[]>;
  readonly onChange: (key: string, change: Partial<Omit<RelationshipDraft, "key" | "origin">>) => void;
  readonly onRemove: (key: string) => void;
  readonly onAdd: (draft: Omit<RelationshipDraft, "key" | "origin" | "confirmed">) => void;
  readonly onFocusSentence: (index: number) => void;
}

function EndName({ end, fallback, japanese }: { readonly end: Endpoint | undefined; readonly fallback: string; readonly japanese: boolean }) {
  return (
    <span className="end-name" title={end ? `${end.name}${end.nameJa ? ` · ${end.nameJa}` : ""} — ${end.type}` : undefined}>
      <TypeSwatch type={end?.type ?? "unknown"} />
      {end?.name ?? fallback}
      {japanese && end?.nameJa && end.nameJa !== end.name && (
        <span className="ja" lang="ja">
          {" "}
          {end.nameJa}
        </span>
      )}
      {end?.isNew && <span className="new-badge">new</span>}
    </span>
  );
}

/** Suggested and added relationships: each to confirm with a claim in the analyst's words, its type changed among those the ends allow, or its direction swapped. */
export function RelationshipList(props: RelationshipListProps) {
  const { analysis, review, ends, locked, messages } = props;
  const endOf = (key: string) => ends.find((e) => e.key === key);
  const sentenceText = (index: number) => analysis.sentences.find((s) => s.index === index)?.text ?? "";
  return (
    <>
      {review.relationships.length === 0 ? (
        <p className="hint">No relationship suggested: no sentence names two entities the model lets relate. Add one below.</p>
      ) : (
        <ul className="relationship-list">
          {review.relationships.map((r) => {
            const from = endOf(r.from);
            const to = endOf(r.to);
            const types = from && to ? allowedRelationshipTypes(from.type, to.type) : [];
            const swapped = swapDirection(r, ends);
            const errors = messages.get(r.key) ?? [];
            return (
              <li
                key={r.key}
                className={`review-item${r.confirmed ? " confirmed" : ""}${props.activeSentence === r.sentence ? " on-active-sentence" : ""}`}
                data-relationship={`${r.from}|${r.type}|${r.to}|${r.sentence}`}
                onMouseEnter={() => props.onFocusSentence(r.sentence)}
                onFocus={() => props.onFocusSentence(r.sentence)}
              >
                <div className="review-item-head">
                  <label className="inline confirm">
                    <input
                      type="checkbox"
                      checked={r.confirmed}
                      disabled={locked}
                      onChange={(event) => props.onChange(r.key, { confirmed: event.target.checked })}
                    />
                    Confirm
                  </label>
                  <EndName end={from} fallback={r.from} japanese={analysis.language === "ja"} />
                  <select
                    aria-label="Relationship type"
                    value={r.type}
                    disabled={locked}
                    onChange={(event) => props.onChange(r.key, { type: event.target.value })}
                  >
                    {(types.includes(r.type) ? types : [r.type, ...types]).map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                  <span aria-hidden="true">→</span>
                  <EndName end={to} fallback={r.to} japanese={analysis.language === "ja"} />
                  <button
                    type="button"
                    className="link-button"
                    disabled={locked || !swapped}
                    title={swapped ? "Swap the direction" : "The model allows no relationship between these types the other way round"}
                    onClick={() => swapped && props.onChange(r.key, { from: swapped.from, to: swapped.to, type: swapped.type })}
                  >
                    ⇄ swap
                  </button>
                  {r.origin === "added" && !locked && (
                    <button type="button" className="link-button" onClick={() => props.onRemove(r.key)}>
                      remove
                    </button>
                  )}
                </div>
                <blockquote className="evidence-sentence" lang={analysis.language}>
                  <span className="sentence-ref">Sentence {r.sentence + 1}:</span> {sentenceText(r.sentence)}
                </blockquote>
                {r.confirmed && (
                  <label className="claim">
                    Claim
                    <textarea
                      rows={2}
                      value={r.claim}
                      disabled={locked}
                      placeholder="What this sentence shows, in your own words (required to confirm)"
                      onChange={(event) => props.onChange(r.key, { claim: event.target.value })}
                    />
                  </label>
                )}
                <FieldErrors messages={errors} />
              </li>
            );
          })}
        </ul>
      )}
      {!locked && <AddRelationship analysis={analysis} review={review} ends={ends} onAdd={props.onAdd} />}
    </>
  );
}

/** Picks two ends among the mentioned and accepted entities, a type the model allows between them, and the sentence that is the evidence. */
function AddRelationship({ analysis, review, ends, onAdd }: Pick<RelationshipListProps, "analysis" | "review" | "ends" | "onAdd">) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [type, setType] = useState("");
  const [sentence, setSentence] = useState("");
  const fromEnd = ends.find((e) => e.key === from);
  const toEnd = ends.find((e) => e.key === to);
  const types = fromEnd && toEnd && from !== to ? allowedRelationshipTypes(fromEnd.type, toEnd.type) : [];
  const chosenType = types.includes(type) ? type : (types[0] ?? "");
  const sentences = fromEnd && toEnd ? evidenceSentences(analysis, review, from, to) : [];
  const chosenSentence = sentences.includes(Number(sentence)) && sentence !== "" ? Number(sentence) : sentences[0];
  const why =
    ends.length < 2
      ? "The article names fewer than two entities."
      : !fromEnd || !toEnd
        ? "Pick both ends."
        : from === to
          ? "Pick two different entities."
          : types.length === 0
            ? `The model allows no relationship from ${fromEnd.type} to ${toEnd.type}; swap the ends or pick others.`
            : chosenSentence === undefined
              ? "Neither entity is found in a sentence."
              : undefined;
  const sentenceLabel = (index: number) => {
    const text = analysis.sentences.find((s) => s.index === index)?.text ?? "";
    return `${index + 1}: ${text.length > 70 ? `${text.slice(0, 69)}…` : text}`;
  };
  return (
    <fieldset className="add-relationship">
      <legend>Add a relationship</legend>
      <label>
        From
        <EndSelect ends={ends} value={from} onChange={setFrom} />
      </label>
      <label>
        Type
        <select value={chosenType} onChange={(event) => setType(event.target.value)} disabled={types.length === 0}>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        To
        <EndSelect ends={ends} value={to} onChange={setTo} />
      </label>
      <label className="wide">
        Evidence sentence
        <select value={chosenSentence ?? ""} onChange={(event) => setSentence(event.target.value)} disabled={sentences.length === 0}>
          {sentences.map((s) => (
            <option key={s} value={s}>
              {sentenceLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={why !== undefined}
        onClick={() => {
          if (why !== undefined || chosenSentence === undefined) return;
          onAdd({ type: chosenType, from, to, sentence: chosenSentence, claim: "" });
          setFrom("");
          setTo("");
          setType("");
          setSentence("");
        }}
      >
        Add
      </button>
      {why && <p className="hint">{why}</p>}
    </fieldset>
  );
}

/** One end of a relationship being added: any entity of the review, new ones marked. */
function EndSelect({ ends, value, onChange }: { readonly ends: readonly Endpoint[]; readonly value: string; readonly onChange: (key: string) => void }) {
  return (
    <select value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">—</option>
      {ends.map((e) => (
        <option key={e.key} value={e.key}>
          {e.name} ({e.type}
          {e.isNew ? ", new" : ""})
        </option>
      ))}
    </select>
  );
}
