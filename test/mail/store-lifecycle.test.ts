import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/index.js';
import type { ServerEvent } from '../../src/shared/events.js';
import { storable } from './helpers/storable.js';
import { removeDir, startTestEngine, tempDataDir, transportTo } from './helpers/test-engine.js';

const DAY = 24 * 60 * 60 * 1000;

describe('message store lifecycle', () => {
  const engines: Engine[] = [];
  const dirs: string[] = [];

  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    for (const dir of dirs.splice(0)) await removeDir(dir);
  });

  async function start(options: Parameters<typeof startTestEngine>[0] = {}): Promise<Engine> {
    const { engine, dataDir } = await startTestEngine(options);
    engines.push(engine);
    if (!dirs.includes(dataDir)) dirs.push(dataDir);
    return engine;
  }

  async function send(engine: Engine, subjects: string[]): Promise<void> {
    const transport = transportTo(engine, { pool: true });
    for (const subject of subjects) {
      await transport.sendMail({
        from: 'a@example.com',
        to: 'b@example.com',
        subject,
        text: subject,
      });
    }
    transport.close();
  }

  it('keeps messages, read flags and the id sequence across a restart', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const first = await start({ dataDir });
    await send(first, ['one', 'two', 'three']);
    const [three, two] = first.store.list({ limit: 10, offset: 0, query: '' }).messages;
    first.store.markRead([two?.id ?? ''], true);
    // Deleting the newest must not let its id be handed out again.
    expect(first.store.delete(three?.id ?? '')).toBe(true);
    await first.stop();

    const second = await start({ dataDir });
    const list = second.store.list({ limit: 10, offset: 0, query: '' });
    expect(list.messages.map((m) => [m.subject, m.read])).toEqual([
      ['two', true],
      ['one', false],
    ]);
    expect(list).toMatchObject({ total: 2, unread: 1 });
    expect(second.store.get(two?.id ?? '')?.text?.trim()).toBe('two');
    await send(second, ['four']);
    const four = second.store.list({ limit: 1, offset: 0, query: '' }).messages[0];
    expect(Number(four?.id)).toBeGreaterThan(Number(three?.id));
  });

  it('leaves a checkpointed database behind on stop (no WAL left over)', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const engine = await start({ dataDir });
    await send(engine, ['w1', 'w2']);
    expect(existsSync(join(dataDir, 'messages.sqlite-wal'))).toBe(true);
    await engine.stop();
    // SQLite removes the WAL when the last connection closes: the checkpoint thread's
    // connection was closed first, and everything was copied into the database.
    expect(existsSync(join(dataDir, 'messages.sqlite-wal'))).toBe(false);
    const reopened = await start({ dataDir });
    expect(reopened.store.stats()).toEqual({ total: 2, unread: 2 });
  });

  it('drops the oldest messages past maxMessages on insert and announces it', async () => {
    const engine = await start({ maxMessages: 3 });
    const events: ServerEvent[] = [];
    engine.on('event', (event) => events.push(event));
    await send(engine, ['m1', 'm2', 'm3', 'm4', 'm5']);
    const list = engine.store.list({ limit: 10, offset: 0, query: '' });
    expect(list.messages.map((m) => m.subject)).toEqual(['m5', 'm4', 'm3']);
    expect(list.total).toBe(3);
    const deleted = events.flatMap((e) => (e.type === 'message.deleted' ? e.data.ids : []));
    expect(deleted).toHaveLength(2);
    expect(deleted.every((id) => engine.store.get(id) === undefined)).toBe(true);
    expect(engine.store.raw(deleted[0] ?? '')).toBeUndefined();
    // The dropped messages are gone from the search index too.
    expect(engine.store.list({ limit: 10, offset: 0, query: 'm1' }).total).toBe(0);
  });

  it('applies a lowered count limit at start', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const unlimited = await start({ dataDir, maxMessages: 0 });
    await send(unlimited, ['c1', 'c2', 'c3', 'c4']);
    await unlimited.stop();
    const limited = await start({ dataDir, maxMessages: 2 });
    expect(
      limited.store.list({ limit: 10, offset: 0, query: '' }).messages.map((m) => m.subject),
    ).toEqual(['c4', 'c3']);
    expect(limited.store.stats()).toEqual({ total: 2, unread: 2 });
  });

  it('drops messages older than maxAgeMs at start and on the periodic sweep', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const unlimited = await start({ dataDir, maxAgeMs: 0 });
    const now = Date.now();
    unlimited.store.insert([
      await storable({ subject: 'ten days old', text: 'x', receivedAt: new Date(now - 10 * DAY) }),
      await storable({ subject: 'three days old', text: 'x', receivedAt: new Date(now - 3 * DAY) }),
      await storable({ subject: 'fresh', text: 'x', receivedAt: new Date(now) }),
    ]);
    await unlimited.stop();

    const limited = await start({ dataDir, maxAgeMs: 7 * DAY });
    expect(
      limited.store.list({ limit: 10, offset: 0, query: '' }).messages.map((m) => m.subject),
    ).toEqual(['fresh', 'three days old']);
    // The sweep the engine runs every minute, called with a later clock.
    expect(limited.store.applyRetention(now + 5 * DAY)).toBe(1);
    expect(
      limited.store.list({ limit: 10, offset: 0, query: '' }).messages.map((m) => m.subject),
    ).toEqual(['fresh']);
  });

  it('marks read, deletes, clears, and announces each change with fresh stats', async () => {
    const engine = await start();
    await send(engine, ['a1', 'a2', 'a3']);
    const events: ServerEvent[] = [];
    engine.on('event', (event) => events.push(event));
    const [a3, a2, a1] = engine.store.list({ limit: 10, offset: 0, query: '' }).messages;
    const ids = [a1?.id ?? '', a2?.id ?? '', a3?.id ?? ''];

    expect(engine.store.markRead([ids[0] ?? '', 'nonsense', '999999'], true)).toEqual([ids[0]]);
    expect(engine.store.markRead([ids[0] ?? ''], true)).toEqual([]);
    expect(engine.store.stats()).toEqual({ total: 3, unread: 2 });
    expect(engine.store.markRead(undefined, true).sort()).toEqual([ids[1], ids[2]].sort());
    expect(engine.store.markRead(undefined, false)).toHaveLength(3);
    expect(engine.store.delete(ids[1] ?? '')).toBe(true);
    expect(engine.store.delete(ids[1] ?? '')).toBe(false);
    expect(engine.store.delete('not-a-number')).toBe(false);
    expect(engine.store.get(ids[1] ?? '')).toBeUndefined();
    engine.store.deleteAll();
    expect(engine.store.stats()).toEqual({ total: 0, unread: 0 });
    expect(engine.store.list({ limit: 10, offset: 0, query: 'a1' }).total).toBe(0);

    expect(events.map((e) => e.type)).toEqual([
      'message.read',
      'messages.stats',
      'message.read',
      'messages.stats',
      'message.read',
      'messages.stats',
      'message.deleted',
      'messages.stats',
      'messages.cleared',
      'messages.stats',
    ]);
    expect(events[0]).toEqual({ type: 'message.read', data: { ids: [ids[0]], read: true } });
    expect(events[1]).toEqual({ type: 'messages.stats', data: { total: 3, unread: 2 } });
    expect(events.at(-1)).toEqual({ type: 'messages.stats', data: { total: 0, unread: 0 } });
  });

  it('announces a new message with its summary after it is stored', async () => {
    const engine = await start();
    const events: ServerEvent[] = [];
    engine.on('event', (event) => events.push(event));
    await send(engine, ['hello event']);
    const created = events.find((e) => e.type === 'message.new');
    expect(created?.data).toEqual(
      engine.store.list({ limit: 1, offset: 0, query: '' }).messages[0],
    );
    expect(events.at(-1)).toEqual({ type: 'messages.stats', data: { total: 1, unread: 1 } });
  });
});
