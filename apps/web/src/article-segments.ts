/**
 * Cuts an analysed article's text into the pieces the review page draws: each piece lies within
 * one sentence (or between sentences) and is covered by the same mentions and figures throughout,
 * so the page can colour it by entity type and mark figures without reading offsets itself.
 * Offsets are character offsets into the analysed text (UTF-16 code units, as JavaScript strings
 * count them), end exclusive.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface SegmentInput {
  readonly text: string;
  readonly sentences: readonly (Span & { readonly index: number })[];
  readonly mentions: readonly Span[];
  readonly figures: readonly Span[];
  /** Names that match no entity yet (candidates for new ones). */
  readonly candidates?: readonly Span[];
}

export interface TextPiece {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Indices into `mentions` of the mentions covering the whole piece, shortest (innermost) first. */
  readonly mentions: readonly number[];
  /** Indices into `figures` of the figures covering the whole piece. */
  readonly figures: readonly number[];
  /** Indices into `candidates` of the candidate occurrences covering the whole piece. */
  readonly candidates: readonly number[];
}

export interface SentenceBlock {
  /** The sentence's index, or null for text between sentences (spaces, blank lines). */
  readonly sentence: number | null;
  readonly pieces: readonly TextPiece[];
}

/** Spans that lie outside the text or are empty are dropped: a bad offset must not break the page. */
function usable(span: Span, length: number): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end <= length && span.start < span.end;
}

function covering(spans: readonly Span[], start: number, end: number): number[] {
  const found: number[] = [];
  spans.forEach((span, i) => {
    if (span.start <= start && span.end >= end) found.push(i);
  });
  return found;
}

function sameIndices(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The text as blocks of sentences and the gaps between them, each a run of pieces. Overlapping
 * mentions split into the parts each covers (the overlap lists both, the shorter first); two
 * adjacent mentions stay two pieces, even of the same entity.
 */
export function segmentArticle(input: SegmentInput): SentenceBlock[] {
  const { text } = input;
  const length = text.length;
  const mentions = input.mentions.map((m) => (usable(m, length) ? m : { start: 0, end: 0 }));
  const figures = input.figures.map((f) => (usable(f, length) ? f : { start: 0, end: 0 }));
  const candidates = (input.candidates ?? []).map((c) => (usable(c, length) ? c : { start: 0, end: 0 }));
  const sentences = input.sentences.filter((s) => usable(s, length)).sort((a, b) => a.start - b.start);

  const cuts = new Set<number>([0, length]);
  for (const span of [...sentences, ...mentions, ...figures, ...candidates]) {
    if (span.start < span.end) {
      cuts.add(span.start);
      cuts.add(span.end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);

  const blocks: { sentence: number | null; pieces: TextPiece[] }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    const sentence = sentences.find((s) => s.start <= start && s.end >= end)?.index ?? null;
    const coveringMentions = covering(mentions, start, end).sort((a, b) => {
      const ma = mentions[a] as Span;
      const mb = mentions[b] as Span;
      return ma.end - ma.start - (mb.end - mb.start) || a - b;
    });
    const coveringFigures = covering(figures, start, end);
    const coveringCandidates = covering(candidates, start, end);
    const last = blocks[blocks.length - 1];
    const block = last && last.sentence === sentence ? last : undefined;
    const previous = block?.pieces[block.pieces.length - 1];
    // Runs with the same marks are one piece, unless a mark ends and another of the same set starts here.
    const continues =
      previous !== undefined &&
      sameIndices(previous.mentions, coveringMentions) &&
      sameIndices(previous.figures, coveringFigures) &&
      sameIndices(previous.candidates, coveringCandidates) &&
      ![...coveringMentions.map((i) => mentions[i]), ...coveringFigures.map((i) => figures[i]), ...coveringCandidates.map((i) => candidates[i])].some(
        (span) => span?.start === start,
      );
    if (continues && block && previous) {
      block.pieces[block.pieces.length - 1] = { ...previous, end, text: text.slice(previous.start, end) };
      continue;
    }
    const piece: TextPiece = { start, end, text: text.slice(start, end), mentions: coveringMentions, figures: coveringFigures, candidates: coveringCandidates };
    if (block) block.pieces.push(piece);
    else blocks.push({ sentence, pieces: [piece] });
  }
  return blocks;
}
