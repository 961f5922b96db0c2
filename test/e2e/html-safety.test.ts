import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, row } from './helpers/chromium.js';
import { type E2eBeanpost, startE2eBeanpost } from './helpers/e2e-beanpost.js';
import { type RequestRecorder, startRequestRecorder } from './helpers/request-recorder.js';

/**
 * Mail written to run code and to phone home in every way we know. Each remote reference goes
 * to the recorder under a path naming the trick, and each script tries to leave evidence in
 * the UI page (postMessage, window.top.name, dialogs, requests).
 */
function hostileHtml(origin: string): string {
  const leak = (tag: string) =>
    `fetch('${origin}/${tag}');parent.postMessage('pwned-${tag}','*');top.name='pwned-${tag}';alert('${tag}')`;
  return `<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=${origin}/meta-refresh">
<base href="${origin}/base/">
<link rel="stylesheet" href="${origin}/link.css">
<style>
  @import url("${origin}/import.css");
  body { background: url(${origin}/body-bg.png); }
  @font-face { font-family: Leak; src: url(${origin}/font.woff); }
  .f { font-family: Leak; }
</style>
<script>${leak('script')}</script>
</head>
<body onload="${leak('body-onload')}">
<p class="f" id="greeting">Hello <b>safe</b> text</p>
<img id="remote-img" src="${origin}/remote.png" alt="remote">
<img src="x" onerror="${leak('onerror')}">
<a id="js-link" href="javascript:${leak('js-link')}">click me</a>
<a id="ok-link" href="https://example.test/">a normal link</a>
<iframe src="${origin}/iframe"></iframe>
<object data="${origin}/object"></object>
<embed src="${origin}/embed">
<form action="${origin}/form" method="post"><input name="q" value="x"><button id="form-button">Send</button></form>
<svg><script>${leak('svg-script')}</script></svg>
<svg onload="${leak('svg-onload')}"><image href="${origin}/svg-image.png"></image></svg>
<div style="background-image:url('${origin}/inline-bg.png')">background</div>
<video poster="${origin}/poster.png" src="${origin}/video.mp4"></video>
<img srcset="${origin}/srcset.png 2x">
<details open ontoggle="${leak('ontoggle')}"><summary>more</summary></details>
</body></html>`;
}

/** What "Load remote content" may fetch: images, styles and fonts; never anything scripted. */
const REMOTE_LOADS = new Set([
  '/remote.png',
  '/import.css',
  '/body-bg.png',
  '/font.woff',
  '/inline-bg.png',
  '/poster.png',
  '/srcset.png',
  '/svg-image.png',
]);

describe('HTML preview safety', () => {
  let app: E2eBeanpost;
  let browser: Browser;
  let page: Page;
  let recorder: RequestRecorder;
  const dialogs: string[] = [];
  const popups: string[] = [];

  beforeAll(async () => {
    recorder = await startRequestRecorder();
    app = await startE2eBeanpost();
    browser = await launchChromium();
    page = await openApp(browser, app.url);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('popup', (popup) => popups.push(popup.url()));
    // Anything the mail manages to post to its parent lands here.
    await page.evaluate(
      "window.__evidence = []; window.addEventListener('message', (e) => window.__evidence.push(String(e.data)))",
    );
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await recorder?.close();
  });

  const evidence = async (): Promise<string[]> => [
    ...((await page.evaluate('window.__evidence')) as string[]),
    ...dialogs,
    ...popups,
    ...(((await page.evaluate('window.name')) as string) ? ['window.name was set'] : []),
  ];

  it('runs nothing and loads nothing remote', async () => {
    const origin = recorder.origin;
    await app.send({
      from: `"<img src=${origin}/from-name.png onerror=alert(1)>" <attacker@evil.test>`,
      subject: `Hostile <img src="${origin}/subject.png" onerror="alert('subject')"> mail`,
      text: `Plain part with <script>alert('text')</script> and <img src="${origin}/text.png">`,
      html: hostileHtml(origin),
    });
    await row(page, 'Hostile').click();
    const frame = page.frameLocator('iframe.html-frame');
    expect(await frame.locator('#greeting').textContent()).toBe('Hello safe text');
    // The subject is shown as text, markup and all.
    expect(await page.locator('.viewer-subject').textContent()).toContain('<img src=');

    // What the sanitiser left: no scripts, handlers, frames, forms, javascript: URLs, meta, base.
    const body = frame.locator('body');
    expect(await body.locator('script, iframe, object, embed, form, input, button').count()).toBe(
      0,
    );
    expect(await frame.locator('meta[http-equiv="refresh"], base, link').count()).toBe(0);
    expect(await frame.locator('[onerror], [onload], [ontoggle]').count()).toBe(0);
    expect(await frame.locator('#js-link').getAttribute('href')).toBeNull();
    expect(await frame.locator('#ok-link').getAttribute('rel')).toBe('noopener noreferrer');

    const csp = frame.locator('meta[http-equiv="Content-Security-Policy"]');
    expect(await csp.getAttribute('content')).toMatch(
      /^default-src 'none'; img-src data: http:\/\/127\.0\.0\.1:\d+; style-src 'unsafe-inline'; font-src data:;/,
    );

    const blocked = page.getByTestId('remote-blocked');
    expect(await blocked.textContent()).toMatch(/Remote content blocked \(\d+ references\)/);

    // Poke it: click the dead links and whatever is left of the form.
    await frame.locator('#js-link').click();
    await frame.locator('summary').click();
    // Give any load or timer a moment to fire before asserting nothing did.
    await page.waitForTimeout(1000);
    expect(recorder.paths).toEqual([]);
    expect(await evidence()).toEqual([]);

    // The other views show the same content as text.
    await page.getByRole('tab', { name: 'Text' }).click();
    expect(await page.locator('.text-body').textContent()).toContain(
      "<script>alert('text')</script>",
    );
    expect(await page.locator('.text-body script, .text-body img').count()).toBe(0);
    await page.getByRole('tab', { name: 'Source' }).click();
    await page.getByTestId('source').waitFor();
    expect(await page.getByTestId('source').locator('*').count()).toBe(0);
    await page.getByRole('tab', { name: 'HTML' }).click();
    await page.waitForTimeout(500);
    expect(recorder.paths).toEqual([]);
    expect(await evidence()).toEqual([]);
  });

  it('loads remote images and styles once asked, and still runs nothing', async () => {
    await page.getByRole('button', { name: 'Load remote content' }).click();
    await expect.poll(() => recorder.paths).toContain('/remote.png');
    const frame = page.frameLocator('iframe.html-frame');
    await frame.locator('#greeting').waitFor();
    expect(
      await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
    ).toContain('http: https:');
    await page.waitForTimeout(1000);
    for (const path of recorder.paths) expect(REMOTE_LOADS).toContain(path);
    expect(await evidence()).toEqual([]);
    expect(await page.locator('.remote-bar').textContent()).toContain('Remote content loaded');
  });

  it('does not carry the permission over to the next message', async () => {
    const before = recorder.paths.length;
    await app.send({
      subject: 'Second tracker',
      html: `<p id="second">Hi</p><img src="${recorder.origin}/second.png">`,
    });
    await row(page, 'Second tracker').click();
    await page.frameLocator('iframe.html-frame').locator('#second').waitFor();
    await page.waitForTimeout(500);
    expect(recorder.paths.slice(before)).toEqual([]);
    expect(await page.getByTestId('remote-blocked').textContent()).toContain('1 reference');
  });
});
