/**
 * Undo for views: a bounded stack of earlier views. Every change that alters what is drawn
 * (open, expand, collapse, hide, filter) pushes the view it replaces.
 */
export interface ViewHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
}

export const UNDO_DEPTH = 50;

export function startHistory<T>(present: T): ViewHistory<T> {
  return { past: [], present };
}

export function pushView<T>(history: ViewHistory<T>, next: T): ViewHistory<T> {
  if (next === history.present) return history;
  const past = [...history.past, history.present];
  return { past: past.length > UNDO_DEPTH ? past.slice(past.length - UNDO_DEPTH) : past, present: next };
}

/** Replaces the present without an undo step (selection, layout: things not worth undoing). */
export function replaceView<T>(history: ViewHistory<T>, next: T): ViewHistory<T> {
  return { past: history.past, present: next };
}

export function canUndo<T>(history: ViewHistory<T>): boolean {
  return history.past.length > 0;
}

export function undo<T>(history: ViewHistory<T>): ViewHistory<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous };
}
