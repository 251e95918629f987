"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, createGraphqlClient } from "../api-client.ts";
import {
  analyzeArticle,
  commitArticle,
  removeArticle,
  type ArticleAnalysis,
  type ArticleCommitResult,
  type ArticleFields,
  type ArticleRemoval,
} from "../ingest-client.ts";
import {
  ARTICLE_FILE_ACCEPT,
  EMPTY_FORM,
  articleFields,
  checkArticleForm,
  describeError,
  placeError,
  placeErrors,
  sameArticle,
  titleFromFile,
  type ArticleForm,
  type FieldErrors,
  type LanguageChoice,
} from "../ingest-form.ts";
import {
  addRelationship,
  endpoints,
  planCommit,
  previewCommit,
  removeRelationship,
  startReview,
  updateCandidate,
  updateRelationship,
  type ReviewState,
} from "../ingest-review.ts";
import { EMPTY_VIEW, encodeViewState, openEntity } from "../view-state.ts";
import { ArticleReviewText } from "./ArticleReviewText.tsx";
import { CandidateList } from "./CandidateReview.tsx";
import { RelationshipList } from "./RelationshipReview.tsx";
import { TypeSwatch } from "./TypeSwatch.tsx";

/** The write token stays in this tab only: sessionStorage, never a cookie (a cookie would travel with cross-site requests). */
const TOKEN_STORAGE_KEY = "kgx.writeToken";

const LANGUAGE_CHOICES: readonly { readonly value: LanguageChoice; readonly label: string }[] = [
  { value: "auto", label: "Detect" },
  { value: "en", label: "English" },
  { value: "ja", label: "日本語" },
];

interface Analysed {
  readonly article: ArticleFields;
  readonly analysis: ArticleAnalysis;
}

interface Committed {
  readonly sourceId: string;
  readonly result: ArticleCommitResult;
}

