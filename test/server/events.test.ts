import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../src/core/index.js';
import { buildApp } from '../../src/server/app.js';
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

describe('keepalive', () => {
  it('drops a client that stops answering pings, and keeps the others', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'beanpost-ws-'));
    const staticDir = await makeStaticDir();
    const engine = await Engine.start({ smtpPort: 0, dataDir });
    const app = await buildApp({
      engine,
      bindHost: '127.0.0.1',
      staticDir,
      extraOrigins: [],
      token: null,
      version: '0.0.0',
      events: { pingIntervalMs: 20 },
    });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no address');
      const url = `ws://127.0.0.1:${address.port}/api/events`;
      const healthy = new WebSocket(url);
      const silent = new WebSocket(url, { autoPong: false });
      await Promise.all(
        [healthy, silent].map((s) => new Promise((resolve) => s.once('open', resolve))),
      );
      const healthyPinged = new Promise((resolve) => healthy.once('ping', resolve));
      const silentClosed = new Promise((resolve) => silent.once('close', resolve));
      await Promise.all([healthyPinged, silentClosed]);
      expect(healthy.readyState).toBe(WebSocket.OPEN);
      healthy.close();
    } finally {
      await app.close();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(staticDir, { recursive: true, force: true });
    }
  });
});
