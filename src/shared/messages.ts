import { z } from 'zod';

/** One mailbox from a header such as From or To, decoded for display. */
export const AddressSchema = z.object({
  name: z.string(),
  address: z.string(),
});
export type Address = z.infer<typeof AddressSchema>;

/** What the list shows for one stored message. */
export const MessageSummarySchema = z.object({
  id: z.string(),
  subject: z.string(),
  from: AddressSchema.nullable(),
  to: z.array(AddressSchema),
  /** The Date header, ISO 8601; the receive time when the header is missing or unparsable. */
  date: z.string(),
  receivedAt: z.string(),
  size: z.number().int().nonnegative(),
  read: z.boolean(),
  hasAttachments: z.boolean(),
  snippet: z.string(),
  /** True when the MIME structure could not be parsed; the raw bytes are still stored. */
  malformed: z.boolean(),
});
export type MessageSummary = z.infer<typeof MessageSummarySchema>;

export const MessageListSchema = z.object({
  total: z.number().int().nonnegative(),
  unread: z.number().int().nonnegative(),
  messages: z.array(MessageSummarySchema),
});
export type MessageList = z.infer<typeof MessageListSchema>;

export const HeaderSchema = z.object({
  name: z.string(),
  /** Decoded for display (RFC 2047 words resolved). */
  value: z.string(),
  /** The header as it came off the wire, folding kept, latin1-mapped bytes. */
  raw: z.string(),
});
export type Header = z.infer<typeof HeaderSchema>;

export const AttachmentSchema = z.object({
  /** Stable index of the part within the message, used in part URLs. */
  partId: z.string(),
  /** Safe for a file system and a Content-Disposition header. */
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  contentId: z.string().nullable(),
  inline: z.boolean(),
  sha256: z.string(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** What the SMTP client said, as opposed to what the headers claim. */
export const EnvelopeSchema = z.object({
  mailFrom: z.string(),
  rcptTo: z.array(z.string()),
  remoteAddress: z.string(),
  clientHostname: z.string(),
  heloName: z.string(),
  authUser: z.string().nullable(),
  secure: z.boolean(),
  utf8: z.boolean(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const TranscriptLineSchema = z.object({
  /** Milliseconds since the connection opened. */
  at: z.number().nonnegative(),
  direction: z.enum(['client', 'server']),
  line: z.string(),
});
export type TranscriptLine = z.infer<typeof TranscriptLineSchema>;

export const MessageDetailSchema = MessageSummarySchema.extend({
  messageId: z.string().nullable(),
  cc: z.array(AddressSchema),
  bcc: z.array(AddressSchema),
  replyTo: z.array(AddressSchema),
  headers: z.array(HeaderSchema),
  text: z.string().nullable(),
  html: z.string().nullable(),
  attachments: z.array(AttachmentSchema),
  envelope: EnvelopeSchema,
  transcript: z.array(TranscriptLineSchema),
  /** Why the MIME parse failed, when it did. */
  parseError: z.string().nullable(),
});
export type MessageDetail = z.infer<typeof MessageDetailSchema>;
