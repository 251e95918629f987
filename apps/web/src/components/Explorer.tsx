"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  ApiUnreachableError,
  createGraphqlClient,
  fetchEntityDetail,
  fetchEntityNode,
  fetchNeighborhood,
  fetchShortestPaths,
  fetchTimeline,
  searchEntities,
  type EntityDetail,
  type EntitySummary,
  type TimelineItem,
} from "../api-client.ts";
import { API_PING, useApiRecovery } from "../api-recovery.ts";
import type { Subgraph } from "../graph-data.ts";
import { assembleGraph, entityKey, expansionKey, exportVisibleGraph, pathRequest, withPathChoice } from "../graph-view.ts";
import {
  EMPTY_VIEW,
  LANGUAGES,
  LAYOUT_NAMES,
  collapse,
  decodeViewState,
  encodeViewState,
  expand,
  forgetPositions,
  hasLanguage,
  isLanguage,
  positionKey,
  recordPositions,
  hideNode,
  isExpanded,
  loadMore,
  openEntity,
  showEntity,
  toggleEntityType,
  toggleRelationshipType,
  type Language,
  type LayoutName,
  type Point,
  type ViewState,
  type Viewport,
} from "../view-state.ts";
import { canUndo, coalesces, pushView, replaceView, startHistory, undo, type PushOptions, type ViewHistory } from "../view-history.ts";
import { displayName } from "../entity-format.ts";
import { DetailsPanel } from "./DetailsPanel.tsx";
import { RelationshipPanel } from "./RelationshipEvidence.tsx";
import { FiltersPanel } from "./FiltersPanel.tsx";
import { GraphCanvas, type GraphHandle } from "./GraphCanvas.tsx";
import { InViewPanel } from "./InViewPanel.tsx";
import { Legend } from "./Legend.tsx";
import { PathPanel } from "./PathPanel.tsx";
import { SearchBox } from "./SearchBox.tsx";
import { TimePanel } from "./TimePanel.tsx";
import { TypeSwatch } from "./TypeSwatch.tsx";

type Tab = "details" | "time" | "path" | "filters" | "inview";
const TABS: readonly { id: Tab; label: string }[] = [
  { id: "details", label: "Details" },
  { id: "time", label: "Time" },
  { id: "path", label: "Path" },
  { id: "filters", label: "Filters" },
  { id: "inview", label: "In view" },
];

const LANGUAGE_LABELS: Record<Language, string> = { en: "English", ja: "日本語", both: "Both" };
/** The reader's last language choice, for links that do not name one. */
const LANGUAGE_STORAGE_KEY = "kgx.language";

function storedLanguage(): Language | undefined {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    // Storage can be refused (private modes, policies); the default language then applies.
    return undefined;
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // As above: without storage the choice lasts as long as the address that holds it.
  }
}

function sameViewport(a: Viewport | undefined, b: Viewport): boolean {
  return (
    a !== undefined &&
    Math.round(a.zoom * 100) === Math.round(b.zoom * 100) &&
    Math.round(a.pan.x) === Math.round(b.pan.x) &&
    Math.round(a.pan.y) === Math.round(b.pan.y)
  );
}

const STARTING_POINTS = [
  { id: "nvidia", label: "Nvidia" },
  { id: "huawei", label: "Huawei" },
  { id: "h20", label: "Nvidia H20" },
  { id: "howard-lutnick", label: "Howard Lutnick" },
];

/** The view without entities the API does not know (from an old or mistyped link). */
function withoutIds(view: ViewState, ids: readonly string[]): ViewState {
  return {
    ...view,
    focus: view.focus.filter((id) => !ids.includes(id)),
    expansions: view.expansions.filter((e) => !ids.includes(e.id)),
    selected: view.selected && ids.includes(view.selected) ? undefined : view.selected,
  };
}

