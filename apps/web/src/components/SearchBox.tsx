"use client";

import { useEffect, useId, useRef, useState } from "react";
import { searchEntities, type EntitySummary, type GraphqlClient } from "../api-client.ts";
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
  const [suggestions, setSuggestions] = useState<EntitySummary[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const latestQuery = useRef("");
  const { client, onUnreachable, retryToken } = props;

  useEffect(() => {
    const query = text.trim();
    latestQuery.current = query;
    if (query === "") {
      setSuggestions([]);
      return;
    }
    const timer = setTimeout(() => {
      searchEntities(client, query, 8)
        .then((hits) => {
          if (latestQuery.current !== query) return;
          setSuggestions(hits);
          setActive(-1);
        })
        .catch(onUnreachable);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, client, onUnreachable, retryToken]);

  const pick = (entity: EntitySummary) => {
    setOpen(false);
    setText(props.onSubmit ? "" : entity.name);
    setSuggestions([]);
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
      {showList && (
        <ul className="suggestions" role="listbox" id={listId} aria-label={`${props.label}: suggestions`}>
          {suggestions.map((s, i) => (
            <li
              key={s.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(s);
              }}
            >
              <TypeSwatch type={s.type} />
              <span className="suggestion-name">{s.name}</span>
              {s.nameJa && <span className="suggestion-ja" lang="ja">{s.nameJa}</span>}
              <span className="suggestion-type">{s.type}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
