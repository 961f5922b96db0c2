import { localDayStart, type SearchTerm, type TextField } from './search-query.js';
import { searchable, searchTokens } from './search-text.js';

/**
 * Compiles parsed search terms to SQL pieces over `messages m` and the `messages_fts` index.
 * User text only ever travels as a bound parameter: inside FTS5 MATCH strings it is a
 * double-quoted string with its quotes doubled, so it can never become FTS syntax; in LIKE
 * patterns % _ and \ are escaped.
 *
 * Matching: a term matches words that start with it (`inv` finds "invoice"), several words in
 * a term or phrase must follow each other (`"order 1234"`, `from:jane@example` is the words
 * jane, example). A last word shorter than three characters must match a whole word: a one- or
 * two-letter prefix would merge thousands of words' lists at 100k messages.
 */
export interface CompiledSearch {
  /**
   * An FTS5 MATCH expression every result satisfies, or null. The store drives the query from
   * the index with it (newest first straight off the index, no materialised id list).
   */
  match: string | null;
  /** An FTS5 MATCH expression no result satisfies (only when there is no `match`), or null. */
  exclude: string | null;
  /** SQL boolean expression over `messages m`, `1` when nothing else filters. */
  where: string;
  params: Array<string | number>;
}

const MIN_PREFIX = 3;

const FTS_COLUMN: Record<TextField, string | null> = {
  any: null,
  from: 'sender',
  to: 'recipients',
  subject: 'subject',
};

/** A term with no letters or digits (`@`, `+++`) has nothing to look up in the index. */
const LIKE_COLUMNS: Record<TextField, string[]> = {
  any: ['m.subject', 'm.from_name', 'm.from_address', 'm.to_json'],
  from: ['m.from_name', 'm.from_address'],
  to: ['m.to_json'],
  subject: ['m.subject'],
};

export function compileSearch(terms: SearchTerm[]): CompiledSearch {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const positive: string[] = [];
  const negative: string[] = [];

  for (const term of terms) {
    switch (term.kind) {
      case 'text': {
        const tokens = searchTokens(term.value);
        if (tokens.length > 0) {
          (term.negated ? negative : positive).push(ftsPhrase(term.field, term.value, tokens));
          break;
        }
        const pattern = `%${term.value.replace(/[\\%_]/g, '\\$&')}%`;
        const any = LIKE_COLUMNS[term.field].map((column) => `${column} LIKE ? ESCAPE '\\'`);
        params.push(...any.map(() => pattern));
        where.push(`${term.negated ? 'NOT ' : ''}(${any.join(' OR ')})`);
        break;
      }
      case 'has-attachment':
        where.push(`m.has_attachments = ${term.negated ? 0 : 1}`);
        break;
      case 'read':
        where.push(`m.read = ${term.read !== term.negated ? 1 : 0}`);
        break;
      case 'received': {
        const comparison = term.op === 'before' ? '<' : '>=';
        where.push(`${term.negated ? 'NOT ' : ''}(m.received_at ${comparison} ?)`);
        params.push(localDayStart(term.day));
        break;
      }
    }
  }

  // One MATCH carries every text term: FTS5 intersects the doclists itself, and NOT needs a
  // positive side, so negated terms join it there; only a purely negative query excludes.
  let match: string | null = null;
  let exclude: string | null = null;
  if (positive.length > 0) {
    match =
      negative.length > 0
        ? `(${positive.join(' AND ')}) NOT (${negative.join(' OR ')})`
        : positive.join(' AND ');
  } else if (negative.length > 0) {
    exclude = negative.join(' OR ');
  }

  return { match, exclude, where: where.length > 0 ? where.join(' AND ') : '1', params };
}

function ftsPhrase(field: TextField, value: string, tokens: string[]): string {
  const last = tokens.at(-1) ?? '';
  const prefix = [...last].length >= MIN_PREFIX ? '*' : '';
  const phrase = `"${searchable(value).replace(/"/g, '""')}"${prefix}`;
  const column = FTS_COLUMN[field];
  return column === null ? phrase : `${column} : ${phrase}`;
}
