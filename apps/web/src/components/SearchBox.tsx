"use client";

import { useEffect, useId, useRef, useState } from "react";
import { searchMatches, type EntitySummary, type GraphqlClient, type SearchMatch } from "../api-client.ts";
import { TypeSwatch } from "./TypeSwatch.tsx";

interface SearchBoxProps {
  readonly client: GraphqlClient;
  readonly label: string;
  readonly placeholder?: string;
  readonly onPick: (entity: EntitySummary) => void;
  /** Enter without a highlighted suggestion; without it, Enter picks the first suggestion. */
  readonly onSubmit?: (query: string) => void;
  readonly onUnreachable: (error: unknown) => void;
  /** Changes when the page retries what failed: the suggestions are asked for again. */
  readonly retryToken?: number;
  readonly autoFocus?: boolean;
  readonly initialText?: string;
  readonly className?: string;
}

const DEBOUNCE_MS = 150;

/** A search field with suggestions as you type, in English or Japanese (the API matches names, Japanese names and aliases). */
export function SearchBox(props: SearchBoxProps) {
  const [text, setText] = useState(props.initialText ?? "");
  const [matches, setMatches] = useState<SearchMatch[]>([]);
  // The query the matches answer, so that "no results" never speaks of a query still being typed.
  const [answered, setAnswered] = useState("");
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const latestQuery = useRef("");
  const { client, onUnreachable, retryToken } = props;

  useEffect(() => {
    const query = text.trim();
    latestQuery.current = query;
    if (query === "") {
      setMatches([]);
      setAnswered("");
      return;
    }
    const timer = setTimeout(() => {
      searchMatches(client, query, 8)
        .then((hits) => {
          if (latestQuery.current !== query) return;
          setMatches(hits);
          setAnswered(query);
          setActive(-1);
        })
        .catch(onUnreachable);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, client, onUnreachable, retryToken]);

  const suggestions = matches.map((m) => m.entity);
  // Nothing contains the text typed: the list holds only near names, offered as "did you mean".
  const onlySimilar = matches.length > 0 && matches.every((m) => m.similar);

  const pick = (entity: EntitySummary) => {
    setOpen(false);
    setText(props.onSubmit ? "" : entity.name);
    setMatches([]);
    props.onPick(entity);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(suggestions.length - 1, i + 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(-1, i - 1));
    } else if (event.key === "Escape") {
      setOpen(false);
      setActive(-1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = active >= 0 ? suggestions[active] : undefined;
      if (chosen) pick(chosen);
      else if (props.onSubmit && text.trim() !== "") {
        setOpen(false);
        props.onSubmit(text.trim());
      } else if (suggestions[0]) pick(suggestions[0]);
    }
  };

  const showList = open && suggestions.length > 0;
  const noResults = open && answered !== "" && answered === text.trim() && matches.length === 0;
  return (
    <div className={`search ${props.className ?? ""}`}>
      <input
        type="search"
        aria-label={props.label}
        placeholder={props.placeholder ?? "Search in English or Japanese — e.g. Nvidia, エヌビディア"}
        value={text}
        autoFocus={props.autoFocus}
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-controls={showList ? listId : undefined}
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {noResults && (
        <p className="search-empty" role="status">
          No entity matches “{answered}”.
        </p>
      )}
      {showList && (
        <div className="suggestions">
          {onlySimilar && (
            <p className="search-empty" role="status">
              No entity matches “{answered}”. Did you mean{" "}
              {matches.slice(0, 3).map((m, i) => (
                <span key={m.entity.id}>
                  {i > 0 && (i === Math.min(3, matches.length) - 1 ? " or " : ", ")}
                  <button
                    type="button"
                    className="link-button did-you-mean"
                    onMouseDown={(event) => {
                      event.preventDefault();
                      pick(m.entity);
                    }}
                  >
                    {m.entity.name}
                  </button>
                </span>
              ))}
              ?
            </p>
          )}
          <ul role="listbox" id={listId} aria-label={`${props.label}: suggestions`}>
            {matches.map(({ entity: s, similar }, i) => (
              <li
                key={s.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={[i === active ? "active" : "", similar ? "similar" : ""].filter(Boolean).join(" ") || undefined}
                title={[s.name, s.nameJa].filter(Boolean).join(" · ")}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(s);
                }}
              >
                <TypeSwatch type={s.type} />
                <span className="suggestion-name">{s.name}</span>
                <span className="suggestion-type">
                  {similar && !onlySimilar ? "similar · " : ""}
                  {s.type}
                </span>
                {s.nameJa && (
                  <span className="suggestion-ja" lang="ja">
                    {s.nameJa}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
