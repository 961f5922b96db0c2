import { CircleHelp, Search, X } from 'lucide-react';
import { type RefObject, useEffect, useEffectEvent, useState } from 'react';
import { SearchHelp } from './search-help.js';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  /** The query in force when the box appears (it unmounts while the inbox is empty). */
  initialQuery: string;
  /** The engine's message when it refused the query (a 400), shown under the box. */
  error: string | null;
  onQuery(query: string): void;
}

/** Typing settles for this long before the list is asked again. */
const DEBOUNCE_MS = 200;

export function SearchBox({ inputRef, initialQuery, error, onQuery }: Props) {
  const [text, setText] = useState(initialQuery);
  const submit = useEffectEvent((value: string) => onQuery(value.trim()));

  useEffect(() => {
    const timer = setTimeout(() => submit(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const insert = (example: string): void => {
    const next = text.trim() ? `${text.trim()} ${example}` : example;
    setText(next);
    inputRef.current?.focus();
  };

  return (
    <div className="search">
      <search className={`search-field${error ? ' invalid' : ''}`}>
        <Search size={16} className="search-icon" aria-hidden="true" />
        <input
          ref={inputRef}
          type="search"
          className="search-input"
          placeholder="Search mail"
          aria-label="Search mail"
          aria-describedby={error ? 'search-error' : undefined}
          aria-invalid={error ? true : undefined}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') submit(text);
          }}
        />
        {text ? (
          <button
            type="button"
            className="search-clear"
            aria-label="Clear search"
            onClick={() => {
              setText('');
              inputRef.current?.focus();
            }}
          >
            <X size={14} aria-hidden="true" />
          </button>
        ) : (
          <span className="search-kbd" aria-hidden="true">
            <kbd>/</kbd>
          </span>
        )}
        <button
          type="button"
          className="button button-ghost button-icon search-help-button"
          aria-label="Search syntax"
          title="Search syntax"
          popoverTarget="search-help"
        >
          <CircleHelp size={16} aria-hidden="true" />
        </button>
      </search>
      {error ? (
        <p id="search-error" className="search-error" role="alert">
          {error}
        </p>
      ) : null}
      <SearchHelp onInsert={insert} />
    </div>
  );
}
