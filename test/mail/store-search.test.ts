import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, SearchSyntaxError } from '../../src/core/index.js';
import { storable } from './helpers/storable.js';
import { removeDir, startTestEngine } from './helpers/test-engine.js';

describe('searching the store', () => {
  let engine: Engine;
  let dataDir: string;

  beforeAll(async () => {
    ({ engine, dataDir } = await startTestEngine({ maxAgeMs: 0 }));
    const ids = engine.store.insert([
      await storable({
        from: 'Jane Doe <jane@example.com>',
        to: 'Bob <bob@example.com>',
        subject: 'Invoice 1234 for May',
        text: 'Please pay the invoice by Friday.',
        attachment: { filename: 'invoice-1234.pdf', content: '%PDF-fake' },
        receivedAt: new Date(2024, 4, 10, 12),
      }),
      await storable({
        from: 'noreply@shop.example',
        to: 'alice@example.com',
        cc: 'carol@example.com',
        bcc: ['dave@example.com'],
        subject: 'Your order has shipped',
        text: 'Tracking number ABC123.',
        receivedAt: new Date(2024, 5, 1, 9),
      }),
      await storable({
        from: 'Jane Smith <jsmith@example.org>',
        subject: 'Weekly digest',
        text: '日本語のテキスト and the news of the week.',
        receivedAt: new Date(2024, 5, 15, 18),
      }),
      await storable({
        from: 'chef@example.com',
        subject: 'Café menu',
        text: 'Dessert: crème brûlée.',
        receivedAt: new Date(2024, 6, 1, 8),
      }),
    ]);
    engine.store.markRead([ids[0] ?? ''], true);
  });

  afterAll(async () => {
    await engine.stop();
    await removeDir(dataDir);
  });

  const subjects = (query: string): string[] =>
    engine.store.list({ limit: 50, offset: 0, query }).messages.map((m) => m.subject);

  const INVOICE = 'Invoice 1234 for May';
  const ORDER = 'Your order has shipped';
  const DIGEST = 'Weekly digest';
  const CAFE = 'Café menu';

  it.each([
    ['', [CAFE, DIGEST, ORDER, INVOICE]],
    ['invoice', [INVOICE]],
    ['INVOICE', [INVOICE]],
    ['invo', [INVOICE]],
    // Words match from their start, not in the middle.
    ['nvoic', []],
    ['"pay the invoice"', [INVOICE]],
    ['"invoice pay"', []],
    ['pay friday', [INVOICE]],
    ['invoice-1234.pdf', [INVOICE]],
    ['from:jane', [DIGEST, INVOICE]],
    ['from:"Jane Doe"', [INVOICE]],
    ['from:noreply@shop', [ORDER]],
    ['to:bob', [INVOICE]],
    ['to:carol', [ORDER]],
    ['to:dave@example.com', [ORDER]],
    ['subject:order', [ORDER]],
    ['subject:pay', []],
    ['has:attachment', [INVOICE]],
    ['-has:attachment', [CAFE, DIGEST, ORDER]],
    ['is:read', [INVOICE]],
    ['is:unread', [CAFE, DIGEST, ORDER]],
    ['before:2024-06-01', [INVOICE]],
    ['after:2024-06-01', [CAFE, DIGEST, ORDER]],
    ['after:2024-06-01 before:2024-06-15', [ORDER]],
    ['-before:2024-07-01', [CAFE]],
    ['-jane', [CAFE, ORDER]],
    ['-from:jane invoice', []],
    ['!from:jane', [CAFE, ORDER]],
    ['week -from:noreply', [DIGEST]],
    ['-"the week" -invoice', [CAFE, ORDER]],
    ['-"the week" -invoice is:unread', [CAFE, ORDER]],
    ['-"the week" -invoice has:attachment', []],
    ['日本語', [DIGEST]],
    ['cafe', [CAFE]],
    ['brulee', [CAFE]],
    ['abc123', [ORDER]],
    ['abc', [ORDER]],
    ['-abc', [CAFE, DIGEST, INVOICE]],
    ['from:jan', [DIGEST, INVOICE]],
    // Under three letters a word must match whole.
    ['from:ja', []],
    ['by', [INVOICE]],
    ['テキスト', [DIGEST]],
    ['本語', [DIGEST]],
    // No letters or digits: matched as text in subject, sender and recipients.
    ['@', [CAFE, DIGEST, ORDER, INVOICE]],
    ['subject:@', []],
  ])('%j finds %j', (query, expected) => {
    expect(subjects(query)).toEqual(expected);
  });

  it('counts the matches, gives the mailbox unread count, and pages newest first', () => {
    expect(engine.store.list({ limit: 1, offset: 0, query: 'from:jane' })).toMatchObject({
      total: 2,
      unread: 3,
      messages: [{ subject: DIGEST }],
    });
    expect(engine.store.list({ limit: 1, offset: 0, query: 'from:jane is:unread' }).total).toBe(1);
    expect(engine.store.list({ limit: 1, offset: 0, query: '-jane' }).total).toBe(2);
    expect(engine.store.list({ limit: 1, offset: 0, query: '-jane is:unread' }).total).toBe(2);
    expect(engine.store.list({ limit: 1, offset: 0, query: '-jane is:read' }).total).toBe(0);
    expect(engine.store.list({ limit: 1, offset: 1, query: 'jane -weekly' })).toMatchObject({
      total: 1,
      messages: [],
    });
    const second = engine.store.list({ limit: 2, offset: 2, query: '' });
    expect(second.total).toBe(4);
    expect(second.unread).toBe(3);
    expect(second.messages.map((m) => m.subject)).toEqual([ORDER, INVOICE]);
  });

  it('throws SearchSyntaxError for a bad query', () => {
    expect(() => engine.store.list({ limit: 5, offset: 0, query: 'from:"open' })).toThrow(
      SearchSyntaxError,
    );
    expect(() => engine.store.list({ limit: 5, offset: 0, query: 'is:maybe' })).toThrow(
      /is: knows/,
    );
  });

  it('never lets query text act as SQL or FTS syntax', () => {
    for (const query of [
      `'); DROP TABLE messages; --`,
      'NEAR(a b)',
      '* OR *',
      'a"b',
      '^x',
      '{subject}:x',
    ]) {
      expect(() => engine.store.list({ limit: 5, offset: 0, query })).not.toThrow();
    }
    expect(engine.store.stats().total).toBe(4);
  });
});
