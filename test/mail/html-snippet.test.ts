import type Mail from 'nodemailer/lib/mailer/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { textOfHtml } from '../../src/core/mail/html-text.js';
import { removeDir, startTestEngine, transportTo } from './helpers/test-engine.js';

const NEWSLETTER = `<!doctype html><html><head><title>Invoice</title>
<style>.x { color: red }</style></head>
<body><!-- tracking: abc --><div>Your invoice&nbsp;#42</div><p>Total: &euro;9.50 &amp; no tax</p>
<script>var hidden = 1;</script><img src="cid:logo"><a href="https://pay.example/42">Pay now</a></body></html>`;

describe('list snippet of HTML mail without a text part', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Delivers one message over SMTP; the engine and the message's list row. */
  async function deliver(mail: Mail.Options) {
    const { engine, dataDir } = await startTestEngine();
    cleanups.push(() => removeDir(dataDir));
    cleanups.push(() => engine.stop());
    const transport = transportTo(engine);
    await transport.sendMail({ from: 'billing@shop.test', to: 'me@example.test', ...mail });
    transport.close();
    const [row] = engine.store.list({ limit: 10, offset: 0, query: '' }).messages;
    return { engine, row };
  }

  it.each([
    ['beside an attachment (multipart/mixed)', { filename: 'invoice.pdf', content: '%PDF-1.4' }],
    [
      'with an inline image (multipart/related)',
      { filename: 'logo.png', content: 'png', cid: 'logo' },
    ],
  ])('shows the HTML text %s, and finds it by body words', async (_, attachment) => {
    const { engine, row } = await deliver({
      subject: 'Invoice',
      html: NEWSLETTER,
      attachments: [attachment],
    });
    expect(row?.snippet).toBe('Your invoice #42 Total: €9.50 & no tax Pay now');
    const found = engine.store.list({ limit: 10, offset: 0, query: 'invoice total' });
    expect(found.total).toBe(1);
    expect(engine.store.list({ limit: 10, offset: 0, query: 'tracking' }).total).toBe(0);
    // The viewer still gets the HTML as sent and no made-up text part.
    const detail = row ? engine.store.get(row.id) : undefined;
    expect(detail?.text).toBeNull();
    expect(detail?.html).toContain('Pay now');
  });

  it('keeps the text part when there is one', async () => {
    const { row } = await deliver({
      subject: 'both',
      text: 'Plain words first',
      html: '<p>HTML words</p>',
      attachments: [{ filename: 'a.txt', content: 'x' }],
    });
    expect(row?.snippet).toBe('Plain words first');
  });
});

describe('textOfHtml', () => {
  it('drops head, styles, scripts and comments; blocks stay apart, inline tags do not split words', () => {
    expect(textOfHtml(NEWSLETTER)).toBe('Your invoice #42 Total: €9.50 & no tax Pay now');
    expect(textOfHtml('<p>one</p><p>two</p>Bo<b>ld</b>')).toBe('one two Bold');
  });

  it('copes with broken HTML: unclosed hidden elements hide the rest, stray < stays text', () => {
    expect(textOfHtml('<p>shown</p><style>p { x: 1 }')).toBe('shown');
    expect(textOfHtml('before<!-- never closed <p>after')).toBe('before');
    expect(textOfHtml('1 < 2 and <a<a<a')).toBe('1 < 2 and <a<a<a');
    expect(textOfHtml('<HEAD><TITLE>t</TITLE></HEAD><BODY>Upper&#x21;</BODY>')).toBe('Upper!');
  });

  it('reads only the start of a huge body', () => {
    const huge = `<p>start</p>${'<p>filler text</p>'.repeat(100_000)}<p>end-marker</p>`;
    const text = textOfHtml(huge);
    expect(text.startsWith('start filler text')).toBe(true);
    expect(text).not.toContain('end-marker');
  });
});