function explorerLink(id: string): string {
  return `/?${encodeViewState(openEntity(EMPTY_VIEW, id))}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The ingest page: an article in, what kgx finds in it reviewed by a person, and exactly what they
 * confirmed written as one commit that can be undone. The logic lives in ingest-form.ts,
 * ingest-review.ts and article-segments.ts; this component holds the state and draws it.
 */
export function IngestPage() {
  const client = useMemo(() => createGraphqlClient(), []);
  const [form, setForm] = useState<ArticleForm>(EMPTY_FORM);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [pageError, setPageError] = useState<string | undefined>();
  const [analysing, setAnalysing] = useState(false);
  const [analysed, setAnalysed] = useState<Analysed | undefined>();
  const [review, setReview] = useState<ReviewState>({ candidates: [], relationships: [] });
  const [activeSentence, setActiveSentence] = useState<number | null>(null);
  const [token, setToken] = useState("");
  const [tokenError, setTokenError] = useState<string | undefined>();
  const [itemErrors, setItemErrors] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
  const [committing, setCommitting] = useState(false);
  const [committed, setCommitted] = useState<Committed | undefined>();
  const [removal, setRemoval] = useState<ArticleRemoval | undefined>();
  const [removing, setRemoving] = useState(false);
  const [commitError, setCommitError] = useState<string | undefined>();
  /** The stored source of the same article, when a commit was refused as ARTICLE_EXISTS. */
  const [existingSource, setExistingSource] = useState<string | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setToken(window.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? "");
  }, []);

  const changeToken = (value: string) => {
    setToken(value);
    setTokenError(undefined);
    if (value === "") window.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
    else window.sessionStorage.setItem(TOKEN_STORAGE_KEY, value);
  };

  const setField = <K extends keyof ArticleForm>(name: K, value: ArticleForm[K]) => {
    setForm((f) => ({ ...f, [name]: value }));
    setFieldErrors((e) => ({ ...e, [name]: undefined }));
  };

  const openFile = async (file: File) => {
    const content = await file.text();
    setForm((f) => ({ ...f, text: content, title: f.title.trim() === "" ? titleFromFile(file.name, content) : f.title }));
    setFieldErrors({});
  };

  const analyse = async () => {
    setPageError(undefined);
    const problems = checkArticleForm(form);
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const article = articleFields(form);
    setAnalysing(true);
    try {
      const analysis = await analyzeArticle(client, article);
      setAnalysed({ article, analysis });
      setReview(startReview(analysis));
      setActiveSentence(null);
      setItemErrors(new Map());
      setCommitted(undefined);
      setRemoval(undefined);
      setCommitError(undefined);
    } catch (error) {
      const place = placeError(error);
      if (place.kind === "article") setFieldErrors({ [place.field]: describeError(error) });
      else setPageError(describeError(error));
    } finally {
      setAnalysing(false);
    }
  };

  const analysis = analysed?.analysis;
  const plan = analysed ? planCommit(analysed.article, analysed.analysis, review) : undefined;
  const preview = plan && analysis ? previewCommit(plan, analysis) : undefined;
  const ends = analysis ? endpoints(analysis, review) : [];
  const stale = analysed !== undefined && !sameArticle(articleFields(form), analysed.article);
  const locked = committed !== undefined;

  const messages = useMemo(() => {
    const byKey = new Map<string, string[]>();
    for (const p of plan?.problems ?? []) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.message]);
    for (const [key, list] of itemErrors) byKey.set(key, [...(byKey.get(key) ?? []), ...list]);
    return byKey;
  }, [plan, itemErrors]);

  const commitBlocker = !plan
    ? "Analyse the article first."
    : locked
      ? undefined
      : stale
        ? "The article was changed after it was analysed: analyse it again, so that the sentences confirmed are the ones written."
        : plan.problems.length > 0
          ? `${plural(plan.problems.length, "thing")} to settle first (marked in red).`
          : token.trim() === ""
            ? "Enter the write token: the API writes nothing without it."
            : undefined;

  const commit = async () => {
    if (!plan || commitBlocker !== undefined || !analysed) return;
    setCommitting(true);
    setCommitError(undefined);
    setTokenError(undefined);
    setItemErrors(new Map());
    setExistingSource(undefined);
    try {
      const result = await commitArticle(client, plan.input, token);
      setCommitted({ sourceId: result.source.id, result });
    } catch (error) {
      const existing = error instanceof ApiError && error.code === "ARTICLE_EXISTS" ? error.extensions["sourceId"] : undefined;
      if (typeof existing === "string") setExistingSource(existing);
      const onItems = new Map<string, string[]>();
      const onFields: FieldErrors = {};
      const elsewhere: string[] = [];
      for (const { place, message } of placeErrors(error)) {
        const item =
          place.kind === "newEntity" ? plan.newEntityKeys[place.index] : place.kind === "relationship" ? plan.relationshipKeys[place.index] : undefined;
        if (place.kind === "token") setTokenError(message);
        else if (place.kind === "article") onFields[place.field] = message;
        else if (item !== undefined) onItems.set(item, [...(onItems.get(item) ?? []), message]);
        else elsewhere.push(message);
      }
      setItemErrors(onItems);
      setFieldErrors(onFields);
      // Problems on fields or items are also said once here, beside the button the person pressed.
      const placed = onItems.size + Object.keys(onFields).length;
      if (elsewhere.length > 0) setCommitError(elsewhere.join(" "));
      else if (placed > 0) setCommitError("Nothing was written: see the problems marked in red.");
    } finally {
      setCommitting(false);
    }
  };

  const undo = async () => {
    if (!committed) return;
    setRemoving(true);
    setCommitError(undefined);
    try {
      setRemoval(await removeArticle(client, committed.sourceId, token));
    } catch (error) {
      const place = placeError(error);
      if (place.kind === "token") setTokenError(describeError(error));
      else setCommitError(describeError(error));
    } finally {
      setRemoving(false);
    }
  };

  const startOver = () => {
    setForm(EMPTY_FORM);
    setAnalysed(undefined);
    setReview({ candidates: [], relationships: [] });
    setCommitted(undefined);
    setRemoval(undefined);
    setCommitError(undefined);
    setFieldErrors({});
  };

  const fieldError = (name: keyof FieldErrors) =>
    fieldErrors[name] ? (
      <p className="field-error" role="alert" id={`error-${name}`}>
        {fieldErrors[name]}
      </p>
    ) : null;

  return (
    <div className="ingest">
      <section className="ingest-article" aria-label="Article">
        <form
          className="article-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void analyse();
          }}
        >
          <h2>Add an article</h2>
          <label className="field">
            <span>
              Text <span className="hint">plain text, Markdown or HTML</span>
            </span>
            <textarea
              name="text"
              rows={analysed ? 5 : 12}
              value={form.text}
              aria-invalid={fieldErrors.text ? true : undefined}
              aria-describedby={fieldErrors.text ? "error-text" : undefined}
              placeholder="Paste the article here, in English or Japanese"
              onChange={(event) => setField("text", event.target.value)}
            />
          </label>
          {fieldError("text")}
          <div className="file-row">
            <button type="button" onClick={() => fileInput.current?.click()}>
              Open file…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept={ARTICLE_FILE_ACCEPT}
              className="visually-hidden"
              aria-label="Article file"
              tabIndex={-1}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void openFile(file);
                event.target.value = "";
              }}
            />
            <span className="hint">.txt, .md or .html, read here in the browser</span>
          </div>
          <div className="field-grid">
            <label className="field wide">
              <span>Title (required)</span>
              <input
                name="title"
                value={form.title}
                aria-invalid={fieldErrors.title ? true : undefined}
                onChange={(event) => setField("title", event.target.value)}
              />
              {fieldError("title")}
            </label>
            <label className="field">
              <span>Publisher</span>
              <input name="publisher" value={form.publisher} onChange={(event) => setField("publisher", event.target.value)} />
              {fieldError("publisher")}
            </label>
            <label className="field">
              <span>Published</span>
              <input
                name="publishedAt"
                type="date"
                value={form.publishedAt}
                aria-invalid={fieldErrors.publishedAt ? true : undefined}
                onChange={(event) => setField("publishedAt", event.target.value)}
              />
              {fieldError("publishedAt")}
            </label>
            <label className="field wide">
              <span>URL</span>
              <input
                name="url"
                type="url"
                value={form.url}
                placeholder="https://…"
                aria-invalid={fieldErrors.url ? true : undefined}
                onChange={(event) => setField("url", event.target.value)}
              />
              {fieldError("url")}
            </label>
            <label className="field">
              <span>Language</span>
              <select name="language" value={form.language} onChange={(event) => setField("language", event.target.value as LanguageChoice)}>
                {LANGUAGE_CHOICES.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
              {fieldError("language")}
            </label>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={analysing}>
              {analysing ? "Analysing…" : analysed ? "Analyse again" : "Analyse"}
            </button>
            <span className="hint">Analysing writes nothing.</span>
          </div>
          {pageError && (
            <p className="field-error" role="alert">
              {pageError}
            </p>
          )}
        </form>

        {analysis && (
          <section className="article-review" aria-label="What was found">
            <header className="article-review-head">
              <h2>
                Found in the article <span className="meta">({analysis.language === "ja" ? "日本語" : "English"})</span>
              </h2>
              <p className="meta">
                {plural(analysis.sentences.length, "sentence")} ·{" "}
                {plural(new Set(analysis.mentions.map((m) => m.entity.id)).size, "known entity", "known entities")} ·{" "}
                {plural(analysis.candidates.length, "new name")} · {plural(analysis.figures.length, "figure")}
              </p>
            </header>
            {stale && (
              <p className="notice" role="status">
                The text or details were changed after this analysis. Analyse again before committing.
              </p>
            )}
            <ArticleReviewText analysis={analysis} activeSentence={activeSentence} onPickSentence={setActiveSentence} />
            {analysis.figures.length > 0 && (
              <details className="figure-list" open>
                <summary>Figures</summary>
                <ul>
                  {analysis.figures.map((f, i) => (
                    <li key={`${f.sentence}-${i}`}>
                      <mark className="figure">{f.text}</mark> = {f.value.toLocaleString("en")} {f.unit}{" "}
                      <span className="meta">(sentence {f.sentence + 1})</span>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        )}
      </section>

      <section className="ingest-review" aria-label="Review">
        {!analysis ? (
          <div className="ingest-intro">
            <h2>How it works</h2>
            <ol>
              <li>Paste an article (or open a file), give its title, and analyse it. Nothing is written.</li>
              <li>Check the entities found, accept or merge the new names, and confirm the relationships with a claim in your own words.</li>
              <li>Commit with the write token: the article becomes a source, and every confirmed relationship cites its sentence. One click undoes it.</li>
            </ol>
          </div>
        ) : (
          <>
            <section aria-label="New names">
              <h2>New names</h2>
              <CandidateList
                client={client}
                candidates={analysis.candidates}
                review={review}
                locked={locked}
                messages={messages}
                onChange={(key, change) => setReview((r) => updateCandidate(r, key, change))}
                onUnreachable={(error) => setPageError(describeError(error))}
              />
            </section>
            <section aria-label="Relationships">
              <h2>Relationships</h2>
              <RelationshipList
                analysis={analysis}
                review={review}
                ends={ends}
                locked={locked}
                activeSentence={activeSentence}
                messages={messages}
                onChange={(key, change) => setReview((r) => updateRelationship(r, key, change))}
                onRemove={(key) => setReview((r) => removeRelationship(r, key))}
                onAdd={(draft) => setReview((r) => addRelationship(r, draft))}
                onFocusSentence={setActiveSentence}
              />
            </section>
            {preview && (
              <section className="commit-panel" aria-label="Commit">
                <h2>{locked ? "What this commit wrote" : "What will be written"}</h2>
                <ul className="preview">
                  <li>
                    <strong>1 source</strong>: “{preview.source.title}”{preview.source.publisher ? `, ${preview.source.publisher}` : ""}
                    {preview.source.publishedAt ? `, ${preview.source.publishedAt}` : ""}
                    {preview.source.url ? ` — ${preview.source.url}` : ""}
                  </li>
                  <li data-preview="new-entities">
                    <strong>{plural(preview.newEntities.length, "new entity", "new entities")}</strong>
                    {preview.newEntities.length > 0 && `: ${preview.newEntities.map((e) => `${e.name} (${e.type})`).join(", ")}`}
                  </li>
                  <li data-preview="relationships">
                    <strong>relationships confirmed: {preview.relationshipsConfirmed}</strong>{" "}
                    <span className="meta">(one that already exists gains this article as evidence)</span>
                  </li>
                  <li data-preview="mentions">
                    <strong>{plural(preview.mentionedEntities, "MENTIONS link", "MENTIONS links")}</strong> from the source, one per entity mentioned
                  </li>
                  {preview.aliases.length > 0 && (
                    <li>
                      <strong>{plural(preview.aliases.length, "alias", "aliases")}</strong> added to existing entities:{" "}
                      {preview.aliases.map((a) => `“${a.alias}” → ${a.entity.name}`).join(", ")}{" "}
                      <span className="meta">(taken back if the article is undone)</span>
                    </li>
                  )}
                </ul>
                {!locked && (
                  <form
                    className="commit-form"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void commit();
                    }}
                  >
                    <label className="field token">
                      <span>Write token</span>
                      <input
                        type="password"
                        autoComplete="off"
                        value={token}
                        aria-invalid={tokenError ? true : undefined}
                        placeholder="the write token the API was started with"
                        onChange={(event) => changeToken(event.target.value)}
                      />
                      <span className="hint">Kept in this tab only (session storage) and sent with writes.</span>
                    </label>
                    {tokenError && (
                      <p className="field-error" role="alert">
                        {tokenError}
                      </p>
                    )}
                    <div className="form-actions">
                      <button type="submit" className="primary" disabled={commitBlocker !== undefined || committing}>
                        {committing ? "Committing…" : "Commit"}
                      </button>
                      {commitBlocker && (
                        <p className="hint commit-blocker" role="status">
                          {commitBlocker}
                        </p>
                      )}
                    </div>
                  </form>
                )}
                {commitError && (
                  <p className="field-error" role="alert">
                    {commitError}
                    {existingSource && (
                      <>
                        {" "}
                        <a href={explorerLink(existingSource)}>Open the stored article in the explorer</a>.
                      </>
                    )}
                  </p>
                )}
                {committed && (
                  <div className="commit-result" role="status">
                    <h3>Written</h3>
                    <p>
                      <a href={explorerLink(committed.sourceId)}>The article as a source in the explorer</a> ·{" "}
                      {plural(committed.result.entitiesCreated, "entity", "entities")} created, {plural(committed.result.relationshipsCreated, "relationship")}{" "}
                      created, {committed.result.relationshipsExtended} given further evidence, {plural(committed.result.mentionsWritten, "mention")} written
                      {committed.result.aliasesAdded.length > 0 && `, ${plural(committed.result.aliasesAdded.length, "alias", "aliases")} added`}.
                    </p>
                    {committed.result.newEntities.length > 0 && (
                      <ul className="new-entities">
                        {committed.result.newEntities.map((n) => (
                          <li key={n.ref}>
                            <TypeSwatch type={n.entity.type} />
                            <a href={explorerLink(n.entity.id)}>{n.entity.name}</a> <span className="meta">{n.entity.type}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                    {!removal ? (
                      <button type="button" className="danger" disabled={removing} onClick={() => void undo()}>
                        {removing ? "Undoing…" : "Undo this article"}
                      </button>
                    ) : (
                      <div className="removal">
                        <h3>Undone</h3>
                        <p>
                          Removed the source, {plural(removal.mentionsRemoved, "mention")}, {plural(removal.relationshipsRemoved, "relationship")} it was the
                          only evidence for
                          {removal.relationshipsKeptWithOtherEvidence > 0 &&
                            ` (${plural(removal.relationshipsKeptWithOtherEvidence, "relationship")} kept: other sources support them)`}
                          {removal.entitiesRemoved.length > 0
                            ? `, and ${plural(removal.entitiesRemoved.length, "entity", "entities")} left without relationships: `
                            : ", and no entity."}
                          {removal.entitiesRemoved.map((e) => e.name).join(", ")}
                          {removal.aliasesRemoved.length > 0 &&
                            ` ${plural(removal.aliasesRemoved.length, "alias", "aliases")} taken back: ${removal.aliasesRemoved.map((a) => `“${a.alias}”`).join(", ")}.`}
                        </p>
                        <button type="button" onClick={startOver}>
                          Start another article
                        </button>
                      </div>
                    )}
                  </div>
                )}
              </section>
            )}
          </>
        )}
      </section>
    </div>
  );
}
