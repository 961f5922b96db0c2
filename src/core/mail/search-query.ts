/**
 * The search language of the message list, parsed into terms the store compiles to SQL.
 *
 *   invoice "order 1234"        words and quoted phrases, all must match; a word matches words
 *                               starting with it, any case or accents (see search-sql.ts)
 *   from:jane  from:"Jane Doe"  sender: From header and envelope MAIL FROM
 *   to:bob                      recipients: To, Cc, Bcc headers and every envelope RCPT TO
 *   subject:welcome
 *   has:attachment  is:read  is:unread
 *   before:2024-05-01           received before that day began (local time)
 *   after:2024-05-01            received on that day or later (local time)
 *   -term  -from:x  !term       negation of any term
 *
 * A word that looks like an operator we do not know (`http://x`, `re:`) is plain text.
 */

export type TextField = 'any' | 'from' | 'to' | 'subject';

export type SearchTerm =
  | { kind: 'text'; field: TextField; value: string; negated: boolean }
  | { kind: 'has-attachment'; negated: boolean }
  | { kind: 'read'; read: boolean; negated: boolean }
  | { kind: 'received'; op: 'before' | 'after'; day: string; negated: boolean };

export class SearchSyntaxError extends Error {
  /** Offset of the offending token in the query, in UTF-16 code units. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.name = 'SearchSyntaxError';
    this.position = position;
  }
}

const TEXT_FIELDS = new Set(['from', 'to', 'subject']);
const OPERATORS = new Set(['from', 'to', 'subject', 'has', 'is', 'before', 'after']);

interface Token {
  negated: boolean;
  field: string | null;
  value: string;
  /** True when the value was written in quotes: never an operator keyword, may be empty. */
  quoted: boolean;
  start: number;
}

export function parseSearchQuery(query: string): SearchTerm[] {
  return tokenize(query).map(toTerm);
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query.charAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (query[i] === '-' || query[i] === '!') {
      negated = true;
      i++;
      if (i >= query.length || /\s/.test(query.charAt(i))) {
        throw new SearchSyntaxError(`"${query[start]}" must be followed by a term`, start);
      }
    }
    let field: string | null = null;
    const operator = /^([a-zA-Z]+):/.exec(query.slice(i));
    if (operator?.[1] && OPERATORS.has(operator[1].toLowerCase())) {
      field = operator[1].toLowerCase();
      i += operator[0].length;
    }
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      if (close === -1) throw new SearchSyntaxError('a quoted phrase is missing its closing "', i);
      tokens.push({ negated, field, value: query.slice(i + 1, close), quoted: true, start });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query.charAt(end))) end++;
    tokens.push({ negated, field, value: query.slice(i, end), quoted: false, start });
    i = end;
  }
  return tokens;
}

function toTerm(token: Token): SearchTerm {
  const { field, negated, start } = token;
  const value = token.value.trim();
  if (field === null) {
    if (value === '') throw new SearchSyntaxError('an empty phrase matches nothing', start);
    return { kind: 'text', field: 'any', value, negated };
  }
  if (value === '') throw new SearchSyntaxError(`${field}: needs a value`, start);
  if (TEXT_FIELDS.has(field)) {
    return { kind: 'text', field: field as TextField, value, negated };
  }
  const keyword = value.toLowerCase();
  if (field === 'has') {
    if (keyword === 'attachment' || keyword === 'attachments') {
      return { kind: 'has-attachment', negated };
    }
    throw new SearchSyntaxError(`has: knows only "attachment", not "${value}"`, start);
  }
  if (field === 'is') {
    if (keyword === 'read' || keyword === 'unread') {
      return { kind: 'read', read: keyword === 'read', negated };
    }
    throw new SearchSyntaxError(`is: knows "read" and "unread", not "${value}"`, start);
  }
  if (!isCalendarDay(value)) {
    throw new SearchSyntaxError(`${field}: needs a date as YYYY-MM-DD, not "${value}"`, start);
  }
  return { kind: 'received', op: field === 'before' ? 'before' : 'after', day: value, negated };
}

function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Start of a YYYY-MM-DD day in the local time zone, in epoch milliseconds. */
export function localDayStart(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 0, (month ?? 1) - 1, date ?? 1).getTime();
}
