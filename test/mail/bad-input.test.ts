import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/index.js';
import { asTransmitted, dotStuff, expectCode, SmtpWire, sendRaw } from './helpers/raw-smtp.js';
import { removeDir, startTestEngine, transportTo } from './helpers/test-engine.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const crlf = (...lines: string[]): string => lines.join('\r\n');

describe('bad input', () => {
  let engine: Engine;
  let dataDir: string;

  beforeAll(async () => {
    ({ engine, dataDir } = await startTestEngine());
  });

  afterAll(async () => {
    await engine.stop();
    await removeDir(dataDir);
  });

  /** Sends exact bytes, expects 250, returns the stored message id after checking the bytes. */
  async function storeExact(data: Buffer, to = ['inbox@example.com']): Promise<string> {
    const reply = await sendRaw(engine.smtpAddress.port, { from: 'bad@example.com', to }, data);
    expect(reply.code, reply.text).toBe(250);
    const id = engine.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    expect(sha256(engine.store.raw(id) ?? Buffer.alloc(0))).toBe(sha256(asTransmitted(data)));
    return id;
  }

  it('stores MIME the parser gives up on, listed and flagged malformed with the reason', async () => {
    const parts = Array.from(
      { length: 1100 },
      (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`,
    ).join('');
    const data = Buffer.from(
      `From: Jane <jane@example.com>\r\nSubject: Too many parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts}--b--\r\n`,
    );
    const id = await storeExact(data);
    const listed = engine.store.list({ limit: 1, offset: 0, query: '' }).messages[0];
    expect(listed).toMatchObject({ id, malformed: true, subject: 'Too many parts' });
    expect(listed?.from).toEqual({ name: 'Jane', address: 'jane@example.com' });
    const detail = engine.store.get(id);
    expect(detail?.parseError).toMatch(/child nodes/);
    expect(detail?.headers.map((h) => h.name)).toEqual(['From', 'Subject', 'Content-Type']);
    expect(engine.store.list({ limit: 10, offset: 0, query: 'subject:"too many"' }).total).toBe(1);
  });

  it('stores a header block over the parser limit (one 1.1 MB header line)', async () => {
    const data = Buffer.from(
      crlf('Subject: huge header', `X-Huge: ${'h'.repeat(1_100_000)}`, '', 'body', ''),
    );
    const id = await storeExact(data);
    expect(engine.store.get(id)).toMatchObject({ malformed: true, subject: 'huge header' });
  });

  it('stores 8-bit headers byte-exact: raw UTF-8 decoded, undeclared Latin-1 kept raw', async () => {
    const data = Buffer.concat([
      Buffer.from('From: "Jöhn Doe" <jdoe@example.com>\r\nSubject: Säying Hello\r\n', 'utf8'),
      Buffer.from('X-Latin1: Forma\xe7\xe3o\r\n\r\nbody \xe9\r\n', 'latin1'),
    ]);
    const id = await storeExact(data);
    const detail = engine.store.get(id);
    expect(detail?.subject).toBe('Säying Hello');
    expect(detail?.from?.name).toBe('Jöhn Doe');
    const latin = detail?.headers.find((h) => h.name === 'X-Latin1');
    // The raw line keeps the bytes (latin1-mapped); the encoding doctor will decode them later.
    expect(
      Buffer.from(latin?.raw ?? '', 'latin1').equals(
        Buffer.from('X-Latin1: Forma\xe7\xe3o', 'latin1'),
      ),
    ).toBe(true);
  });

  it('stores NUL bytes in headers and body', async () => {
    const id = await storeExact(
      Buffer.from('Subject: nul\u0000here\r\n\r\nbody\u0000with\u0000nuls\r\n', 'latin1'),
    );
    expect(engine.store.get(id)?.subject).toBe('nul\u0000here');
  });

  it('stores bare LF line endings as they came', async () => {
    const data = Buffer.from(
      'Subject: bare lf\nFrom: a@example.com\n\nline one\nline two\n.dot line\n',
    );
    const id = await storeExact(data);
    expect(engine.store.get(id)?.subject).toBe('bare lf');
    expect(engine.store.get(id)?.text).toContain('.dot line');
  });

  it('stores lines longer than 998 bytes', async () => {
    const data = Buffer.from(
      crlf(`Subject: ${'long '.repeat(400)}`, '', 'x'.repeat(5000), `.${'y'.repeat(20_000)}`, ''),
    );
    const id = await storeExact(data);
    expect(engine.store.get(id)?.text).toContain('x'.repeat(5000));
  });

  it('stores binary garbage and an empty message', async () => {
    await storeExact(randomBytes(64 * 1024));
    await storeExact(Buffer.alloc(0));
  });

  it('takes 1,000 recipients and records every one', async () => {
    const to = Array.from({ length: 1000 }, (_, i) => `rcpt${i}@example.com`);
    const id = await storeExact(Buffer.from(crlf('Subject: crowd', '', 'hi', '')), to);
    const detail = engine.store.get(id);
    expect(detail?.envelope.rcptTo).toEqual(to);
    // The transcript keeps its head and tail and says what it cut.
    const lines = detail?.transcript.map((l) => l.line) ?? [];
    expect(lines.length).toBeLessThan(1200);
    expect(lines.some((l) => /line\(s\) not kept/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('250 OK: message stored');
    expect(engine.store.list({ limit: 5, offset: 0, query: 'to:rcpt999@example.com' }).total).toBe(
      1,
    );
  });

  it('stores nothing when the client disconnects in the middle of DATA, and keeps serving', async () => {
    const before = engine.store.stats().total;
    const { wire } = await SmtpWire.open(engine.smtpAddress.port);
    expectCode(await wire.command('EHLO cut.test'), 250);
    expectCode(await wire.command('MAIL FROM:<cut@example.com>'), 250);
    expectCode(await wire.command('RCPT TO:<inbox@example.com>'), 250);
    expectCode(await wire.command('DATA'), 354);
    wire.write(dotStuff(Buffer.from(crlf('Subject: half', '', 'the first half of the', ''))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    wire.socket.destroy();
    await new Promise((resolve) => wire.socket.once('close', resolve));
    // A complete message after it is stored normally; the half one never appears.
    await storeExact(Buffer.from(crlf('Subject: after the cut', '', 'whole', '')));
    expect(engine.store.stats().total).toBe(before + 1);
    expect(engine.store.list({ limit: 10, offset: 0, query: 'subject:half' }).total).toBe(0);
  });

  it('takes a 25 MiB message with a big attachment byte-exact while serving others', async () => {
    const attachment = randomBytes(18 * 1024 * 1024);
    const transport = transportTo(engine);
    const small = transportTo(engine);
    const [big, other] = await Promise.all([
      transport.sendMail({
        from: 'big@example.com',
        to: 'inbox@example.com',
        subject: 'big one',
        text: 'attached',
        attachments: [{ filename: 'big.bin', content: attachment }],
      }),
      (async () => {
        // Sent while the big one is being transferred and parsed.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return small.sendMail({
          from: 's@example.com',
          to: 'inbox@example.com',
          subject: 'small meanwhile',
          text: 'x',
        });
      })(),
    ]);
    transport.close();
    small.close();
    expect(big.response).toMatch(/^250/);
    expect(other.response).toMatch(/^250/);
    const found = engine.store.list({ limit: 5, offset: 0, query: 'subject:"big one"' })
      .messages[0];
    expect(found?.size).toBeGreaterThan(24 * 1024 * 1024);
    expect(found?.size).toBeLessThanOrEqual(25 * 1024 * 1024);
    const detail = engine.store.get(found?.id ?? '');
    expect(detail?.attachments[0]?.sha256).toBe(sha256(attachment));
    const part = await engine.store.part(found?.id ?? '', detail?.attachments[0]?.partId ?? '');
    expect(part?.content.equals(attachment)).toBe(true);
  });

  it('is still serving after all of the above', async () => {
    const transport = transportTo(engine);
    const info = await transport.sendMail({
      from: 'a@b.c',
      to: 'd@e.f',
      subject: 'still here',
      text: 'ok',
    });
    transport.close();
    expect(info.response).toMatch(/^250/);
  });
});
