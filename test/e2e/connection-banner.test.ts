import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/index.js';
import { launchChromium, openApp, row, screenshot } from './helpers/chromium.js';
import { type E2eBeanpost, startE2eBeanpost } from './helpers/e2e-beanpost.js';

describe('connection banner', () => {
  let app: E2eBeanpost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startE2eBeanpost();
    await app.send({ subject: 'Before the outage', text: 'hello' });
    browser = await launchChromium();
    page = await openApp(browser, app.url);
    await row(page, 'Before the outage').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('says so when the engine goes away, and recovers when it is back', async () => {
    expect(await page.locator('[data-connection]').count()).toBe(0);
    await app.stop();
    const down = page.locator('[data-connection="down"]');
    await down.waitFor();
    expect(await down.textContent()).toBe('Disconnected from Beanpost engine — retrying…');
    expect(await page.locator('.connection').textContent()).toContain('Offline');
    await screenshot(page, 'connection-lost');

    // Mail that arrives while this page is cut off (here through the bare engine on the same
    // data dir) must show up once it reconnects: events sent meanwhile were lost.
    const engine = await Engine.start({ dataDir: app.dataDir, smtpPort: 0, beanstalkdPort: 0 });
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: engine.smtpAddress.port,
      secure: false,
    });
    await transport.sendMail({
      from: 'sender@example.test',
      to: 'rcpt@example.test',
      subject: 'During the outage',
      text: 'missed event',
    });
    transport.close();
    await engine.stop();

    await app.restart();
    await page.locator('[data-connection="recovered"]').waitFor();
    expect(await page.locator('[data-connection="recovered"]').textContent()).toBe('Reconnected');
    await down.waitFor({ state: 'detached' });
    // The "Reconnected" note goes away by itself.
    await page.locator('[data-connection]').waitFor({ state: 'detached' });

    await row(page, 'During the outage').waitFor();
    // Live again: new mail shows up without reload, next to what was there.
    await app.send({ subject: 'After the outage', text: 'hello again' });
    await row(page, 'After the outage').waitFor();
    expect(await row(page, 'Before the outage').count()).toBe(1);
  });
});
