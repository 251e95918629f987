/**
 * Undo for views: a bounded stack of earlier views. Every change that alters what is drawn
 * (open, expand, collapse, hide, filter) pushes the view it replaces. Rapid changes of one kind
 * (a date typed digit by digit, a range dragged) make one step: a push with the same `coalesce`
 * key within COALESCE_MS of the previous one replaces the present instead.
 */
export interface ViewHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  /** The kind and time of the last push, for coalescing. */
  readonly lastStep?: { readonly key: string; readonly at: number } | undefined;
}

export const UNDO_DEPTH = 50;
export const COALESCE_MS = 800;

export function startHistory<T>(present: T): ViewHistory<T> {
  return { past: [], present };
}

export interface PushOptions {
  /** Pushes with the same key in quick succession make one step. */
  readonly coalesce?: string;
  /** The time of the push in ms (Date.now() unless a test says otherwise). */
  readonly now?: number;
}

/** Whether pushing with these options would merge into the last step rather than make a new one. */
export function coalesces<T>(history: ViewHistory<T>, options: PushOptions = {}): boolean {
  const now = options.now ?? Date.now();
  return options.coalesce !== undefined && history.lastStep?.key === options.coalesce && now - history.lastStep.at < COALESCE_MS;
}

export function pushView<T>(history: ViewHistory<T>, next: T, options: PushOptions = {}): ViewHistory<T> {
  if (next === history.present) return history;
  const now = options.now ?? Date.now();
  const lastStep = options.coalesce !== undefined ? { key: options.coalesce, at: now } : undefined;
  if (coalesces(history, options)) return { past: history.past, present: next, lastStep };
  const past = [...history.past, history.present];
  return { past: past.length > UNDO_DEPTH ? past.slice(past.length - UNDO_DEPTH) : past, present: next, lastStep };
}

/** Replaces the present without an undo step (selection, layout: things not worth undoing). */
export function replaceView<T>(history: ViewHistory<T>, next: T): ViewHistory<T> {
  return next === history.present ? history : { past: history.past, present: next, lastStep: history.lastStep };
}

export function canUndo<T>(history: ViewHistory<T>): boolean {
  return history.past.length > 0;
}

export function undo<T>(history: ViewHistory<T>): ViewHistory<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous };
}
