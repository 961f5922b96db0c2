import { Fragment, memo, type ReactNode } from 'react';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'）」]+[^\s<>"'.,;:!?)\]）」]/g;

/** Plain text with http(s) links made clickable; everything stays a text node. */
export const TextView = memo(function TextView({ text }: { text: string | null }) {
  if (text === null || text.trim() === '') {
    return <p className="panel-empty">This message has no plain-text part.</p>;
  }
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    parts.push(<Fragment key={`t${last}`}>{text.slice(last, start)}</Fragment>);
    parts.push(
      <a key={`a${start}`} href={match[0]} target="_blank" rel="noopener noreferrer">
        {match[0]}
      </a>,
    );
    last = start + match[0].length;
  }
  parts.push(<Fragment key={`t${last}`}>{text.slice(last)}</Fragment>);
  return (
    <pre className="text-body" dir="auto">
      {parts}
    </pre>
  );
});
