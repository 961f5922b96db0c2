import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, row } from './helpers/chromium.js';
import { type E2eBeanpost, startE2eBeanpost } from './helpers/e2e-beanpost.js';

/** Changes made by someone else (another tab, a script, the CLI) show up without reload. */
describe('live sync with other clients', () => {
  let app: E2eBeanpost;
  let browser: Browser;
  let page: Page;

  const idOf = async (subject: string): Promise<string> => {
    const answer = await fetch(
      `${app.url}/api/messages?query=${encodeURIComponent(`subject:"${subject}"`)}`,
    );
    const list = (await answer.json()) as { messages: { id: string }[] };
    const id = list.messages[0]?.id;
    if (id === undefined) throw new Error(`no message with subject ${subject}`);
    return id;
  };
  const api = (path: string, init: RequestInit): Promise<Response> =>
    fetch(`${app.url}${path}`, {
      ...init,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    app = await startE2eBeanpost();
    for (const subject of ['Keep me', 'Delete me elsewhere', 'Read me elsewhere']) {
      await app.send({ subject, text: subject });
    }
    browser = await launchChromium();
    page = await openApp(browser, app.url);
    await row(page, 'Keep me').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('drops a message deleted elsewhere, closing it if it was open', async () => {
    await row(page, 'Delete me elsewhere').click();
    await page.locator('.viewer-subject', { hasText: 'Delete me elsewhere' }).waitFor();
    const id = await idOf('Delete me elsewhere');
    expect((await api(`/api/messages/${id}`, { method: 'DELETE' })).status).toBe(200);
    await row(page, 'Delete me elsewhere').waitFor({ state: 'detached' });
    await page.getByText('Select a message to read it').waitFor();
  });

  it('follows read state changed elsewhere', async () => {
    await expect.poll(() => page.title()).toBe('Inbox (2) — Beanpost');
    const id = await idOf('Read me elsewhere');
    await api('/api/messages/read', {
      method: 'POST',
      body: JSON.stringify({ ids: [id], read: true }),
    });
    await expect.poll(() => row(page, 'Read me elsewhere').locator('.unread').count()).toBe(0);
    await expect.poll(() => page.title()).toBe('Inbox (1) — Beanpost');
    await api('/api/messages/read', { method: 'POST', body: JSON.stringify({ read: false }) });
    await expect.poll(() => page.locator('.row-inner.unread').count()).toBe(2);
  });

  it('keeps a search current as mail arrives', async () => {
    await page.locator('.search-input').fill('subject:invoice');
    await page.getByText('No messages match this search.').waitFor();
    await app.send({ subject: 'Unrelated newsletter', text: 'x' });
    await app.send({ subject: 'Invoice 77 is ready', text: 'x' });
    await row(page, 'Invoice 77 is ready').waitFor();
    expect(await row(page, 'Unrelated newsletter').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await row(page, 'Unrelated newsletter').waitFor();
  });

  it('empties when another client deletes everything, even mid-search', async () => {
    await page.locator('.search-input').fill('subject:fresh');
    await page.getByText('No messages match this search.').waitFor();
    await api('/api/messages', { method: 'DELETE' });
    await page.getByRole('heading', { name: 'No mail yet' }).waitFor();
    // The search is still in force when mail comes back, and the box says so.
    await app.send({ subject: 'Unrelated again', text: 'x' });
    await page.getByText('No messages match this search.').waitFor();
    expect(await page.locator('.search-input').inputValue()).toBe('subject:fresh');
    await app.send({ subject: 'Fresh start', text: 'x' });
    await row(page, 'Fresh start').waitFor();
  });
});
