import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/index.js';
import { removeDir, startTestEngine, transportTo } from './helpers/test-engine.js';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

describe('SMTP ingest with nodemailer', () => {
  let engine: Engine | undefined;
  let dataDir = '';

  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await removeDir(dataDir);
  });

  async function start(options: Parameters<typeof startTestEngine>[0] = {}): Promise<Engine> {
    ({ engine, dataDir } = await startTestEngine(options));
    return engine;
  }

  it('stores UTF-8 subject and body decoded, raw bytes exact, and answers 250 after storing', async () => {
    const e = await start();
    const transport = transportTo(e);
    const info = await transport.sendMail({
      from: 'Jörg Ünïcode <joerg@example.com>',
      to: 'Zoë <zoe@example.com>',
      subject: 'Grüße aus Köln ✓ 日本語',
      text: 'Schöne Grüße — 你好, мир!',
      html: '<p>Schöne <b>Grüße</b></p>',
    });
    transport.close();
    expect(info.response).toMatch(/^250 /);

    // 250 came after the commit: the message is there without waiting.
    const list = e.store.list({ limit: 10, offset: 0, query: '' });
    expect(list.total).toBe(1);
    expect(list.unread).toBe(1);
    const summary = list.messages[0];
    expect(summary?.subject).toBe('Grüße aus Köln ✓ 日本語');
    expect(summary?.from).toEqual({ name: 'Jörg Ünïcode', address: 'joerg@example.com' });
    expect(summary?.to).toEqual([{ name: 'Zoë', address: 'zoe@example.com' }]);
    expect(summary?.malformed).toBe(false);

    const detail = e.store.get(summary?.id ?? '');
    expect(detail?.text?.trim()).toBe('Schöne Grüße — 你好, мир!');
    expect(detail?.html).toContain('<b>Grüße</b>');
    const subjectHeader = detail?.headers.find((h) => h.name === 'Subject');
    expect(subjectHeader?.value).toBe('Grüße aus Köln ✓ 日本語');
    expect(subjectHeader?.raw).toMatch(/^Subject: =\?UTF-8\?/);
    expect(e.store.raw(summary?.id ?? '')?.toString('utf8')).toContain('Message-ID:');
  });

  it('keeps an 8-bit body byte-exact and decodes it', async () => {
    const e = await start();
    const transport = transportTo(e);
    const raw = [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: 8bit',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Ça va? Größe: 10 €',
      '',
    ].join('\r\n');
    await transport.sendMail({
      envelope: { from: 'a@example.com', to: ['b@example.com'] },
      raw: Buffer.from(raw, 'utf8'),
    });
    transport.close();
    const id = e.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    expect(e.store.raw(id)?.equals(Buffer.from(raw, 'utf8'))).toBe(true);
    expect(e.store.get(id)?.text).toContain('Größe: 10 €');
  });

  it('returns attachments byte-exact through part() and raw()', async () => {
    const e = await start();
    const binary = randomBytes(300_000);
    const transport = transportTo(e);
    await transport.sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'files',
      text: 'see attached',
      attachments: [
        { filename: 'random.bin', content: binary },
        { filename: '../../etc/passwd', content: 'not really' },
        { filename: 'logo.png', content: Buffer.from('png-bytes'), cid: 'logo@x' },
      ],
    });
    transport.close();
    const id = e.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    const detail = e.store.get(id);
    expect(detail?.hasAttachments).toBe(true);
    expect(detail?.attachments.map((a) => a.filename)).toEqual([
      'random.bin',
      'passwd',
      'logo.png',
    ]);
    const [random, passwd, logo] = detail?.attachments ?? [];
    expect(random?.size).toBe(binary.length);
    expect(random?.sha256).toBe(sha256(binary));
    expect(logo?.contentId).toBe('logo@x');
    expect(logo?.inline).toBe(true);

    const part = await e.store.part(id, random?.partId ?? '');
    expect(part?.content.equals(binary)).toBe(true);
    expect(part?.filename).toBe('random.bin');
    expect((await e.store.part(id, passwd?.partId ?? ''))?.content.toString()).toBe('not really');
    expect(await e.store.part(id, 'no-such-part')).toBeUndefined();

    // The raw message carries the attachment as sent (base64 of the same bytes).
    const raw = e.store.raw(id)?.toString('latin1') ?? '';
    expect(raw.replace(/\r\n/g, '')).toContain(binary.toString('base64').slice(0, 1000));
  });

  it('records the envelope: every RCPT TO (so Bcc is visible), sender, client, auth user', async () => {
    const e = await start();
    const transport = transportTo(e, { auth: { user: 'alice', pass: 'anything' } });
    await transport.sendMail({
      from: 'sender@example.com',
      to: 'to@example.com',
      cc: 'cc@example.com',
      bcc: 'hidden@example.com',
      subject: 'bcc',
      text: 'x',
    });
    transport.close();
    const id = e.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    const detail = e.store.get(id);
    expect(detail?.envelope).toMatchObject({
      mailFrom: 'sender@example.com',
      rcptTo: ['to@example.com', 'cc@example.com', 'hidden@example.com'],
      remoteAddress: '127.0.0.1',
      authUser: 'alice',
      secure: false,
    });
    expect(detail?.envelope.heloName).not.toBe('');
    // The header does not show Bcc; the envelope does.
    expect(e.store.raw(id)?.toString()).not.toContain('hidden@example.com');
    expect(e.store.list({ limit: 10, offset: 0, query: 'to:hidden@example.com' }).total).toBe(1);
  });

  it('accepts AUTH PLAIN and AUTH LOGIN with any credentials and records the user', async () => {
    const e = await start();
    for (const method of ['PLAIN', 'LOGIN']) {
      const transport = transportTo(e, { auth: { user: `user-${method}`, pass: 'x', method } });
      await transport.sendMail({ from: 'a@b.c', to: 'd@e.f', subject: method, text: method });
      transport.close();
    }
    const messages = e.store.list({ limit: 10, offset: 0, query: '' }).messages;
    const users = messages.map((m) => e.store.get(m.id)?.envelope.authUser);
    expect(users.sort()).toEqual(['user-LOGIN', 'user-PLAIN']);
    const transcript = e.store.get(messages[0]?.id ?? '')?.transcript ?? [];
    const authLine = transcript.find((l) => l.line.startsWith('AUTH'));
    // Credentials never reach the transcript.
    expect(authLine?.line).not.toMatch(/eA|dXNlc/);
    expect(transcript.map((l) => l.line).join('\n')).not.toContain(
      Buffer.from('x').toString('base64'),
    );
  });

  it('accepts mail without AUTH (authUser null)', async () => {
    const e = await start();
    const transport = transportTo(e);
    await transport.sendMail({ from: 'a@b.c', to: 'd@e.f', subject: 'no auth', text: '.' });
    transport.close();
    const id = e.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    expect(e.store.get(id)?.envelope.authUser).toBeNull();
  });

  it('refuses an oversized message with 552 and stores nothing', async () => {
    const e = await start({ maxMessageSize: 50_000 });
    const transport = transportTo(e);
    await expect(
      transport.sendMail({
        from: 'a@b.c',
        to: 'd@e.f',
        subject: 'too big',
        text: 'x'.repeat(60_000),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    // The same connection can go on sending.
    await transport.sendMail({ from: 'a@b.c', to: 'd@e.f', subject: 'fits', text: 'small' });
    transport.close();
    const list = e.store.list({ limit: 10, offset: 0, query: '' });
    expect(list.messages.map((m) => m.subject)).toEqual(['fits']);
  });

  it('does STARTTLS with the generated certificate when enabled and records secure', async () => {
    const e = await start({ smtpTls: true });
    const transport = transportTo(e, { requireTLS: true, auth: { user: 'tls-user', pass: 'p' } });
    await transport.sendMail({ from: 'a@b.c', to: 'd@e.f', subject: 'tls', text: 'secret' });
    transport.close();
    const id = e.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    const detail = e.store.get(id);
    expect(detail?.envelope.secure).toBe(true);
    expect(detail?.envelope.authUser).toBe('tls-user');
    expect(detail?.transcript.some((l) => l.direction === 'client' && l.line === 'STARTTLS')).toBe(
      true,
    );
  });

  it('does not offer STARTTLS when TLS is off', async () => {
    const e = await start();
    const transport = transportTo(e, { requireTLS: true });
    await expect(
      transport.sendMail({ from: 'a@b.c', to: 'd@e.f', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/STARTTLS/);
    transport.close();
  });

  it('records a transcript with offsets, the DATA marker and no payload', async () => {
    const e = await start();
    const transport = transportTo(e);
    await transport.sendMail({
      from: 'a@b.c',
      to: 'd@e.f',
      subject: 'Transcript',
      text: 'PAYLOAD-TEXT',
    });
    transport.close();
    const id = e.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    const transcript = e.store.get(id)?.transcript ?? [];
    const lines = transcript.map((l) => `${l.direction === 'client' ? 'C' : 'S'}: ${l.line}`);
    expect(lines[0]).toMatch(/^S: 220 .*ESMTP Beanpost/);
    expect(lines).toContain('C: MAIL FROM:<a@b.c>');
    expect(lines).toContain('C: RCPT TO:<d@e.f>');
    expect(lines).toContain('S: 354 End data with <CR><LF>.<CR><LF>');
    expect(lines.some((l) => /^C: <\d+ bytes of message data>$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('S: 250 OK: message stored');
    expect(lines).toContain('S: 250-8BITMIME');
    expect(lines).toContain('S: 250-SMTPUTF8');
    expect(
      lines.some((l) => l.startsWith('S: 250 SIZE 26214400') || l === 'S: 250-SIZE 26214400'),
    ).toBe(true);
    expect(lines.join('\n')).not.toContain('PAYLOAD-TEXT');
    const offsets = transcript.map((l) => l.at);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('gives each message of a pooled connection its own transaction in the transcript', async () => {
    const e = await start();
    const transport = transportTo(e, { pool: true });
    for (const subject of ['first', 'second', 'third']) {
      await transport.sendMail({ from: 'a@b.c', to: `${subject}@e.f`, subject, text: subject });
    }
    transport.close();
    const third = e.store.list({ limit: 1, offset: 0, query: '' }).messages[0];
    const lines = (e.store.get(third?.id ?? '')?.transcript ?? []).map((l) => l.line);
    expect(lines.filter((l) => l.startsWith('MAIL FROM')).length).toBe(1);
    expect(lines).toContain('RCPT TO:<third@e.f>');
    expect(lines).toContain('… 2 earlier message(s) on this connection …');
    expect(lines.filter((l) => l.startsWith('EHLO')).length).toBe(1);
  });
});
