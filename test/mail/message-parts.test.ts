import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageStore } from '../../src/core/mail/message-store.js';
import { type KeepAttachments, MimeParser } from '../../src/core/mail/mime-parser.js';
import { DATABASE_FILE, openStoreDatabase } from '../../src/core/mail/store-database.js';
import { storableRaw } from './helpers/storable.js';

/** The real parser, counting the whole-message parses the store asks it for. */
class CountingParser extends MimeParser {
  calls = 0;

  override parse(raw: Buffer, keep?: KeepAttachments): Promise<ParsedMail> {
    this.calls++;
    return super.parse(raw, keep);
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(parser: MimeParser): Promise<MessageStore> {
  const dir = await mkdtemp(join(tmpdir(), 'beanpost-parts-'));
  const store = new MessageStore(openStoreDatabase(join(dir, DATABASE_FILE)), parser, {
    maxMessages: 0,
    maxAgeMs: 0,
  });
  cleanups.push(async () => {
    await store.close();
    await parser.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

/** An HTML mail with inline images and a file attached, as an app's notification might be. */
const IMAGES = ['logo', 'banner', 'footer'].map((name, index) => ({
  filename: `${name}.png`,
  cid: `${name}@example.com`,
  content: Buffer.alloc(2000 + index, index + 1),
  contentType: 'image/png',
}));
const FILE = {
  filename: 'invoice.pdf',
  content: Buffer.from('%PDF-1.4 invoice'),
  contentType: 'application/pdf',
};

async function insertHtmlMail(store: MessageStore): Promise<string> {
  const raw = await new MailComposer({
    from: 'shop@example.com',
    to: 'you@example.com',
    subject: 'Your order',
    html: IMAGES.map((image) => `<img src="cid:${image.cid}">`).join(''),
    attachments: [...IMAGES, FILE],
  })
    .compile()
    .build();
  const message = await storableRaw(raw, {
    mailFrom: 'shop@example.com',
    rcptTo: ['you@example.com'],
  });
  const [id] = store.insert([message]);
  if (id === undefined) throw new Error('not stored');
  return id;
}

describe('attachment downloads', () => {
  for (const [where, parser] of [
    ['inline', () => new CountingParser()],
    ['in the worker', () => new CountingParser(1)],
  ] as const) {
    it(`parse the message once for all its parts (${where})`, async () => {
      const counting = parser();
      const store = await openStore(counting);
      const id = await insertHtmlMail(store);
      const listed = store.get(id)?.attachments ?? [];
      expect(listed.map((a) => a.filename)).toEqual([...IMAGES, FILE].map((a) => a.filename));

      // The viewer asks for every cid: image at once, then someone downloads them again.
      const together = await Promise.all(listed.map((a) => store.part(id, a.partId)));
      const again = [];
      for (const a of listed) again.push(await store.part(id, a.partId));

      expect(counting.calls).toBe(1);
      for (const parts of [together, again]) {
        expect(parts.map((p) => p?.content)).toEqual([...IMAGES, FILE].map((a) => a.content));
        expect(parts.every((p) => Buffer.isBuffer(p?.content))).toBe(true);
      }
    });
  }

  it('are gone with their message', async () => {
    const store = await openStore(new CountingParser());
    const first = await insertHtmlMail(store);
    const second = await insertHtmlMail(store);
    const partId = store.get(first)?.attachments[0]?.partId ?? '';
    expect(await store.part(first, partId)).toBeDefined();
    store.delete(first);
    expect(await store.part(first, partId)).toBeUndefined();
    expect((await store.part(second, partId))?.content).toEqual(IMAGES[0]?.content);
    store.deleteAll();
    expect(await store.part(second, partId)).toBeUndefined();
  });
});
