import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/index.js';
import { asTransmitted, sendRaw } from './helpers/raw-smtp.js';
import { removeDir, startTestEngine } from './helpers/test-engine.js';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/emails');
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** MANIFEST.tsv: tab separated, a field may be "quoted" with "" for a quote. */
function readManifest(): Map<string, Record<string, string>> {
  const [header, ...rows] = readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) =>
      line
        .split('\t')
        .map((field) => (/^".*"$/s.test(field) ? field.slice(1, -1).replace(/""/g, '"') : field)),
    );
  const names = header ?? [];
  return new Map(
    rows.map((fields) => [
      fields[0] ?? '',
      Object.fromEntries(names.map((name, i) => [name, fields[i] ?? ''])),
    ]),
  );
}

const manifest = readManifest();
const files = readdirSync(corpus)
  .filter((name) => name.endsWith('.eml'))
  .sort();

describe('the email corpus over SMTP', () => {
  let engine: Engine;
  let dataDir: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    ({ engine, dataDir } = await startTestEngine());
    // One message at a time, in order, so ids map to files.
    for (const file of files) {
      const data = readFileSync(join(corpus, file));
      const reply = await sendRaw(
        engine.smtpAddress.port,
        // Some files carry raw UTF-8 headers (RFC 6532): say SMTPUTF8 like a real client would.
        { from: 'corpus@example.com', to: ['inbox@example.com'], utf8: true },
        data,
      );
      expect(reply.code, `${file}: ${reply.text}`).toBe(250);
      const newest = engine.store.list({ limit: 1, offset: 0, query: '' }).messages[0];
      ids.set(file, newest?.id ?? '');
    }
  });

  afterAll(async () => {
    await engine.stop();
    await removeDir(dataDir);
  });

  it('covers every file in the manifest', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
    for (const file of files) expect(manifest.has(file), file).toBe(true);
    expect(engine.store.list({ limit: 1000, offset: 0, query: '' }).total).toBe(files.length);
  });

  it.each(files)('%s comes back byte-exact and listed', (file) => {
    const id = ids.get(file) ?? '';
    const original = readFileSync(join(corpus, file));
    // SMTP can only carry a message that ends in CRLF: a file without one gets it on the wire
    // (asTransmitted); the store keeps exactly the bytes that were transmitted.
    const expected = asTransmitted(original);
    const raw = engine.store.raw(id);
    expect(raw && sha256(raw)).toBe(sha256(expected));
    const detail = engine.store.get(id);
    expect(detail?.size).toBe(expected.length);
    expect(detail?.id).toBe(id);

    // Every expected_subject in the manifest comes back exactly; no exceptions are needed.
    const wanted = manifest.get(file)?.expected_subject ?? '';
    if (wanted !== '') {
      expect(detail?.subject).toBe(wanted);
      const listed = engine.store
        .list({ limit: 1000, offset: 0, query: '' })
        .messages.find((m) => m.id === id);
      expect(listed?.subject).toBe(wanted);
    }
  });
});