function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The explorer page: state lives in the view (and the URL); everything drawn is derived from it. */
export function Explorer() {
  const client = useMemo(() => createGraphqlClient(), []);
  const [history, setHistory] = useState<ViewHistory<ViewState>>(() => startHistory(EMPTY_VIEW));
  const [hydrated, setHydrated] = useState(false);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Subgraph | null>>(new Map());
  const inflight = useRef(new Set<string>());
  const [unreachable, setUnreachable] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [retryToken, setRetryToken] = useState(0);
  const [details, setDetails] = useState<ReadonlyMap<string, EntityDetail | null>>(new Map());
  const [timeline, setTimeline] = useState<TimelineItem[] | undefined>();
  const [tab, setTab] = useState<Tab>("details");
  /** The relationship whose evidence the details tab shows instead of an entity, after a tap on its edge. */
  const [pickedRelationship, setPickedRelationship] = useState<string | undefined>();
  const [results, setResults] = useState<{ query: string; hits: EntitySummary[] } | undefined>();
  const graphHandle = useRef<GraphHandle | null>(null);
  // Positions of entities the view no longer reaches are dropped; while answers are pending the
  // view's reach is not known yet, so nothing is dropped then.
  const knownKeys = useRef<ReadonlySet<string> | undefined>(undefined);
  // How the next view change goes into the browser's history: a step of its own (Back returns to
  // the view before it) or a correction of the current entry (positions, selection, zoom).
  const historyIntent = useRef<"push" | "replace">("replace");
  // Changes when an earlier view comes back (Back, Forward, undo), so the canvas restores its zoom and pan.
  const [restoreToken, setRestoreToken] = useState(0);
  const [relayoutToken, setRelayoutToken] = useState(0);
  const view = history.present;

  const onFailure = useCallback((error: unknown) => {
    if (error instanceof ApiUnreachableError) setUnreachable(error.message);
    else setNotice(error instanceof Error ? error.message : String(error));
  }, []);

  useEffect(() => {
    const first = decodeViewState(window.location.search);
    const language = hasLanguage(window.location.search) ? first.language : (storedLanguage() ?? first.language);
    setHistory(startHistory({ ...first, language }));
    setHydrated(true);
    // Back and Forward bring back the view of that entry, positions included; it is an undo step
    // of its own, so undo returns to the view that was on screen before.
    const onPopState = () => {
      historyIntent.current = "replace";
      setHistory((h) => pushView(h, decodeViewState(window.location.search)));
      setRestoreToken((t) => t + 1);
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  useEffect(() => {
    if (!hydrated) return;
    const query = encodeViewState(view);
    const next = `${window.location.pathname}${query ? `?${query}` : ""}`;
    const intent = historyIntent.current;
    historyIntent.current = "replace";
    if (next === `${window.location.pathname}${window.location.search}`) return;
    if (intent === "push") window.history.pushState(null, "", next);
    else window.history.replaceState(null, "", next);
  }, [view, hydrated]);

  // Fetch what the view needs and has not got; each answer is kept, so undo and redo cost nothing.
  useEffect(() => {
    if (!hydrated) return;
    const requests: { key: string; run: () => Promise<Subgraph | null> }[] = [
      ...view.focus.map((id) => ({ key: entityKey(id), run: () => fetchEntityNode(client, id) })),
      ...view.expansions.map((e) => ({ key: expansionKey(e), run: () => fetchNeighborhood(client, e.id, e.types, e.limit) })),
      ...(view.path
        ? [pathRequest(view)!].map((r) => ({ key: r.key, run: () => fetchShortestPaths(client, r.from, r.to, r.excludeTypes, r.excludeEntityTypes) }))
        : []),
    ];
    for (const { key, run } of requests) {
      if (loaded.has(key) || inflight.current.has(key)) continue;
      inflight.current.add(key);
      run()
        .then((answer) => {
          setLoaded((m) => new Map(m).set(key, answer));
          setUnreachable(undefined);
        })
        .catch(onFailure)
        .finally(() => inflight.current.delete(key));
    }
  }, [view, loaded, hydrated, client, onFailure, retryToken]);

  useEffect(() => {
    if (timeline) return;
    fetchTimeline(client)
      .then((items) => {
        setTimeline(items);
        setUnreachable(undefined);
      })
      .catch(onFailure);
  }, [client, timeline, onFailure, retryToken]);

  const selected = view.selected;
  useEffect(() => {
    if (!selected || details.has(selected)) return;
    fetchEntityDetail(client, selected)
      .then((detail) => setDetails((m) => new Map(m).set(selected, detail)))
      .catch(onFailure);
  }, [selected, details, client, onFailure, retryToken]);

  const graph = useMemo(() => assembleGraph(view, loaded), [view, loaded]);
  knownKeys.current = graph.pending.length === 0 ? new Set(graph.allNodes.map((n) => positionKey(n.id))) : undefined;
  // Draw complete views only: a view whose answers arrive one by one would otherwise be laid out
  // once per answer, each time around a different partial graph.
  const lastComplete = useRef(graph);
  if (graph.pending.length === 0) lastComplete.current = graph;
  const drawn = lastComplete.current;

  // A user's step: an undo step and an entry in the browser's history, unless it continues the
  // last step of the same kind (a date range being adjusted), which then makes one step with it.
  const push = useCallback(
    (change: (v: ViewState) => ViewState, options: PushOptions = {}) =>
      setHistory((h) => {
        const next = change(h.present);
        if (next !== h.present && !coalesces(h, options)) historyIntent.current = "push";
        return pushView(h, next, options);
      }),
    [],
  );
  const replace = useCallback((change: (v: ViewState) => ViewState) => setHistory((h) => replaceView(h, change(h.present))), []);
  const doUndo = useCallback(() => {
    setHistory((h) => undo(h));
    setRestoreToken((t) => t + 1);
  }, []);

  const recordDrawnPositions = useCallback((placed: ReadonlyMap<string, Point>) => replace((v) => recordPositions(v, placed, knownKeys.current)), [replace]);
  const recordViewport = useCallback((viewport: Viewport) => replace((v) => (sameViewport(v.viewport, viewport) ? v : { ...v, viewport })), [replace]);
  const relayout = useCallback(() => {
    push(forgetPositions);
    setRelayoutToken((t) => t + 1);
  }, [push]);
  const chooseLanguage = useCallback(
    (language: Language) => {
      storeLanguage(language);
      replace((v) => ({ ...v, language }));
    },
    [replace],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
        event.preventDefault();
        doUndo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doUndo]);

  const open = useCallback(
    (id: string) => {
      push((v) => openEntity(v, id));
      setResults(undefined);
      setTab("details");
    },
    [push],
  );
  const show = useCallback(
    (id: string) => {
      push((v) => (v.focus.includes(id) || graph.nodes.some((n) => n.id === id) ? { ...v, selected: id } : showEntity(v, id)));
      setTab("details");
    },
    [push, graph.nodes],
  );
  const select = useCallback(
    (id: string | undefined) => {
      setPickedRelationship(undefined);
      replace((v) => ({ ...v, selected: id }));
      if (id) setTab("details");
    },
    [replace],
  );
  const expandNode = useCallback((id: string, types: readonly string[] = []) => push((v) => expand(v, id, types)), [push]);

  // A search the API could not answer, repeated when it is back.
  const failedSearch = useRef<string | undefined>(undefined);
  const submitSearch = useCallback(
    (query: string) => {
      failedSearch.current = undefined;
      searchEntities(client, query, 50)
        .then((hits) => setResults({ query, hits }))
        .catch((error: unknown) => {
          if (error instanceof ApiUnreachableError) failedSearch.current = query;
          onFailure(error);
        });
    },
    [client, onFailure],
  );

  // Every fetch that failed runs again: the view's, the timeline's and the details' effects depend
  // on retryToken, the search boxes re-ask for their suggestions, and a failed search is repeated.
  const retry = useCallback(() => {
    setUnreachable(undefined);
    setNotice(undefined);
    setRetryToken((t) => t + 1);
    if (failedSearch.current !== undefined) submitSearch(failedSearch.current);
  }, [submitSearch]);
  useApiRecovery(unreachable !== undefined, () => client.request(API_PING), retry);

  const exportPng = async () => {
    const handle = graphHandle.current;
    if (handle) download(await handle.png(), "kgx-graph.png");
  };
  const exportJson = () => download(new Blob([exportVisibleGraph(view, graph)], { type: "application/json" }), "kgx-subgraph.json");
  const [copied, setCopied] = useState(false);
  const copyLink = () => {
    navigator.clipboard
      ?.writeText(window.location.href)
      .then(() => {
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      })
      .catch(() => undefined);
  };

  const pickedEdge = pickedRelationship ? graph.edges.find((e) => e.id === pickedRelationship) : undefined;
  const selectedDetail = selected ? (details.get(selected) ?? undefined) : undefined;
  const hasGraph = view.focus.length > 0 || view.expansions.length > 0 || view.path !== undefined;
  // The drawing (and with it Cytoscape, the largest script of the page) is loaded only once the
  // view names something to draw, in parallel with the view's own requests; it then stays, so
  // emptying the view and filling it again does not start Cytoscape afresh.
  const [canvasWanted, setCanvasWanted] = useState(false);
  if (hasGraph && !canvasWanted) setCanvasWanted(true);
  const onlyUnknown = graph.unknownIds.length > 0 && graph.allNodes.length === 0 && graph.pending.length === 0;
  const truncatedNotes = graph.expansionStatus.filter((s) => s.truncated);
  const language = view.language;
  const nameOf = (id: string) => {
    const node = graph.allNodes.find((n) => n.id === id);
    return node ? displayName(node, language) : id;
  };

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          <div>
            <h1>kgx</h1>
            <p className="tagline">US–China AI-chip conflict, 2025 · knowledge graph explorer</p>
          </div>
        </div>
        <SearchBox
          client={client}
          label="Search entities"
          onPick={(e) => open(e.id)}
          onSubmit={submitSearch}
          onUnreachable={onFailure}
          retryToken={retryToken}
          className="main-search"
        />
        <nav className="topnav" aria-label="Pages">
          <a href="/ingest">Add article</a>
          <a href="/notebook">Notebooks</a>
          <a href="/graphql">GraphQL</a>
        </nav>
      </header>

      {unreachable && (
        <div className="banner" role="alert">
          <p>
            <strong>The kgx API cannot be reached.</strong> Searches, details and expansions wait until it answers, and run again by themselves when it does;
            what is on screen stays. <span className="banner-detail">({unreachable})</span>
          </p>
          <button type="button" onClick={retry}>
            Retry
          </button>
        </div>
      )}
      {notice && !unreachable && (
        <div className="banner notice" role="status">
          <p>{notice}</p>
          <button type="button" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}

      {results && (
        <section className="results" aria-label="Search results">
          <header>
            <h2>
              {results.hits.length} {results.hits.length === 1 ? "result" : "results"} for “{results.query}”
            </h2>
            <button type="button" onClick={() => setResults(undefined)} aria-label="Close search results">
              Close
            </button>
          </header>
          {results.hits.length === 0 ? (
            <p>Nothing matches. Try another spelling, an alias, or the Japanese name.</p>
          ) : (
            <ul>
              {results.hits.map((hit) => (
                <li key={hit.id}>
                  <button type="button" className="result" onClick={() => open(hit.id)} title={displayName(hit, "both")}>
                    <TypeSwatch type={hit.type} />
                    <span className="result-name">{hit.name}</span>
                    {hit.nameJa && (
                      <span className="ja" lang="ja">
                        {hit.nameJa}
                      </span>
                    )}
                    <span className="result-type">{hit.type}</span>
                    {hit.description && <span className="result-description">{hit.description}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <main className="workspace">
        <section className="graph-pane" aria-label="Graph">
          <div className="toolbar" role="toolbar" aria-label="Graph tools">
            <button type="button" onClick={doUndo} disabled={!canUndo(history)} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" onClick={() => graphHandle.current?.fit()} disabled={graph.nodes.length === 0}>
              Fit
            </button>
            <label className="inline">
              Layout
              <select value={view.layout} onChange={(event) => replace((v) => ({ ...v, layout: event.target.value as LayoutName }))}>
                {LAYOUT_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={relayout} disabled={graph.nodes.length === 0} title="Lay the whole graph out afresh (positions are otherwise kept)">
              Re-layout
            </button>
            <label className="inline">
              Names
              <select value={language} onChange={(event) => chooseLanguage(event.target.value as Language)} aria-label="Names in">
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {LANGUAGE_LABELS[l]}
                  </option>
                ))}
              </select>
            </label>
            <span className="spacer" />
            <button type="button" onClick={() => void exportPng()} disabled={graph.nodes.length === 0}>
              Export PNG
            </button>
            <button type="button" onClick={exportJson} disabled={graph.nodes.length === 0}>
              Export JSON
            </button>
            <button type="button" onClick={copyLink} title="The address holds the whole view; share it to show the same graph">
              {copied ? "Link copied" : "Copy link"}
            </button>
          </div>
          <p className="status" aria-live="polite">
            {graph.pending.length > 0
              ? "Loading…"
              : hasGraph
                ? `${graph.nodes.length} entities · ${graph.edges.length} relationships in view`
                : "Search for an entity to start"}
            {view.from || view.to ? ` · time ${view.from ?? "…"} – ${view.to ?? "…"}` : ""}
          </p>
          {truncatedNotes.length > 0 && (
            <div className="cap-bar">
              {truncatedNotes.map((s) => (
                <p key={`${s.id}:${s.types.join(".")}`}>
                  {nameOf(s.id)}: showing {s.shown} of {s.total} neighbours{" "}
                  <button type="button" onClick={() => push((v) => loadMore(v, s.id))}>
                    Load more
                  </button>
                </p>
              ))}
            </div>
          )}
          <div className="graph-area">
            {hydrated && canvasWanted && (
              <GraphCanvas
                nodes={drawn.nodes}
                edges={drawn.edges}
                focus={view.focus}
                layout={view.layout}
                selected={view.selected}
                selectedRelationship={pickedEdge?.id}
                language={language}
                positions={view.positions}
                viewport={view.viewport}
                relayoutToken={relayoutToken}
                restoreToken={restoreToken}
                onSelect={select}
                onExpand={(id) => expandNode(id)}
                onSelectRelationship={(id) => {
                  setPickedRelationship(id);
                  setTab("details");
                }}
                onReady={(handle) => (graphHandle.current = handle)}
                onPositions={recordDrawnPositions}
                onViewport={recordViewport}
              />
            )}
            {!hasGraph && hydrated && (
              <div className="empty-state">
                <h2>Explore who did what in the H20 story</h2>
                <p>Search for a person, company, chip, policy or event — in English or Japanese — or start from one of these:</p>
                <ul className="starting-points">
                  {STARTING_POINTS.map((s) => (
                    <li key={s.id}>
                      <button type="button" onClick={() => open(s.id)}>
                        {s.label}
                      </button>
                    </li>
                  ))}
                </ul>
                <p className="hint">Click an entity for its details and evidence; double-click to expand its neighbours.</p>
              </div>
            )}
            {graph.unknownIds.length > 0 && (
              <div className={`not-found ${onlyUnknown ? "full" : ""}`} role="region" aria-label="Not found">
                <h2>Not found</h2>
                <p>
                  There is no entity with the id {graph.unknownIds.map((id) => `“${id}”`).join(", ")} in the graph. The link may be old, or the id mistyped.
                </p>
                <SearchBox
                  client={client}
                  label="Search for an entity"
                  onPick={(e) => {
                    push((v) => openEntity(withoutIds(v, graph.unknownIds), e.id));
                    setTab("details");
                  }}
                  onUnreachable={onFailure}
                  retryToken={retryToken}
                />
                <button type="button" onClick={() => push((v) => withoutIds(v, graph.unknownIds))}>
                  Remove from the view
                </button>
              </div>
            )}
            {view.path && graph.path === null && (
              <p className="path-missing" role="status">
                No path of at most 6 relationships joins {nameOf(view.path.from)} and {nameOf(view.path.to)}.
              </p>
            )}
          </div>
          <Legend hiddenTypes={view.hiddenEntityTypes} onToggle={(type) => push((v) => toggleEntityType(v, type))} />
        </section>

        <aside className="side">
          <div className="tabs" role="tablist" aria-label="Panels">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                onClick={() => setTab(t.id)}
                onKeyDown={(event) => {
                  const index = TABS.findIndex((x) => x.id === tab);
                  const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
                  if (step === 0) return;
                  const next = TABS[(index + step + TABS.length) % TABS.length] as (typeof TABS)[number];
                  setTab(next.id);
                  document.getElementById(`tab-${next.id}`)?.focus();
                }}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === "details" && pickedEdge && (
              <RelationshipPanel
                edge={pickedEdge}
                names={new Map(graph.nodes.map((n) => [n.id, n.name]))}
                onShowEntity={(id) => {
                  setPickedRelationship(undefined);
                  show(id);
                }}
                onClose={() => setPickedRelationship(undefined)}
              />
            )}
            {tab === "details" && !pickedEdge && (
              <DetailsPanel
                detail={selectedDetail}
                language={language}
                loading={selected !== undefined && !details.has(selected)}
                inView={selected !== undefined && graph.nodes.some((n) => n.id === selected)}
                expanded={selected !== undefined && isExpanded(view, selected)}
                status={graph.expansionStatus.filter((s) => s.id === selected)}
                onExpand={(types) => selected && expandNode(selected, types ?? [])}
                onCollapse={() => selected && push((v) => collapse(v, selected))}
                onHide={() => selected && push((v) => hideNode(v, selected))}
                onHideRelationshipType={(type) => push((v) => (v.hiddenRelationshipTypes.includes(type) ? v : toggleRelationshipType(v, type)))}
                onLoadMore={() => selected && push((v) => loadMore(v, selected))}
                onShowEntity={show}
              />
            )}
            {tab === "time" && (
              <TimePanel
                view={view}
                timeline={timeline}
                visibleIds={new Set(graph.nodes.map((n) => n.id))}
                language={language}
                onRange={(from, to) => push((v) => ({ ...v, from, to }), { coalesce: "time-range" })}
                onFade={(fade) => push((v) => ({ ...v, fadeOutsideTime: fade }))}
                onPick={show}
              />
            )}
            {tab === "path" && (
              <PathPanel
                client={client}
                language={language}
                view={view}
                graph={graph}
                onFind={(from, to, viaArticles) => push((v) => ({ ...v, path: { from, to, ...(viaArticles ? { viaArticles } : {}) } }))}
                onClear={() => push((v) => ({ ...v, path: undefined }))}
                onChoose={(choice) => replace((v) => (v.path ? { ...v, path: withPathChoice(v.path, choice) } : v))}
                onPick={(id) => select(id)}
                onUnreachable={onFailure}
                retryToken={retryToken}
              />
            )}
            {tab === "filters" && (
              <FiltersPanel
                view={view}
                language={language}
                graph={graph}
                onToggleEntityType={(type) => push((v) => toggleEntityType(v, type))}
                onToggleRelationshipType={(type) => push((v) => toggleRelationshipType(v, type))}
                onUnhide={(id) => push((v) => ({ ...v, hiddenNodes: v.hiddenNodes.filter((x) => x !== id) }))}
              />
            )}
            {tab === "inview" && (
              <InViewPanel nodes={graph.nodes} language={language} selected={view.selected} onSelect={(id) => select(id)} onExpand={(id) => expandNode(id)} />
            )}
          </div>
        </aside>
      </main>
    </div>
  );
}
