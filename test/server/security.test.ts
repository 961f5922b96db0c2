import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, MessageListSchema } from '../../src/shared/index.js';
import {
  EventRecorder,
  rawRequest,
  refusedUpgradeStatus,
  startTestBeanpost,
  type TestBeanpost,
} from './helpers.js';

const errorCode = (body: unknown): string => ApiErrorSchema.parse(body).error.code;

describe('on a loopback bind', () => {
  let bp: TestBeanpost;
  let ownOrigin: string;

  beforeAll(async () => {
    bp = await startTestBeanpost({ extraOrigins: ['http://localhost:5173'] });
    ownOrigin = bp.url;
  });
  afterAll(async () => bp.close());

  async function messageIds(): Promise<string[]> {
    const list = MessageListSchema.parse(await (await fetch(`${bp.url}/api/messages`)).json());
    return list.messages.map((m) => m.id);
  }

  it('refuses a Host that is not a loopback name (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${bp.httpPort}`,
      '10.0.0.1',
      'localhost.evil.example',
    ]) {
      const response = await rawRequest(`${bp.url}/api/messages`, { headers: { host } });
      expect(response.status, host).toBe(403);
      expect(errorCode(response.json())).toBe('forbidden_host');
    }
    const ui = await rawRequest(`${bp.url}/`, { headers: { host: 'evil.example' } });
    expect(ui.status).toBe(403);
  });

  it('serves loopback names in every spelling', async () => {
    for (const host of [
      `127.0.0.1:${bp.httpPort}`,
      `localhost:${bp.httpPort}`,
      `127.1.2.3:${bp.httpPort}`,
      `[::1]:${bp.httpPort}`,
      'app.localhost',
    ]) {
      const response = await rawRequest(`${bp.url}/api/info`, { headers: { host } });
      expect(response.status, host).toBe(200);
    }
  });

  it('refuses a cross-origin DELETE and lets a same-origin one through', async () => {
    await bp.send({ subject: 'keep me', text: 'x' });
    const [id] = await messageIds();
    const crossSite = await rawRequest(`${bp.url}/api/messages/${id}`, {
      method: 'DELETE',
      headers: { origin: 'http://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(errorCode(crossSite.json())).toBe('forbidden_origin');
    // A sandboxed mail preview has the opaque origin "null": it must not mutate either.
    const sandboxed = await rawRequest(`${bp.url}/api/messages`, {
      method: 'DELETE',
      headers: { origin: 'null' },
    });
    expect(sandboxed.status).toBe(403);
    expect(await messageIds()).toEqual([id]);

    const sameOrigin = await rawRequest(`${bp.url}/api/messages/${id}`, {
      method: 'DELETE',
      headers: { origin: ownOrigin },
    });
    expect(sameOrigin.status).toBe(200);
    expect(await messageIds()).toEqual([]);
  });

  it('refuses a cross-origin POST, allows a configured extra origin', async () => {
    const body = JSON.stringify({ read: true });
    const headers = { 'content-type': 'application/json' };
    const crossSite = await rawRequest(`${bp.url}/api/messages/read`, {
      method: 'POST',
      headers: { ...headers, origin: `http://127.0.0.1:${bp.httpPort + 1}` },
      body,
    });
    expect(crossSite.status).toBe(403);
    const devServer = await rawRequest(`${bp.url}/api/messages/read`, {
      method: 'POST',
      headers: { ...headers, origin: 'http://localhost:5173' },
      body,
    });
    expect(devServer.status).toBe(200);
  });

  it('sends no CORS grant, so other sites cannot read answers', async () => {
    const response = await rawRequest(`${bp.url}/api/messages`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await rawRequest(`${bp.url}/api/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'DELETE' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('grants CORS to a configured extra origin (the dev server), preflight included', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await rawRequest(`${bp.url}/api/messages/read`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('content-type');
    const read = await rawRequest(`${bp.url}/api/messages`, { headers: { origin } });
    expect(read.headers['access-control-allow-origin']).toBe(origin);
  });

  it('refuses a cross-origin WebSocket upgrade and accepts a same-origin one', async () => {
    expect(await refusedUpgradeStatus(bp.url, { origin: 'http://evil.example' })).toBe(403);
    expect(await refusedUpgradeStatus(bp.url, { host: 'evil.example' })).toBe(403);
    const recorder = await EventRecorder.open(bp.url, { origin: ownOrigin });
    recorder.close();
  });

  it('sends security headers with the UI', async () => {
    const response = await rawRequest(`${bp.url}/`);
    expect(response.status).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('needs no token on loopback', () => {
    expect(bp.token).toBeNull();
  });
});

describe('on a non-loopback bind', () => {
  let bp: TestBeanpost;

  beforeAll(async () => {
    bp = await startTestBeanpost({ host: '0.0.0.0' });
  });
  afterAll(async () => bp.close());

  const local = (path: string): string => `http://127.0.0.1:${bp.httpPort}${path}`;

  it('generates a token and refuses requests without it', async () => {
    expect(bp.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    for (const path of ['/api/info', '/api/messages', '/']) {
      const response = await rawRequest(local(path));
      expect(response.status, path).toBe(401);
      expect(errorCode(response.json())).toBe('unauthorized');
    }
    const wrong = await rawRequest(local('/api/info'), {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    expect(await refusedUpgradeStatus(`http://127.0.0.1:${bp.httpPort}`, {})).toBe(401);
  });

  it('accepts the token as a Bearer header', async () => {
    const response = await rawRequest(local('/api/info'), {
      headers: { authorization: `Bearer ${bp.token}` },
    });
    expect(response.status).toBe(200);
  });

  it('trades /?token= for a cookie that then works for the API and the event socket', async () => {
    const bad = await rawRequest(local('/?token=wrong'));
    expect(bad.status).toBe(401);

    const visit = await rawRequest(local(`/?token=${bp.token}`));
    expect(visit.status).toBe(303);
    expect(visit.headers.location).toBe('/');
    const setCookie = visit.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';

    const api = await rawRequest(local('/api/messages'), { headers: { cookie } });
    expect(api.status).toBe(200);
    const ui = await rawRequest(local('/'), { headers: { cookie } });
    expect(ui.status).toBe(200);
    const recorder = await EventRecorder.open(`http://127.0.0.1:${bp.httpPort}`, { cookie });
    recorder.close();
  });
});
