import { simpleParser } from 'mailparser';
import { type StorableMessage, viewFromParsed } from '../../../src/core/mail/message-view.js';
import { PARSE_OPTIONS } from '../../../src/core/mail/mime-parser.js';
import type { Envelope } from '../../../src/shared/messages.js';

export interface TestMail {
  from?: string;
  to?: string;
  cc?: string;
  subject: string;
  text: string;
  attachment?: { filename: string; content: string };
  /** Envelope recipients beyond To and Cc (Bcc). */
  bcc?: string[];
  receivedAt?: Date;
}

/** A message built and parsed the way ingest does, for inserting through the store directly. */
export async function storable(mail: TestMail): Promise<StorableMessage> {
  const boundary = 'test-boundary';
  const headers = [
    `From: ${mail.from ?? 'sender@example.com'}`,
    `To: ${mail.to ?? 'inbox@example.com'}`,
    ...(mail.cc ? [`Cc: ${mail.cc}`] : []),
    `Subject: ${mail.subject}`,
    'MIME-Version: 1.0',
  ];
  const body = mail.attachment
    ? [
        `Content-Type: multipart/mixed; boundary=${boundary}`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        mail.text,
        `--${boundary}`,
        `Content-Type: application/octet-stream; name="${mail.attachment.filename}"`,
        `Content-Disposition: attachment; filename="${mail.attachment.filename}"`,
        '',
        mail.attachment.content,
        `--${boundary}--`,
        '',
      ]
    : [
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        mail.text,
        '',
      ];
  const raw = Buffer.from([...headers, ...body].join('\r\n'), 'utf8');
  const address = (header: string | undefined): string[] =>
    header ? [...header.matchAll(/[^\s<>,"]+@[^\s<>,"]+/g)].map((m) => m[0]) : [];
  return storableRaw(
    raw,
    {
      mailFrom: address(mail.from ?? 'sender@example.com')[0] ?? '',
      rcptTo: [
        ...address(mail.to ?? 'inbox@example.com'),
        ...address(mail.cc),
        ...(mail.bcc ?? []),
      ],
    },
    mail.receivedAt,
  );
}

/** Raw bytes parsed the way ingest does, as received over loopback with this envelope. */
export async function storableRaw(
  raw: Buffer,
  addresses: Pick<Envelope, 'mailFrom' | 'rcptTo'>,
  receivedAt = new Date(),
): Promise<StorableMessage> {
  const envelope: Envelope = {
    ...addresses,
    remoteAddress: '127.0.0.1',
    clientHostname: '[127.0.0.1]',
    heloName: 'test',
    authUser: null,
    secure: false,
    utf8: false,
  };
  return viewFromParsed(
    { raw, envelope, transcript: [], receivedAt: receivedAt.getTime() },
    await simpleParser(raw, PARSE_OPTIONS),
  );
}
