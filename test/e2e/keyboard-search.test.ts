import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, row, screenshot } from './helpers/chromium.js';
import { type E2eBeanpost, startE2eBeanpost } from './helpers/e2e-beanpost.js';
import { focusedElement } from './helpers/in-page.js';

const SUBJECTS = ['Alpha launch', 'Bravo invoice', 'Charlie digest', 'Delta alert', 'Echo welcome'];

describe('keyboard, search and delete', () => {
  let app: E2eBeanpost;
  let browser: Browser;
  let page: Page;

  const selectedSubject = async (): Promise<string> =>
    (await page.locator('[role="option"][aria-selected="true"] .row-subject').textContent()) ?? '';
  const listCount = async (): Promise<number> =>
    Number(((await page.getByTestId('list-count').textContent()) ?? '').replace(/\D/g, ''));

  beforeAll(async () => {
    app = await startE2eBeanpost();
    for (const [index, subject] of SUBJECTS.entries()) {
      await app.send({
        from: `"Sender ${index}" <sender${index}@example.test>`,
        subject,
        text: `Body of ${subject}`,
        ...(subject === 'Bravo invoice' && {
          attachments: [{ filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4') }],
        }),
      });
    }
    browser = await launchChromium();
    page = await openApp(browser, app.url);
    await row(page, SUBJECTS[0] ?? '').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('moves with j/k, opens with Enter and deletes with Delete', async () => {
    await expect.poll(listCount).toBe(5);
    await page.keyboard.press('j');
    await expect.poll(selectedSubject).toBe('Echo welcome');
    await page.locator('.viewer-subject', { hasText: 'Echo welcome' }).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(selectedSubject).toBe('Charlie digest');
    await page.keyboard.press('k');
    await expect.poll(selectedSubject).toBe('Delta alert');
    await page.locator('.viewer-subject', { hasText: 'Delta alert' }).waitFor();

    await page.keyboard.press('Enter');
    await expect.poll(() => focusedElement(page)).toBe('viewer-panel');

    await page.keyboard.press('Delete');
    await expect.poll(listCount).toBe(4);
    expect(await row(page, 'Delta alert').count()).toBe(0);
    // The next message takes the deleted one's place.
    await expect.poll(selectedSubject).toBe('Charlie digest');
    const api = (await (await fetch(`${app.url}/api/messages`)).json()) as { total: number };
    expect(api.total).toBe(4);

    await page.keyboard.press('u');
    await row(page, 'Charlie digest').locator('.unread').waitFor();
    await page.keyboard.press('u');
    await expect.poll(() => row(page, 'Charlie digest').locator('.unread').count()).toBe(0);
  });

  it('focuses search with /, narrows the list, and leaves with Escape', async () => {
    await page.keyboard.press('/');
    await expect.poll(() => focusedElement(page)).toBe('search-input');
    await page.keyboard.type('subject:bravo');
    await expect.poll(listCount).toBe(1);
    await row(page, 'Bravo invoice').waitFor();
    // While typing, j and k are text, not commands.
    expect(await page.locator('.search-input').inputValue()).toBe('subject:bravo');

    await page.keyboard.press('Escape');
    await expect.poll(() => focusedElement(page)).not.toBe('search-input');

    await page.locator('.search-input').fill('has:attachment');
    await expect.poll(listCount).toBe(1);
    await page.locator('.search-input').fill('-subject:bravo');
    await expect.poll(listCount).toBe(3);
  });

  it("shows the engine's message for a bad query, inline", async () => {
    const bad = 'subject:"unclosed';
    const answer = await fetch(`${app.url}/api/messages?query=${encodeURIComponent(bad)}`);
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { message: string } };
    await page.locator('.search-input').fill(bad);
    const alert = page.locator('#search-error');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(error.message);
    expect(await page.locator('.search-input').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'search-error');
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(listCount).toBe(4);
    expect(await alert.count()).toBe(0);
  });

  it('shows the search syntax help', async () => {
    await page.getByRole('button', { name: 'Search syntax' }).click();
    const help = page.getByRole('dialog', { name: 'Search syntax' });
    await help.waitFor();
    await help.getByRole('button', { name: 'has:attachment' }).click();
    expect(await page.locator('.search-input').inputValue()).toBe('has:attachment');
    await expect.poll(listCount).toBe(1);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(listCount).toBe(4);
  });

  it('lists the shortcuts on ?, and Escape closes the list', async () => {
    await page.locator('.message-list').focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Next message');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
  });

  it('marks all read, then deletes all and shows the empty state with snippets', async () => {
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => page.locator('.row-inner.unread').count()).toBe(0);
    await expect.poll(() => page.title()).toBe('Beanpost');

    await page.getByRole('button', { name: 'Delete all' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete all messages?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete all' }).click();
    await page.getByRole('heading', { name: 'No mail yet' }).waitFor();

    const code = page.locator('.snippet-code');
    expect(await code.textContent()).toContain(`MAIL_PORT=${app.smtpPort}`);
    // The embedded beanstalkd: its address in the sidebar, the empty state and Laravel's .env.
    const queue = `127.0.0.1:${app.running.engine.beanstalkdAddress?.port}`;
    expect(await page.getByTestId('beanstalkd-address').textContent()).toBe(queue);
    expect(await page.getByTestId('empty-queue-address').textContent()).toBe(queue);
    expect(await code.textContent()).toContain('QUEUE_CONNECTION=beanstalkd');
    expect(await code.textContent()).toContain('BEANSTALKD_QUEUE_HOST=127.0.0.1');
    await page.getByRole('tab', { name: 'Symfony' }).click();
    expect(await code.textContent()).toBe(`MAILER_DSN=smtp://127.0.0.1:${app.smtpPort}`);
    await page.getByRole('tab', { name: 'Laravel' }).click();
    await screenshot(page, 'empty-state');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'empty-state-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
