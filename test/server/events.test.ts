import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../src/core/index.js';
import { buildApp } from '../../src/server/app.js';
import type { EventsHubOptions } from '../../src/server/events-hub.js';
import { EventRecorder, makeStaticDir, startTestBeanpost, type TestBeanpost } from './helpers.js';

let bp: TestBeanpost;
let events: EventRecorder;

beforeAll(async () => {
  bp = await startTestBeanpost();
  events = await EventRecorder.open(bp.url);
});
afterAll(async () => {
  events.close();
  await bp.close();
});

describe('WebSocket /api/events', () => {
  it('pushes message.new and stats when mail arrives over SMTP', async () => {
    await bp.send({ subject: 'pushed to the UI', text: 'hello' });
    const created = await events.next('message.new', (e) => e.data.subject === 'pushed to the UI');
    expect(created.data.read).toBe(false);
    const stats = await events.next('messages.stats', (e) => e.data.total === 1);
    expect(stats.data.unread).toBe(1);
  });

  it('pushes message.read and message.deleted after API calls', async () => {
    const created = await events.next('message.new');
    const { id } = created.data;
    await fetch(`${bp.url}/api/messages/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [id], read: true }),
    });
    const read = await events.next('message.read', (e) => e.data.ids.includes(id));
    expect(read.data.read).toBe(true);

    await fetch(`${bp.url}/api/messages/${id}`, { method: 'DELETE' });
    await events.next('message.deleted', (e) => e.data.ids.includes(id));
  });

  it('pushes messages.cleared after delete-all, to every client', async () => {
    const second = await EventRecorder.open(bp.url);
    await fetch(`${bp.url}/api/messages`, { method: 'DELETE' });
    await events.next('messages.cleared');
    await second.next('messages.cleared');
    second.close();
  });

  it('answers a plain GET on the events path without upgrading', async () => {
    const response = await fetch(`${bp.url}/api/events`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
  });
});

/** The app over a real engine, with hub settings small enough to exercise in a test. */
async function withBareApp(
  events: EventsHubOptions,
  body: (engine: Engine, wsUrl: string) => Promise<void>,
): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'beanpost-ws-'));
  const staticDir = await makeStaticDir();
  const engine = await Engine.start({ smtpPort: 0, beanstalkdPort: 0, dataDir });
  const app = await buildApp({
    engine,
    bindHost: '127.0.0.1',
    staticDir,
    extraOrigins: [],
    token: null,
    version: '0.0.0',
    events,
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    await body(engine, `ws://127.0.0.1:${address.port}/api/events`);
  } finally {
    await app.close();
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(staticDir, { recursive: true, force: true });
  }
}

const opened = (socket: WebSocket): Promise<unknown> =>
  new Promise((resolve) => socket.once('open', resolve));

describe('hub', () => {
  it('drops a client that stops answering pings, and keeps the others', async () => {
    // Client and server share this process: the interval leaves room for a busy event loop.
    await withBareApp({ pingIntervalMs: 250 }, async (_engine, url) => {
      const healthy = new WebSocket(url);
      const silent = new WebSocket(url, { autoPong: false });
      const silentClosed = new Promise((resolve) => silent.once('close', resolve));
      const healthyPinged = new Promise((resolve) => healthy.once('ping', resolve));
      await Promise.all([healthyPinged, silentClosed]);
      expect(healthy.readyState).toBe(WebSocket.OPEN);
      healthy.close();
    });
  });

  it('drops a client that stops reading, while the others get every event', async () => {
    await withBareApp({ maxBufferedBytes: 64 * 1024 }, async (engine, url) => {
      const healthy = new WebSocket(url);
      const stalled = new WebSocket(url);
      await Promise.all([opened(healthy), opened(stalled)]);
      let stalledReceived = 0;
      stalled.on('message', () => {
        stalledReceived += 1;
      });
      // Stop reading: the server's writes pile up in the kernel, then in its own buffer.
      const stalledSocket = (stalled as unknown as { _socket: { pause(): void; resume(): void } })
        ._socket;
      stalledSocket.pause();

      // ~1 MB per event, 40 events: far beyond what loopback socket buffers absorb.
      const ids = Array.from({ length: 100_000 }, (_, i) => String(1_000_000 + i));
      const rounds = 40;
      for (let round = 0; round < rounds; round++) {
        const received = new Promise((resolve) => healthy.once('message', resolve));
        engine.emit('event', { type: 'message.deleted', data: { ids } });
        await received;
      }
      expect(healthy.readyState).toBe(WebSocket.OPEN);

      const closed = new Promise((resolve) => stalled.once('close', resolve));
      stalledSocket.resume();
      await closed;
      expect(stalledReceived).toBeLessThan(rounds);
      healthy.close();
    });
  });
});
