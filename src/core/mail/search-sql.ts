import { localDayStart, type SearchTerm, type TextField } from './search-query.js';

/**
 * Compiles parsed search terms to a WHERE clause over `messages m`. User text only ever travels
 * as a bound parameter: inside FTS5 MATCH strings it is a double-quoted string with its quotes
 * doubled, so it can never become FTS syntax; in LIKE patterns % _ and \ are escaped.
 */
export interface CompiledSearch {
  /** SQL boolean expression, `1` when nothing filters. */
  where: string;
  params: Array<string | number>;
}

/** The trigram tokenizer cannot match anything shorter than three characters. */
const TRIGRAM = 3;

const FTS_COLUMN: Record<TextField, string | null> = {
  any: null,
  from: 'sender',
  to: 'recipients',
  subject: 'subject',
};

/** Short terms fall back to LIKE over the list columns (the body is only in the index). */
const LIKE_COLUMNS: Record<TextField, string[]> = {
  any: ['m.subject', 'm.from_name', 'm.from_address', 'm.to_json', 'm.snippet'],
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
        if ([...term.value].length >= TRIGRAM) {
          (term.negated ? negative : positive).push(ftsPhrase(term.field, term.value));
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
  // positive side, so negated terms join it there; only a purely negative query needs NOT IN.
  if (positive.length > 0) {
    const match =
      negative.length > 0
        ? `(${positive.join(' AND ')}) NOT (${negative.join(' OR ')})`
        : positive.join(' AND ');
    where.unshift('m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
    params.unshift(match);
  } else if (negative.length > 0) {
    where.unshift('m.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
    params.unshift(negative.join(' OR '));
  }

  return { where: where.length > 0 ? where.join(' AND ') : '1', params };
}

function ftsPhrase(field: TextField, value: string): string {
  const quoted = `"${value.replace(/"/g, '""')}"`;
  const column = FTS_COLUMN[field];
  return column === null ? quoted : `${column} : ${quoted}`;
}
