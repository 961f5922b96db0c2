import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, row, screenshot } from './helpers/chromium.js';
import { type E2eBeanpost, REPO_ROOT, startE2eBeanpost } from './helpers/e2e-beanpost.js';
import { backgroundColor, naturalWidth, pageBackground, renderedWidth } from './helpers/in-page.js';

const LOGO = join(REPO_ROOT, 'resources', 'icon.png');

const REPORT_HTML = `<!doctype html><html><head><style>
  .card { max-width: 560px; margin: 0 auto; padding: 24px; border: 1px solid #e3e3e3; border-radius: 8px; }
  h1 { color: #1b4a40; font-size: 22px; }
  @media (max-width: 480px) { .card { padding: 12px; } h1 { font-size: 18px; } }
  @media (prefers-color-scheme: dark) { body { background: #111111; } }
</style></head><body>
<div class="card">
  <img id="logo" src="cid:logo@beanpost.test" width="64" height="64" alt="logo">
  <h1 id="headline">Quarterly report is ready</h1>
  <p>Hi Ada, your <strong>Q3 report</strong> has been generated. It covers 1,204 orders.</p>
  <p><a id="report-link" href="https://example.test/reports/q3">Open the report</a></p>
</div>
</body></html>`;

describe('mail viewer', () => {
  let app: E2eBeanpost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startE2eBeanpost();
    browser = await launchChromium();
    page = await openApp(browser, app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a message sent over SMTP at once, without reload', async () => {
    await page.getByRole('heading', { name: 'No mail yet' }).waitFor();
    await app.send({
      from: '"Ada Reports" <reports@acme.test>',
      to: '"Ada Lovelace" <ada@example.test>',
      cc: 'Grace Hopper <grace@example.test>',
      bcc: 'auditor@hidden.test',
      subject: 'Quarterly report is ready',
      text: 'Hi Ada,\n\nyour Q3 report has been generated: https://example.test/reports/q3\n',
      html: REPORT_HTML,
      attachments: [
        { filename: 'logo.png', content: await readFile(LOGO), cid: 'logo@beanpost.test' },
        { filename: 'report.csv', content: 'order,total\n1,9.99\n', contentType: 'text/csv' },
      ],
    });
    await row(page, 'Quarterly report is ready').waitFor();
    expect(await row(page, 'Quarterly report is ready').locator('.unread').count()).toBe(1);
    await expect.poll(() => page.title()).toBe('Inbox (1) — Beanpost');
    expect(await page.getByTestId('unread-count').textContent()).toBe('1');
    await screenshot(page, 'list');
  });

  it('opens it and renders its HTML inside the sandboxed iframe, cid images included', async () => {
    await row(page, 'Quarterly report is ready').click();
    await page.locator('.viewer-subject', { hasText: 'Quarterly report is ready' }).waitFor();
    const frameElement = page.locator('iframe.html-frame');
    expect(await frameElement.getAttribute('sandbox')).toBe(
      'allow-popups allow-popups-to-escape-sandbox',
    );
    const frame = page.frameLocator('iframe.html-frame');
    expect(await frame.locator('#headline').textContent()).toBe('Quarterly report is ready');
    // The cid: reference now points at the part URL and the image really loaded.
    const logo = frame.locator('#logo');
    expect(await logo.getAttribute('src')).toMatch(/\/api\/messages\/\d+\/parts\//);
    await expect.poll(() => naturalWidth(logo)).toBe(512);
    expect(await frame.locator('#report-link').getAttribute('target')).toBe('_blank');
    // Opening marks it read everywhere.
    await expect.poll(() => page.title()).toBe('Beanpost');
    await screenshot(page, 'viewer-html-desktop');
  });

  it('switches the preview to a mobile width', async () => {
    await page.getByRole('button', { name: 'Mobile' }).click();
    await expect.poll(() => renderedWidth(page.locator('iframe.html-frame'))).toBe(375);
    await screenshot(page, 'viewer-html-mobile');
    await page.getByRole('button', { name: 'Desktop' }).click();
  });

  it('shows the text part, the exact source and the headers', async () => {
    await page.getByRole('tab', { name: 'Text' }).click();
    expect(await page.locator('.text-body').textContent()).toContain(
      'your Q3 report has been generated',
    );
    expect(await page.locator('.text-body a').getAttribute('href')).toBe(
      'https://example.test/reports/q3',
    );

    await page.getByRole('tab', { name: 'Source' }).click();
    const source = page.getByTestId('source');
    await source.waitFor();
    const sourceText = (await source.textContent()) ?? '';
    expect(sourceText).toContain('Subject: Quarterly report is ready');
    expect(sourceText).toContain('Content-Type: multipart/');
    // Shown as text, never rendered: the markup is in the text, no element came of it.
    expect(await source.locator('*').count()).toBe(0);

    await page.getByRole('tab', { name: 'Headers' }).click();
    const subjectRow = page.locator('.headers-table tr', { hasText: 'Subject' });
    expect(await subjectRow.locator('td').textContent()).toBe('Quarterly report is ready');
    await screenshot(page, 'viewer-headers');
    await page.getByRole('button', { name: 'Raw' }).click();
    expect(await page.getByTestId('raw-headers').textContent()).toMatch(/^[\s\S]*Message-ID: </m);
  });

  it('lists attachments and downloads them byte for byte', async () => {
    await page.getByRole('tab', { name: /Attachments/ }).click();
    const cards = page.locator('.attachment-card');
    await expect.poll(() => cards.count()).toBe(2);
    const csv = cards.filter({ hasText: 'report.csv' });
    expect(await csv.locator('.attachment-detail').textContent()).toContain('text/csv');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      csv.getByRole('link', { name: 'Download report.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('report.csv');
    expect(await readFile(await download.path(), 'utf8')).toBe('order,total\n1,9.99\n');
    const thumb = cards.filter({ hasText: 'logo.png' }).locator('img');
    await expect.poll(() => naturalWidth(thumb)).toBe(512);
  });

  it('shows the envelope, with the Bcc recipient that no header names', async () => {
    await page.getByRole('tab', { name: 'Envelope' }).click();
    const rcpts = page.locator('.rcpt-list li');
    await expect.poll(() => rcpts.count()).toBe(3);
    const bcc = page.locator('.rcpt-list li[data-bcc]');
    expect(await bcc.count()).toBe(1);
    expect(await bcc.textContent()).toContain('auditor@hidden.test');
    expect(await page.locator('.kv-table tr', { hasText: 'MAIL FROM' }).textContent()).toContain(
      'reports@acme.test',
    );
    expect(await page.getByTestId('transcript').textContent()).toContain(
      'RCPT TO:<auditor@hidden.test>',
    );
    await screenshot(page, 'viewer-envelope');
  });

  it('downloads the .eml and toggles read state from the toolbar', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .eml' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.eml$/);
    expect(await readFile(await download.path(), 'utf8')).toContain(
      'Subject: Quarterly report is ready',
    );
    await page.getByRole('button', { name: 'Mark as unread' }).click();
    await expect.poll(() => page.title()).toBe('Inbox (1) — Beanpost');
    await row(page, 'Quarterly report is ready').locator('.unread').waitFor();
    await page.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => page.title()).toBe('Beanpost');
  });

  it('renders Japanese mail and looks right in dark mode', async () => {
    await app.send({
      from: '"佐藤 花子" <hanako@example.jp>',
      to: '"山田 太郎" <taro@example.jp>',
      subject: '会議の議事録（第3四半期）',
      text: 'お疲れ様です。\n本日の会議の議事録をお送りします。',
      html: '<p>お疲れ様です。</p><p>本日の<b>会議の議事録</b>をお送りします。ご確認のほど、よろしくお願いいたします。</p><p>佐藤</p>',
    });
    await row(page, '会議の議事録').click();
    await page.locator('.viewer-subject', { hasText: '会議の議事録（第3四半期）' }).waitFor();
    // The tab choice sticks across messages: back to the HTML view.
    await page.getByRole('tab', { name: 'HTML' }).click();
    expect(await page.frameLocator('iframe.html-frame').locator('b').textContent()).toBe(
      '会議の議事録',
    );
    expect(await page.locator('.viewer-from-name').textContent()).toBe('佐藤 花子');
    await screenshot(page, 'viewer-cjk');

    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await pageBackground(page);
    expect(background).toBe('rgb(23, 24, 28)');
    // The mail keeps its own white canvas in dark mode.
    expect(await backgroundColor(page.locator('iframe.html-frame'))).toBe('rgb(255, 255, 255)');
    await row(page, 'Quarterly report is ready').click();
    const frame = page.frameLocator('iframe.html-frame');
    await frame.locator('#headline').waitFor();
    // A dark desktop does not switch the mail to its dark styles…
    expect(await backgroundColor(frame.locator('body'))).toBe('rgba(0, 0, 0, 0)');
    await screenshot(page, 'dark-mode');
    // …unless the user asks to preview them.
    await page.getByRole('button', { name: 'Dark', exact: true }).click();
    await expect.poll(() => backgroundColor(frame.locator('body'))).toBe('rgb(17, 17, 17)');
    await page.getByRole('button', { name: 'Light', exact: true }).click();
    await expect.poll(() => backgroundColor(frame.locator('body'))).toBe('rgba(0, 0, 0, 0)');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
