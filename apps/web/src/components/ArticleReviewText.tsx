"use client";

import { useMemo } from "react";
import { segmentArticle, type TextPiece } from "../article-segments.ts";
import { mentionColorClass } from "../graph-style.ts";
import type { ArticleAnalysis } from "../ingest-client.ts";
import { EMPTY_VIEW, encodeViewState, openEntity } from "../view-state.ts";

interface ArticleReviewTextProps {
  readonly analysis: ArticleAnalysis;
  /** The sentence of the relationship being looked at, drawn emphasised. */
  readonly activeSentence: number | null;
  readonly onPickSentence: (index: number) => void;
}

function formatFigure(value: number, unit: string): string {
  return `${value.toLocaleString("en")} ${unit}`;
}

/**
 * The analysed text with each mention in its entity type's colour (its tooltip names the entity;
 * a click opens it in the explorer, in a new tab so the review stays), names not in the graph yet
 * underlined, each sentence numbered, and figures marked with their normalised value.
 */
export function ArticleReviewText({ analysis, activeSentence, onPickSentence }: ArticleReviewTextProps) {
  const candidateSpans = useMemo(
    () => analysis.candidates.flatMap((c) => c.positions.map((p) => ({ ...p, text: c.text, proposedType: c.proposedType }))),
    [analysis],
  );
  const blocks = useMemo(
    () =>
      segmentArticle({
        text: analysis.text,
        sentences: analysis.sentences,
        mentions: analysis.mentions,
        figures: analysis.figures,
        candidates: candidateSpans,
      }),
    [analysis, candidateSpans],
  );

  const renderPiece = (piece: TextPiece) => {
    let content: React.ReactNode = piece.text;
    const figureIndex = piece.figures[0];
    const figure = figureIndex !== undefined ? analysis.figures[figureIndex] : undefined;
    if (figure) {
      content = (
        <mark className="figure" title={`Figure: ${formatFigure(figure.value, figure.unit)}`} data-figure={`${figure.value} ${figure.unit}`}>
          {content}
        </mark>
      );
    }
    const candidateIndex = piece.candidates[0];
    const candidate = candidateIndex !== undefined ? candidateSpans[candidateIndex] : undefined;
    if (candidate && piece.mentions.length === 0) {
      content = (
        <mark
          className="candidate"
          title={`New name: “${candidate.text}”, perhaps a ${candidate.proposedType}. Accept, merge or ignore it under New names.`}
          data-candidate={candidate.text}
        >
          {content}
        </mark>
      );
    }
    const mentionIndex = piece.mentions[0];
    const mention = mentionIndex !== undefined ? analysis.mentions[mentionIndex] : undefined;
    if (mention) {
      const others = piece.mentions
        .slice(1)
        .map((i) => analysis.mentions[i]?.entity.name)
        .filter((n): n is string => n !== undefined);
      const entity = mention.entity;
      const label = `${entity.name}${entity.nameJa ? ` · ${entity.nameJa}` : ""} — ${entity.type}${others.length > 0 ? ` (also ${others.join(", ")})` : ""}. Click to open it in the explorer.`;
      content = (
        <a
          className={`mention ${mentionColorClass(entity.type)}`}
          href={`/?${encodeViewState(openEntity(EMPTY_VIEW, entity.id))}`}
          target="_blank"
          rel="noopener"
          title={label}
          data-entity={entity.id}
          data-type={entity.type}
        >
          {content}
        </a>
      );
    }
    return <span key={piece.start}>{content}</span>;
  };

  return (
    <div className="article-text" lang={analysis.language} aria-label="The article, with what was found in it">
      {blocks.map((block) =>
        block.sentence === null ? (
          <span key={`gap-${block.pieces[0]?.start ?? 0}`}>{block.pieces.map(renderPiece)}</span>
        ) : (
          <span
            key={`s-${block.sentence}`}
            className={`sentence${block.sentence === activeSentence ? " sentence-active" : ""}${block.sentence % 2 === 1 ? " sentence-odd" : ""}`}
            data-sentence={block.sentence}
          >
            <button
              type="button"
              className="sentence-no"
              title={`Sentence ${block.sentence + 1}: show the relationships it supports`}
              onClick={() => onPickSentence(block.sentence as number)}
            >
              {(block.sentence as number) + 1}
            </button>
            {block.pieces.map(renderPiece)}
          </span>
        ),
      )}
    </div>
  );
}
