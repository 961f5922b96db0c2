/**
 * The first schema. Lists read only `messages` (kept narrow), the message view reads
 * `message_details`, downloads read `message_raw`; the search index is `messages_fts`.
 */
export const sql = /* sql */ `
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so a stale id cannot open another message
  received_at     INTEGER NOT NULL,                  -- epoch ms
  date            TEXT    NOT NULL,                  -- Date header as ISO 8601, received_at when missing
  subject         TEXT    NOT NULL,
  from_name       TEXT,                              -- NULL when there is no From
  from_address    TEXT,
  to_json         TEXT    NOT NULL,                  -- [{"name","address"}] from To
  size            INTEGER NOT NULL,                  -- bytes of the raw message
  read            INTEGER NOT NULL DEFAULT 0,
  has_attachments INTEGER NOT NULL,
  snippet         TEXT    NOT NULL,
  malformed       INTEGER NOT NULL
);
CREATE INDEX messages_unread ON messages (id) WHERE read = 0;
CREATE INDEX messages_with_attachments ON messages (id) WHERE has_attachments = 1;
CREATE INDEX messages_received_at ON messages (received_at);

-- The parsed view: headers, bodies, attachment list, envelope, transcript (JSON).
CREATE TABLE message_details (
  id     INTEGER PRIMARY KEY,
  detail TEXT NOT NULL
);

-- The bytes as received, untouched.
CREATE TABLE message_raw (
  id  INTEGER PRIMARY KEY,
  raw BLOB NOT NULL
);

-- Word tokens (see search-text.ts for scripts without spaces). Trigrams were measured too
-- (bench/RESULTS.md): substring matching, but an 8x bigger index, 8x slower inserts, and
-- 3-5x slower searches for common words at 100k messages.
-- Contentless: the text lives in message_details already; contentless_delete lets us delete rows.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  subject, sender, recipients, body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
`;
