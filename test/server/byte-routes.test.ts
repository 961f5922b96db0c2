import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDisposition } from 'content-disposition';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MessageDetail,
  MessageDetailSchema,
  MessageListSchema,
} from '../../src/shared/index.js';
import { startTestBeanpost, type TestBeanpost } from './helpers.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/emails');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

// A 1x1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let bp: TestBeanpost;

async function sendRaw(bytes: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: bp.smtpPort,
    secure: false,
  });
  try {
    await transport.sendMail({
      envelope: { from: 'raw@example.com', to: ['rcpt@example.com'] },
      raw: bytes,
    });
  } finally {
    transport.close();
  }
}

async function newestDetail(): Promise<MessageDetail> {
  const list = MessageListSchema.parse(
    await (await fetch(`${bp.url}/api/messages?limit=1`)).json(),
  );
  const id = list.messages[0]?.id;
  return MessageDetailSchema.parse(await (await fetch(`${bp.url}/api/messages/${id}`)).json());
}

beforeAll(async () => {
  bp = await startTestBeanpost();
});
afterAll(async () => bp.close());

describe('GET /api/messages/:id/raw', () => {
  it.each(['pmmp__issue116.eml', 'rbmail__multi_charset__japanese_shift_jis.eml'])(
    'answers the exact bytes received (%s)',
    async (file) => {
      const bytes = await readFile(join(corpus, file));
      await sendRaw(bytes);
      const { id } = await newestDetail();
      const response = await fetch(`${bp.url}/api/messages/${id}/raw`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('message/rfc822');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(bytes));
    },
  );

  it('offers a download with a safe .eml name on ?download=1', async () => {
    const { id } = await newestDetail();
    const response = await fetch(`${bp.url}/api/messages/${id}/raw?download=1`);
    expect(parseDisposition(response.headers.get('content-disposition') ?? '')).toEqual({
      type: 'attachment',
      parameters: { filename: `message-${id}.eml` },
    });
  });

  it('answers 404 and 400 as JSON', async () => {
    expect((await fetch(`${bp.url}/api/messages/999999/raw`)).status).toBe(404);
    expect((await fetch(`${bp.url}/api/messages/x/raw`)).status).toBe(400);
    expect((await fetch(`${bp.url}/api/messages/1/raw?download=yes`)).status).toBe(400);
  });
});

describe('GET /api/messages/:id/parts/:partId', () => {
  const hostile = [
    { filename: '../../etc/passwd', content: 'root:x:0:0\n', contentType: 'text/plain' },
    { filename: 'evil\r\nSet-Cookie: pwned=1.txt', content: 'crlf\n', contentType: 'text/plain' },
    { filename: 'quote"s.txt', content: 'quotes\n', contentType: 'text/plain' },
    { filename: '..\\..\\boot.ini', content: 'windows\n', contentType: 'text/plain' },
    { filename: 'Grüße 你好 ✉.txt', content: 'unicode\n', contentType: 'text/plain' },
  ];
  let detail: MessageDetail;

  beforeAll(async () => {
    await bp.send({
      subject: 'attachments',
      text: 'see attached',
      html: '<p>see <img src="cid:dot@beanpost"></p>',
      attachments: [
        ...hostile,
        {
          filename: 'page.html',
          content: '<script>alert(document.cookie)</script>',
          contentType: 'text/html',
        },
        {
          filename: 'pic.svg',
          content: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
          contentType: 'image/svg+xml',
        },
        { filename: 'data.xml', content: '<x/>', contentType: 'application/xml' },
        { filename: 'dot.png', content: PNG, contentType: 'image/png', cid: 'dot@beanpost' },
      ],
    });
    detail = await newestDetail();
  });

  async function fetchPart(
    filenameHint: string,
  ): Promise<{ response: Response; bytes: Buffer; filename: string | undefined; type: string }> {
    const attachment = detail.attachments.find((a) => a.filename.includes(filenameHint));
    if (!attachment)
      throw new Error(
        `no attachment like ${filenameHint} in ${JSON.stringify(detail.attachments)}`,
      );
    const response = await fetch(
      `${bp.url}/api/messages/${detail.id}/parts/${encodeURIComponent(attachment.partId)}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = parseDisposition(response.headers.get('content-disposition') ?? '');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(sha256(bytes)).toBe(attachment.sha256);
    return { response, bytes, filename: disposition.parameters.filename, type: disposition.type };
  }

  it.each([
    ['passwd', 'root:x:0:0\n'],
    ['evil', 'crlf\n'],
    ['quote', 'quotes\n'],
    ['boot', 'windows\n'],
    ['Grüße', 'unicode\n'],
  ])('serves the bytes of "%s" under a safe Content-Disposition', async (hint, content) => {
    const { bytes, filename, response } = await fetchPart(hint);
    expect(bytes.toString('utf8')).toBe(content);
    expect(filename).toBeDefined();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(filename).not.toMatch(/[/\\\r\n\u0000"]/);
    expect(filename).not.toMatch(/^\./);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('keeps a unicode filename through RFC 8187 encoding', async () => {
    const { filename, response } = await fetchPart('Grüße');
    expect(filename).toBe('Grüße 你好 ✉.txt');
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''");
  });

  it.each(['page.html', 'pic.svg', 'data.xml'])(
    'serves %s, which could run script, as an octet-stream attachment',
    async (name) => {
      const { response, type, filename } = await fetchPart(name);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(type).toBe('attachment');
      expect(filename).toBe(name);
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
    },
  );

  it('serves an image inline with its type, or as a download on request', async () => {
    const { response, type, bytes } = await fetchPart('dot.png');
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(type).toBe('inline');
    expect(bytes.equals(PNG)).toBe(true);
    const png = detail.attachments.find((a) => a.filename === 'dot.png');
    const download = await fetch(
      `${bp.url}/api/messages/${detail.id}/parts/${png?.partId}?download=1`,
    );
    expect(parseDisposition(download.headers.get('content-disposition') ?? '').type).toBe(
      'attachment',
    );
  });

  it('answers 404 for an unknown part or message', async () => {
    expect((await fetch(`${bp.url}/api/messages/${detail.id}/parts/9999`)).status).toBe(404);
    expect((await fetch(`${bp.url}/api/messages/999999/parts/1`)).status).toBe(404);
  });
});
