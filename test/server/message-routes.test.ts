import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  InfoSchema,
  MessageDetailSchema,
  MessageListSchema,
} from '../../src/shared/index.js';
import { startTestBeanpost, type TestBeanpost } from './helpers.js';

let bp: TestBeanpost;

async function api(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(bp.url + path, init);
  return { status: response.status, body: await response.json() };
}

async function expectError(
  path: string,
  status: number,
  code: string,
  init: RequestInit = {},
): Promise<string> {
  const { status: actual, body } = await api(path, init);
  expect(actual).toBe(status);
  const error = ApiErrorSchema.parse(body);
  expect(error.error.code).toBe(code);
  return error.error.message;
}

async function list(query = ''): Promise<ReturnType<typeof MessageListSchema.parse>> {
  const { status, body } = await api(`/api/messages${query}`);
  expect(status).toBe(200);
  return MessageListSchema.parse(body);
}

const jsonPost = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  bp = await startTestBeanpost();
  for (const [i, subject] of ['first alpha', 'second beta', 'third gamma'].entries()) {
    await bp.send({ subject, text: `body number ${i}`, to: `rcpt${i}@example.com` });
  }
});
afterAll(async () => bp.close());

describe('GET /api/info', () => {
  it('describes the running listeners and settings', async () => {
    const { status, body } = await api('/api/info');
    expect(status).toBe(200);
    const info = InfoSchema.parse(body);
    expect(info.smtp.port).toBe(bp.smtpPort);
    expect(info.http).toEqual({ host: '127.0.0.1', port: bp.httpPort });
    expect(info.dataDir).toBe(bp.dataDir);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.beanstalkd).toEqual({ ...bp.engine.beanstalkdAddress, persist: true });
    expect(info.beanstalkd?.port).toBeGreaterThan(0);
  });

  it('reports no beanstalkd when the embedded one is off', async () => {
    const off = await startTestBeanpost({ beanstalkdEnabled: false });
    try {
      const info = InfoSchema.parse(await (await fetch(`${off.url}/api/info`)).json());
      expect(info.beanstalkd).toBeNull();
    } finally {
      await off.close();
    }
  });
});

describe('GET /api/messages', () => {
  it('lists newest first with totals', async () => {
    const page = await list();
    expect(page.total).toBe(3);
    expect(page.unread).toBe(3);
    expect(page.messages.map((m) => m.subject)).toEqual([
      'third gamma',
      'second beta',
      'first alpha',
    ]);
  });

  it('pages with limit and offset', async () => {
    const first = await list('?limit=2&offset=0');
    const second = await list('?limit=2&offset=2');
    expect(first.total).toBe(3);
    expect(first.messages.map((m) => m.subject)).toEqual(['third gamma', 'second beta']);
    expect(second.messages.map((m) => m.subject)).toEqual(['first alpha']);
  });

  it('searches through the query parameter', async () => {
    const page = await list(`?query=${encodeURIComponent('subject:beta')}`);
    expect(page.messages.map((m) => m.subject)).toEqual(['second beta']);
    const negated = await list(`?query=${encodeURIComponent('-alpha -gamma')}`);
    expect(negated.messages.map((m) => m.subject)).toEqual(['second beta']);
  });

  it('answers a bad search query with 400 and the parser message', async () => {
    const message = await expectError(
      `/api/messages?query=${encodeURIComponent('"unclosed')}`,
      400,
      'bad_request',
    );
    expect(message).toMatch(/closing/);
    await expectError(`/api/messages?query=${encodeURIComponent('is:sleepy')}`, 400, 'bad_request');
  });

  it('rejects bad paging parameters', async () => {
    await expectError('/api/messages?limit=0', 400, 'bad_request');
    await expectError('/api/messages?limit=abc', 400, 'bad_request');
    await expectError('/api/messages?limit=1001', 400, 'bad_request');
    await expectError('/api/messages?offset=-1', 400, 'bad_request');
    await expectError('/api/messages?limit=1&limit=2', 400, 'bad_request');
  });
});

describe('GET /api/messages/:id', () => {
  it('returns the parsed view', async () => {
    const [newest] = (await list()).messages;
    const { status, body } = await api(`/api/messages/${newest?.id}`);
    expect(status).toBe(200);
    const detail = MessageDetailSchema.parse(body);
    expect(detail.subject).toBe('third gamma');
    expect(detail.text).toContain('body number 2');
    expect(detail.envelope.rcptTo).toEqual(['rcpt2@example.com']);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await expectError('/api/messages/999999', 404, 'not_found');
    await expectError('/api/messages/abc', 400, 'bad_request');
    await expectError('/api/messages/1%2F..', 400, 'bad_request');
  });

  it('answers 404 JSON for routes that do not exist', async () => {
    await expectError('/api/nothing-here', 404, 'not_found');
    await expectError('/api/messages/1/nothing', 404, 'not_found');
  });
});

describe('POST /api/messages/read', () => {
  it('marks chosen messages, then all, read and unread', async () => {
    const [newest] = (await list()).messages;
    expect(
      (await api('/api/messages/read', jsonPost({ ids: [newest?.id], read: true }))).body,
    ).toEqual({ ok: true });
    let page = await list();
    expect(page.unread).toBe(2);
    expect(page.messages[0]?.read).toBe(true);
    expect((await list(`?query=is:read`)).messages.map((m) => m.id)).toEqual([newest?.id]);

    await api('/api/messages/read', jsonPost({ read: true }));
    expect((await list()).unread).toBe(0);
    await api('/api/messages/read', jsonPost({ read: false }));
    page = await list();
    expect(page.unread).toBe(3);
  });

  it('rejects a body that breaks the contract', async () => {
    await expectError('/api/messages/read', 400, 'bad_request', jsonPost({ ids: ['1'] }));
    await expectError('/api/messages/read', 400, 'bad_request', jsonPost({ ids: [1], read: true }));
    await expectError('/api/messages/read', 400, 'bad_request', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    await expectError('/api/messages/read', 400, 'bad_request', { method: 'POST' });
  });

  it('refuses a body over the limit with 413', async () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => String(i));
    await expectError(
      '/api/messages/read',
      413,
      'payload_too_large',
      jsonPost({ ids, read: true }),
    );
  });
});

describe('DELETE', () => {
  it('deletes one message, then answers 404 for it', async () => {
    const [oldest] = (await list()).messages.slice(-1);
    const { status, body } = await api(`/api/messages/${oldest?.id}`, { method: 'DELETE' });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true });
    expect((await list()).total).toBe(2);
    await expectError(`/api/messages/${oldest?.id}`, 404, 'not_found', { method: 'DELETE' });
    await expectError(`/api/messages/${oldest?.id}`, 404, 'not_found');
  });

  it('deletes every message', async () => {
    const { status, body } = await api('/api/messages', { method: 'DELETE' });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true });
    const page = await list();
    expect(page).toEqual({ total: 0, unread: 0, messages: [] });
  });
});
