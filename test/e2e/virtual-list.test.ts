import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp } from './helpers/chromium.js';
import { type E2eBeanpost, startE2eBeanpost } from './helpers/e2e-beanpost.js';
import { scrollTo } from './helpers/in-page.js';

const COUNT = 20_000;
/** Messages handed to the pooled client at once; the pool queues them over its connections. */
const WAVE = 500;
/** The viewport shows about ten rows; with overscan the DOM must stay in this order of size. */
const MAX_ROWS_IN_DOM = 60;

const subjectOf = (index: number): string => `Bulk ${String(index).padStart(5, '0')}`;

describe('virtualised list with 20,000 messages', () => {
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

  const listCount = async (): Promise<number> =>
    Number(((await page.getByTestId('list-count').textContent()) ?? '').replace(/\D/g, ''));
  const rowsInDom = (): Promise<number> => page.locator('[role="option"]').count();
  /** "position:subject" for every row in the DOM ("position:" while a row is still loading). */
  const rowSubjects = (): Promise<string[]> =>
    page.evaluate(
      `[...document.querySelectorAll('[role="option"]')].map((r) => r.getAttribute('aria-posinset') + ':' + (r.querySelector('.row-subject')?.textContent ?? ''))`,
    ) as Promise<string[]>;
  const subjectAt = async (offset: number): Promise<string> => {
    const answer = await fetch(`${app.url}/api/messages?offset=${offset}&limit=1`);
    const list = (await answer.json()) as { messages: { subject: string }[] };
    return list.messages[0]?.subject ?? '';
  };

  it('takes a burst of 20,000 live arrivals with the page open', { timeout: 300_000 }, async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: app.smtpPort,
      secure: false,
      pool: true,
      maxConnections: 5,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    try {
      for (let start = 0; start < COUNT; start += WAVE) {
        const wave: Promise<unknown>[] = [];
        for (let i = start; i < Math.min(COUNT, start + WAVE); i += 1) {
          wave.push(
            transport.sendMail({
              from: `"Sender ${i % 97}" <sender${i % 97}@bulk.test>`,
              to: 'ada@example.test',
              subject: subjectOf(i),
              text: `Message number ${i}`,
            }),
          );
        }
        await Promise.all(wave);
      }
    } finally {
      transport.close();
    }
    await expect.poll(listCount, { timeout: 120_000, interval: 500 }).toBe(COUNT);
    await expect.poll(() => page.getByTestId('total-count').textContent()).toBe('20,000 messages');
    // Newest on top, and only a window of rows in the DOM.
    await expect.poll(() => rowSubjects()).toContain(`1:${await subjectAt(0)}`);
    expect(await rowsInDom()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
  });

  it('loads the oldest rows on demand when scrolled to the bottom', async () => {
    // Pooled connections deliver slightly out of order: ask the engine which one is oldest.
    const oldest = await subjectAt(COUNT - 1);
    await scrollTo(page.locator('.message-list'), 1);
    await expect.poll(() => rowSubjects(), { timeout: 30_000 }).toContain(`${COUNT}:${oldest}`);
    expect(await rowsInDom()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);

    // The middle too: jump there and the rows arrive.
    const middle = await subjectAt(COUNT / 2);
    await scrollTo(page.locator('.message-list'), 0.5);
    await expect
      .poll(() => rowSubjects(), { timeout: 30_000 })
      .toContain(`${COUNT / 2 + 1}:${middle}`);
    expect(await rowsInDom()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
  });

  it('jumps through the big list with the keyboard, loading rows on the way', async () => {
    const selected = page.locator('[role="option"][aria-selected="true"] .row-subject');
    await page.locator('.message-list').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => selected.textContent()).toBe(await subjectAt(0));
    // Far below anything loaded: the row opens once its page arrives.
    await page.keyboard.press('End');
    await expect.poll(() => selected.textContent()).toBe(await subjectAt(COUNT - 1));
    await page.keyboard.press('k');
    await expect.poll(() => selected.textContent()).toBe(await subjectAt(COUNT - 2));
    await page.locator('.viewer-subject', { hasText: await subjectAt(COUNT - 2) }).waitFor();
  });
});
