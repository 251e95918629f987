"use client";

import { useEffect, useState } from "react";
import { ApiUnreachableError, createGraphqlClient } from "../api-client.ts";
import { API_PING, useApiRecovery } from "../api-recovery.ts";
import { createNotebook, deleteNotebook, duplicateNotebook, importNotebook, listNotebooks, renameNotebook, type NotebookSummary } from "../notebook-client.ts";

const client = createGraphqlClient();

function NotebookRow({ notebook, onChanged }: { readonly notebook: NotebookSummary; readonly onChanged: () => void }) {
  const [renaming, setRenaming] = useState<string | undefined>();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const act = (work: () => Promise<unknown>) => () => {
    setProblem(undefined);
    work().then(onChanged, (error: Error) => setProblem(error.message));
  };
  return (
    <li className="notebook-row" aria-label={notebook.title}>
      {renaming === undefined ? (
        <a href={`/notebook/${notebook.id}`} className="notebook-link">
          {notebook.title}
        </a>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act(() => renameNotebook(client, notebook.id, renaming))();
            setRenaming(undefined);
          }}
        >
          <input aria-label={`New title for ${notebook.title}`} value={renaming} onChange={(e) => setRenaming(e.target.value)} autoFocus />
          <button type="submit">Save title</button>
          <button type="button" onClick={() => setRenaming(undefined)}>
            Keep
          </button>
        </form>
      )}
      <span className="muted">
        {notebook.cellCount} {notebook.cellCount === 1 ? "cell" : "cells"} ·{" "}
        {notebook.readOnly ? "ships with kgx, read-only" : `saved ${new Date(notebook.updatedAt).toLocaleString()}`}
      </span>
      <span className="spacer" />
      {!notebook.readOnly && (
        <button type="button" onClick={() => setRenaming(notebook.title)} aria-label={`Rename ${notebook.title}`}>
          Rename
        </button>
      )}
      <button type="button" onClick={act(() => duplicateNotebook(client, notebook.id))} aria-label={`Duplicate ${notebook.title}`}>
        Duplicate
      </button>
      {notebook.readOnly ? null : confirmingDelete ? (
        <button type="button" className="danger" onClick={act(() => deleteNotebook(client, notebook.id))} aria-label={`Really delete ${notebook.title}`}>
          Really delete
        </button>
      ) : (
        <button type="button" onClick={() => setConfirmingDelete(true)} aria-label={`Delete ${notebook.title}`}>
          Delete
        </button>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/** The saved notebooks: open, create, import, rename, duplicate, delete. */
export function NotebookList() {
  const [notebooks, setNotebooks] = useState<NotebookSummary[] | undefined>();
  const [title, setTitle] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const [listUnreachable, setListUnreachable] = useState(false);

  const reload = () => {
    listNotebooks(client).then(
      (listed) => {
        setNotebooks(listed);
        setListUnreachable(false);
      },
      (error: Error) => {
        setProblem(error.message);
        setListUnreachable(error instanceof ApiUnreachableError);
      },
    );
  };
  useEffect(reload, []);
  // The list that could not be read because the API was down is read again as soon as it is back.
  useApiRecovery(
    listUnreachable,
    () => client.request(API_PING),
    () => {
      setProblem(undefined);
      reload();
    },
  );

  const open = (id: string) => {
    window.location.assign(`/notebook/${id}`);
  };

  return (
    <div className="notebook-list">
      <form
        className="notebook-create"
        onSubmit={(e) => {
          e.preventDefault();
          setProblem(undefined);
          createNotebook(client, title.trim() || "Untitled notebook").then(
            (nb) => open(nb.id),
            (error: Error) => setProblem(error.message),
          );
        }}
      >
        <input aria-label="New notebook title" placeholder="Title of a new notebook" value={title} onChange={(e) => setTitle(e.target.value)} />
        <button type="submit">Create notebook</button>
        <label className="import-button">
          Import .cypher file…
          <input
            type="file"
            accept=".cypher,.txt,text/plain"
            aria-label="Import a notebook file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (!file) return;
              setProblem(undefined);
              file
                .text()
                .then((text) => importNotebook(client, text))
                .then(
                  (nb) => open(nb.id),
                  (error: Error) => setProblem(`${file.name}: ${error.message}`),
                );
            }}
          />
        </label>
      </form>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {notebooks === undefined ? (
        <p className="status">Loading…</p>
      ) : notebooks.length === 0 ? (
        <p className="muted">No notebooks yet: create one above.</p>
      ) : (
        <ul aria-label="Notebooks">
          {notebooks.map((nb) => (
            <NotebookRow key={`${nb.id}:${nb.updatedAt}`} notebook={nb} onChanged={reload} />
          ))}
        </ul>
      )}
    </div>
  );
}
