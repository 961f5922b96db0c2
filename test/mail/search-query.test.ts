import { describe, expect, it } from 'vitest';
import { parseSearchQuery, SearchSyntaxError } from '../../src/core/mail/search-query.js';
import { compileSearch } from '../../src/core/mail/search-sql.js';

describe('parseSearchQuery', () => {
  it('reads words and quoted phrases as text terms', () => {
    expect(parseSearchQuery('  invoice  "order 1234" ')).toEqual([
      { kind: 'text', field: 'any', value: 'invoice', negated: false },
      { kind: 'text', field: 'any', value: 'order 1234', negated: false },
    ]);
    expect(parseSearchQuery('')).toEqual([]);
  });

  it('reads each operator', () => {
    expect(
      parseSearchQuery(
        'from:jane to:bob@example.com subject:Welcome has:attachment is:unread is:read before:2024-05-01 after:2024-01-31',
      ),
    ).toEqual([
      { kind: 'text', field: 'from', value: 'jane', negated: false },
      { kind: 'text', field: 'to', value: 'bob@example.com', negated: false },
      { kind: 'text', field: 'subject', value: 'Welcome', negated: false },
      { kind: 'has-attachment', negated: false },
      { kind: 'read', read: false, negated: false },
      { kind: 'read', read: true, negated: false },
      { kind: 'received', op: 'before', day: '2024-05-01', negated: false },
      { kind: 'received', op: 'after', day: '2024-01-31', negated: false },
    ]);
  });

  it('takes operators in any case and quoted operator values', () => {
    expect(parseSearchQuery('FROM:"Jane Doe" Has:Attachments')).toEqual([
      { kind: 'text', field: 'from', value: 'Jane Doe', negated: false },
      { kind: 'has-attachment', negated: false },
    ]);
  });

  it('negates with - and !', () => {
    expect(parseSearchQuery('-spam !"weekly digest" -from:noreply -has:attachment')).toEqual([
      { kind: 'text', field: 'any', value: 'spam', negated: true },
      { kind: 'text', field: 'any', value: 'weekly digest', negated: true },
      { kind: 'text', field: 'from', value: 'noreply', negated: true },
      { kind: 'has-attachment', negated: true },
    ]);
  });

  it('treats unknown operators and URLs as text', () => {
    expect(parseSearchQuery('re:hello https://example.com/a')).toEqual([
      { kind: 'text', field: 'any', value: 're:hello', negated: false },
      { kind: 'text', field: 'any', value: 'https://example.com/a', negated: false },
    ]);
  });

  it.each([
    ['"unterminated', /closing "/],
    ['from:', /from: needs a value/],
    ['subject:""', /subject: needs a value/],
    ['has:pictures', /has: knows only "attachment"/],
    ['is:starred', /is: knows "read" and "unread"/],
    ['before:yesterday', /YYYY-MM-DD/],
    ['after:2024-02-30', /YYYY-MM-DD/],
    ['- spam', /must be followed by a term/],
    ['""', /empty phrase/],
  ])('rejects %j with a clear SearchSyntaxError', (query, message) => {
    expect(() => parseSearchQuery(query)).toThrow(SearchSyntaxError);
    expect(() => parseSearchQuery(query)).toThrow(message);
  });
});

describe('compileSearch', () => {
  it('puts user text only into bound parameters, quoted for FTS5', () => {
    const compiled = compileSearch(parseSearchQuery(`from:jane" x') OR 1=1 -- NEAR(`));
    expect(compiled.where).not.toContain('OR 1=1');
    expect(compiled.where).not.toContain('NEAR');
    expect(compiled.match).toBe(`sender : "jane"""* AND "x')" AND "OR" AND "1=1" AND "NEAR("*`);
    // "--" is a negated "-": no letters or digits, so an escaped LIKE pattern.
    expect(compiled.params).toEqual(['%-%', '%-%', '%-%', '%-%']);
  });

  it('matches whole words under three letters and CJK characters one by one', () => {
    expect(compileSearch(parseSearchQuery('to:qa 日本語')).match).toBe(
      'recipients : "qa" AND " 日  本  語 "',
    );
  });

  it('escapes LIKE wildcards in terms without letters or digits', () => {
    expect(compileSearch(parseSearchQuery('%_')).params).toContain('%\\%\\_%');
  });

  it('joins negated text onto the positive MATCH, or excludes when nothing is positive', () => {
    expect(compileSearch(parseSearchQuery('invoice -draft'))).toEqual({
      match: '("invoice"*) NOT ("draft"*)',
      exclude: null,
      where: '1',
      params: [],
    });
    const negativeOnly = compileSearch(parseSearchQuery('-draft -subject:test'));
    expect(negativeOnly).toEqual({
      match: null,
      exclude: '"draft"* OR subject : "test"*',
      where: '1',
      params: [],
    });
  });

  it('compiles operators to bound conditions over messages', () => {
    const compiled = compileSearch(parseSearchQuery('has:attachment -is:read after:2024-01-02'));
    expect(compiled.match).toBeNull();
    expect(compiled.where).toBe('m.has_attachments = 1 AND m.read = 0 AND (m.received_at >= ?)');
    expect(compiled.params).toEqual([new Date(2024, 0, 2).getTime()]);
  });

  it('is 1 for an empty query', () => {
    expect(compileSearch([])).toEqual({ match: null, exclude: null, where: '1', params: [] });
  });
});
