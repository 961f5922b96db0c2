import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/index.js';
import { removeDir, startTestEngine } from './helpers/test-engine.js';

const run = promisify(execFile);
/** swaks is required: a missing binary fails these tests (ENOENT), it never skips them. */
const SWAKS = '/usr/bin/swaks';

describe('SMTP ingest with swaks', () => {
  let engine: Engine;
  let dataDir: string;

  beforeAll(async () => {
    ({ engine, dataDir } = await startTestEngine({ smtpTls: true }));
  });

  afterAll(async () => {
    await engine.stop();
    await removeDir(dataDir);
  });

  async function swaks(...args: string[]): Promise<string> {
    const { stdout } = await run(SWAKS, [
      '--server',
      '127.0.0.1',
      '--port',
      String(engine.smtpAddress.port),
      '--from',
      'swaks@example.com',
      '--to',
      'inbox@example.com',
      ...args,
    ]);
    return stdout;
  }

  const newest = () => {
    const id = engine.store.list({ limit: 1, offset: 0, query: '' }).messages[0]?.id ?? '';
    return engine.store.get(id);
  };

  it('delivers a plain message with a UTF-8 body', async () => {
    const out = await swaks(
      '--header',
      'Subject: swaks plain',
      '--header',
      'Content-Type: text/plain; charset=utf-8',
      '--body',
      'Grüße von swaks ✓',
    );
    expect(out).toMatch(/<- {2}250 OK: message stored/);
    const detail = newest();
    expect(detail?.subject).toBe('swaks plain');
    expect(detail?.text).toContain('Grüße von swaks ✓');
    expect(detail?.envelope.mailFrom).toBe('swaks@example.com');
  });

  it.each(['PLAIN', 'LOGIN'])('authenticates with AUTH %s and any password', async (method) => {
    await swaks(
      '--auth',
      method,
      '--auth-user',
      `swaks-${method}`,
      '--auth-password',
      'whatever',
      '--header',
      `Subject: auth ${method}`,
    );
    expect(newest()).toMatchObject({ subject: `auth ${method}` });
    expect(newest()?.envelope.authUser).toBe(`swaks-${method}`);
  });

  it('upgrades with STARTTLS', async () => {
    const out = await swaks('--tls', '--header', 'Subject: over tls');
    expect(out).toMatch(/TLS started/);
    expect(newest()?.envelope.secure).toBe(true);
  });

  it('sends several recipients and an attachment that comes back byte-exact', async () => {
    const file = join(dataDir, 'attach.bin');
    const content = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
    await writeFile(file, content);
    await swaks(
      '--to',
      'one@example.com,two@example.com',
      '--header',
      'Subject: swaks attachment',
      '--attach-type',
      'application/octet-stream',
      '--attach-name',
      'attach.bin',
      '--attach',
      `@${file}`,
    );
    const detail = newest();
    expect(detail?.envelope.rcptTo).toEqual(['one@example.com', 'two@example.com']);
    const attachment = detail?.attachments.find((a) => a.filename === 'attach.bin');
    expect(attachment?.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    const part = await engine.store.part(detail?.id ?? '', attachment?.partId ?? '');
    expect(part?.content.equals(content)).toBe(true);
  });
});
