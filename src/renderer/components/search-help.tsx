const SYNTAX: readonly { example: string; meaning: string }[] = [
  { example: 'invoice', meaning: 'Words anywhere in the message' },
  { example: '"password reset"', meaning: 'An exact phrase' },
  { example: 'from:billing@', meaning: 'Sender: From header or MAIL FROM' },
  { example: 'to:alice', meaning: 'Recipients: To, Cc, Bcc, RCPT TO' },
  { example: 'subject:welcome', meaning: 'Words in the subject' },
  { example: 'has:attachment', meaning: 'Messages with attachments' },
  { example: 'is:unread', meaning: 'Unread (or is:read)' },
  { example: 'after:2025-01-31', meaning: 'Received on or after that day' },
  { example: 'before:2025-02-01', meaning: 'Received before that day' },
  { example: '-from:noreply', meaning: 'Leave out what matches (or !term)' },
];

/** The search syntax, in a native popover (light dismiss and Escape come for free). */
export function SearchHelp({ onInsert }: { onInsert(example: string): void }) {
  return (
    <div
      id="search-help"
      popover="auto"
      className="popover search-help"
      role="dialog"
      aria-label="Search syntax"
    >
      <h2 className="popover-title">Search syntax</h2>
      <p className="popover-hint">Combine terms; all must match. Click one to add it.</p>
      <ul className="syntax-list">
        {SYNTAX.map(({ example, meaning }) => (
          <li key={example}>
            <button type="button" className="syntax-example" onClick={() => onInsert(example)}>
              <code>{example}</code>
            </button>
            <span className="syntax-meaning">{meaning}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
