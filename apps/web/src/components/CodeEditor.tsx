"use client";

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { setDiagnostics } from "@codemirror/lint";
import { EditorState, Prec, type Extension } from "@codemirror/state";
import { EditorView, drawSelection, keymap, lineNumbers } from "@codemirror/view";
import type { CellKind } from "@kgx/notebook";
import { graphql as graphqlLanguage, updateSchema } from "cm6-graphql";
import type { GraphQLSchema } from "graphql";
import { useEffect, useRef } from "react";
import { cypherCompletionSource, cypherLanguage, type GraphSchemaInfo } from "../cypher-language.ts";
import { useCspNonce } from "./CspNonce.tsx";

/** Where the database says a statement went wrong (1-based, as the API reports it). */
export interface EditorErrorMark {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

interface CodeEditorProps {
  readonly kind: CellKind;
  readonly initialSource: string;
  readonly label: string;
  readonly onChange: (source: string) => void;
  /** Ctrl/Cmd+Enter. */
  readonly onRun: () => void;
  readonly errorMark: EditorErrorMark | undefined;
  readonly cypherSchema: () => GraphSchemaInfo | undefined;
  readonly graphqlSchema: GraphQLSchema | undefined;
}

function languageOf(kind: CellKind, cypherSchema: () => GraphSchemaInfo | undefined): Extension {
  if (kind === "cypher") return [cypherLanguage, autocompletion({ override: [cypherCompletionSource(cypherSchema)] })];
  if (kind === "graphql") return [graphqlLanguage(), autocompletion()];
  return markdown();
}

/** The document range to underline for a line/column: the word there, or one character. */
function markRange(state: EditorState, mark: EditorErrorMark): { from: number; to: number } {
  const lineNumber = Math.min(Math.max(mark.line, 1), state.doc.lines);
  const line = state.doc.line(lineNumber);
  const from = Math.min(line.from + Math.max(mark.column - 1, 0), line.to);
  const word = /^\w+/.exec(state.doc.sliceString(from, line.to))?.[0].length ?? 0;
  const to = Math.min(from + Math.max(word, 1), state.doc.length);
  return from < to ? { from, to } : { from: line.from, to: Math.max(line.to, Math.min(line.from + 1, state.doc.length)) };
}

/**
 * A CodeMirror 6 editor for one cell. It owns its document after the first render (React does
 * not re-set it on every keystroke); the cell hears about changes through onChange.
 */
export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const nonce = useCspNonce();

  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: latest.current.initialSource,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          bracketMatching(),
          closeBrackets(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          EditorView.lineWrapping,
          // Above the default keymap, whose Mod-Enter would insert a line.
          Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (latest.current.onRun(), true) }])),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          languageOf(latest.current.kind, () => latest.current.cypherSchema()),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ "aria-label": latest.current.label }),
          // CodeMirror's themes are <style> elements; the page's policy refuses them without the nonce.
          ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // The nonce is the page's and never changes while it is open.
  }, [nonce]);

  const { graphqlSchema, errorMark } = props;

  useEffect(() => {
    const view = viewRef.current;
    if (view && graphqlSchema && props.kind === "graphql") updateSchema(view, graphqlSchema);
  }, [graphqlSchema, props.kind]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const diagnostics = errorMark ? [{ ...markRange(view.state, errorMark), severity: "error" as const, message: errorMark.message }] : [];
    view.dispatch(setDiagnostics(view.state, diagnostics));
    // The mark is compared by value: the parent builds a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- listing the object itself would re-run this on every render
  }, [errorMark?.line, errorMark?.column, errorMark?.message]);

  return <div ref={host} className="code-editor" data-kind={props.kind} data-error-line={errorMark?.line ?? ""} />;
}
