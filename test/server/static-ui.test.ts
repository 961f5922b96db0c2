import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_HTML, rawRequest, startTestBeanpost, type TestBeanpost } from './helpers.js';

describe('with a built renderer', () => {
  let bp: TestBeanpost;
  beforeAll(async () => {
    bp = await startTestBeanpost();
  });
  afterAll(async () => bp.close());

  it('serves index.html at /', async () => {
    const response = await rawRequest(`${bp.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body.toString()).toBe(INDEX_HTML);
  });

  it('serves assets', async () => {
    const response = await rawRequest(`${bp.url}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
  });

  it('falls back to the app shell for client-side routes', async () => {
    const response = await rawRequest(`${bp.url}/messages/12?view=html`);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe(INDEX_HTML);
  });

  it('answers 404 for a missing file, and JSON 404 under /api', async () => {
    expect((await rawRequest(`${bp.url}/assets/missing.js`)).status).toBe(404);
    const api = await rawRequest(`${bp.url}/api/missing`);
    expect(api.status).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('does not serve files outside the build', async () => {
    const response = await rawRequest(`${bp.url}/..%2f..%2fpackage.json`);
    expect(response.status).not.toBe(200);
  });
});

describe('without a build', () => {
  let bp: TestBeanpost;
  let emptyDir: string;
  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), 'beanpost-nobuild-'));
    bp = await startTestBeanpost({ staticDir: join(emptyDir, 'renderer') });
  });
  afterAll(async () => {
    await bp.close();
    await rm(emptyDir, { recursive: true, force: true });
  });

  it('answers / and client routes with a 503 page saying to build', async () => {
    for (const path of ['/', '/messages/1']) {
      const response = await rawRequest(`${bp.url}${path}`);
      expect(response.status).toBe(503);
      expect(response.body.toString()).toContain('npm run build');
    }
  });

  it('still serves the API', async () => {
    expect((await rawRequest(`${bp.url}/api/info`)).status).toBe(200);
  });
});
