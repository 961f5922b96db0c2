import type {
  AddressObject,
  EmailAddress,
  Attachment as ParsedAttachment,
  ParsedMail,
} from 'mailparser';
import { parseAddressHeader } from 'mailparser';
import type {
  Address,
  Attachment,
  Envelope,
  MessageDetail,
  TranscriptLine,
} from '../../shared/messages.js';
import { headerFromLine, splitHeaderBlock } from './header-lines.js';
import { textOfHtml } from './html-text.js';
import { safeContentId, safeFilename } from './safe-filename.js';
import { searchable } from './search-text.js';

/** What the SMTP side hands over once DATA is complete. */
export interface ReceivedMessage {
  raw: Buffer;
  envelope: Envelope;
  transcript: TranscriptLine[];
  /** Epoch ms. */
  receivedAt: number;
}

/** The parts of MessageDetail that are not in the list row. */
export type DetailFields = Pick<
  MessageDetail,
  | 'messageId'
  | 'cc'
  | 'bcc'
  | 'replyTo'
  | 'headers'
  | 'text'
  | 'html'
  | 'attachments'
  | 'envelope'
  | 'transcript'
  | 'parseError'
>;

/** Everything the store writes for one message. */
export interface StorableMessage {
  receivedAt: number;
  raw: Buffer;
  summary: {
    date: string;
    subject: string;
    from: Address | null;
    to: Address[];
    hasAttachments: boolean;
    snippet: string;
    malformed: boolean;
  };
  detail: DetailFields;
  /** Text for the search index, one entry per indexed column. */
  search: { subject: string; sender: string; recipients: string; body: string };
}

const SNIPPET_LENGTH = 200;
/**
 * A 25 MiB text body would make one insert take a second and bloat the index for nothing;
 * 64 Ki characters covers any real notification mail.
 */
const MAX_INDEXED_BODY = 64 * 1024;

export function viewFromParsed(received: ReceivedMessage, parsed: ParsedMail): StorableMessage {
  const from = addressList(parsed.from)[0] ?? null;
  const to = addressList(parsed.to);
  const cc = addressList(parsed.cc);
  const bcc = addressList(parsed.bcc);
  const subject = parsed.subject ?? '';
  const text = parsed.text ?? null;
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  // mailparser converts an HTML body only when it is the whole message: HTML beside an
  // attachment or inline images leaves text empty, and the list row would show no preview.
  const readable = text || (html === null ? '' : textOfHtml(html));
  const partIds = attachmentPartIds(parsed.attachments);
  const attachments = parsed.attachments.map(
    (attachment, index): Attachment => attachmentView(attachment, partIds[index] ?? ''),
  );
  const date =
    parsed.date && !Number.isNaN(parsed.date.getTime())
      ? parsed.date.toISOString()
      : new Date(received.receivedAt).toISOString();

  return {
    receivedAt: received.receivedAt,
    raw: received.raw,
    summary: {
      date,
      subject,
      from,
      to,
      hasAttachments: attachments.length > 0,
      snippet: snippetOf(readable),
      malformed: false,
    },
    detail: {
      messageId: parsed.messageId ?? null,
      cc,
      bcc,
      replyTo: addressList(parsed.replyTo),
      headers: parsed.headerLines.map(({ line }) => headerFromLine(line)),
      text,
      html,
      attachments,
      envelope: received.envelope,
      transcript: received.transcript,
      parseError: null,
    },
    search: searchText(
      received.envelope,
      subject,
      [from],
      [...to, ...cc, ...bcc],
      [readable.slice(0, MAX_INDEXED_BODY), ...attachments.map((a) => a.filename)],
    ),
  };
}

/** The MIME parser gave up: keep the bytes, show what the header block still tells. */
export function viewFromFailure(received: ReceivedMessage, error: unknown): StorableMessage {
  const headers = splitHeaderBlock(received.raw).map(headerFromLine);
  const value = (name: string): string =>
    headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
  const addresses = (name: string): Address[] =>
    parseAddressHeader(value(name)).value.flatMap(toAddressList);
  const from = addresses('from')[0] ?? null;
  const to = addresses('to');
  const cc = addresses('cc');
  const subject = value('subject');
  const date = new Date(value('date'));

  return {
    receivedAt: received.receivedAt,
    raw: received.raw,
    summary: {
      date: Number.isNaN(date.getTime())
        ? new Date(received.receivedAt).toISOString()
        : date.toISOString(),
      subject,
      from,
      to,
      hasAttachments: false,
      snippet: '',
      malformed: true,
    },
    detail: {
      messageId: value('message-id') || null,
      cc,
      bcc: addresses('bcc'),
      replyTo: addresses('reply-to'),
      headers,
      text: null,
      html: null,
      attachments: [],
      envelope: received.envelope,
      transcript: received.transcript,
      parseError: error instanceof Error ? error.message : String(error),
    },
    search: searchText(received.envelope, subject, [from], [...to, ...cc], []),
  };
}

/**
 * Part ids for the attachment list: mailparser's IMAP-style part number ("1.2") when it has a
 * unique one, else a positional id. The same bytes parsed with the same options give the same
 * list, so an id found at ingest finds the same part at download.
 */
export function attachmentPartIds(attachments: readonly ParsedAttachment[]): string[] {
  const used = new Set<string>();
  return attachments.map((attachment, index) => {
    let id = attachment.partId ?? '1';
    if (used.has(id)) id = `a${index + 1}`;
    used.add(id);
    return id;
  });
}

function attachmentView(attachment: ParsedAttachment, partId: string): Attachment {
  const contentType = attachment.contentType || 'application/octet-stream';
  return {
    partId,
    filename: safeFilename(attachment.filename, partId, contentType),
    contentType,
    size: attachment.size,
    contentId: safeContentId(attachment.cid),
    inline: attachment.contentDisposition === 'inline' || attachment.related === true,
    sha256: attachment.checksum,
  };
}

function searchText(
  envelope: Envelope,
  subject: string,
  senders: Array<Address | null>,
  recipients: Address[],
  body: string[],
): StorableMessage['search'] {
  const mailboxes = (list: Array<Address | null>): string[] =>
    list.flatMap((a) => (a ? [a.name, a.address] : [])).filter((s) => s !== '');
  return {
    subject: searchable(subject),
    sender: searchable([...mailboxes(senders), envelope.mailFrom].join(' ')),
    recipients: searchable([...mailboxes(recipients), ...envelope.rcptTo].join(' ')),
    body: searchable(body.join('\n')),
  };
}

function snippetOf(text: string): string {
  return text
    .slice(0, SNIPPET_LENGTH * 4)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, SNIPPET_LENGTH);
}

function addressList(header: AddressObject | AddressObject[] | undefined): Address[] {
  if (!header) return [];
  const objects = Array.isArray(header) ? header : [header];
  return objects.flatMap((object) => object.value.flatMap(toAddressList));
}

/** Groups (`Team: a@x, b@y;`) list their members; a display name alone is kept as a name. */
function toAddressList(entry: EmailAddress): Address[] {
  if (entry.group) return entry.group.flatMap(toAddressList);
  return [{ name: entry.name, address: entry.address ?? '' }];
}
