/**
 * Deterministic, varied notification mail for the benchmarks: the kind of traffic a catcher
 * sees (order confirmations, password resets, invoices, digests), with a realistic spread of
 * senders, sizes, HTML parts and attachments.
 */

const FIRST = [
  'Jane',
  'John',
  'Ana',
  'Luis',
  'Mei',
  'Olu',
  'Sven',
  'Priya',
  'Noah',
  'Zoë',
  'Jörg',
  'Aiko',
];
const LAST = [
  'Doe',
  'Smith',
  'García',
  'Chen',
  'Okafor',
  'Larsen',
  'Patel',
  'Müller',
  'Tanaka',
  'Rossi',
];
const DOMAINS = [
  'example.com',
  'shop.example',
  'mail.example.org',
  'billing.example.net',
  'app.test',
];
const WORDS = (
  'order account invoice payment shipped delivery password reset confirm welcome team update ' +
  'subscription renewal receipt total amount due tracking package customer support ticket ' +
  'security alert login device verify email address profile settings weekly digest report ' +
  'summary activity project comment mention review approved declined refund balance plan ' +
  'upgrade trial expires tomorrow today schedule meeting reminder calendar invitation'
).split(' ');
const SUBJECTS = [
  (n: number) => `Your order #${n} has shipped`,
  (n: number) => `Invoice INV-${n} is due`,
  () => 'Reset your password',
  () => 'Welcome to the team!',
  (n: number) => `Weekly digest: ${n % 50} new comments`,
  (n: number) => `Security alert: new login from device ${n % 97}`,
  (n: number) => `Receipt for payment ${n}`,
  (n: number) => `Ticket ${n} was updated`,
];

export interface GeneratedMail {
  from: { name: string; address: string };
  to: { name: string; address: string }[];
  subject: string;
  text: string;
  html: string | null;
  attachment: { filename: string; content: Buffer } | null;
}

export function generateMail(n: number, rand: () => number, bodyWords = 60): GeneratedMail {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const person = () => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const local = `${first}.${last}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    return {
      name: `${first} ${last}`,
      address: `${local}${Math.floor(rand() * 1000)}@${pick(DOMAINS)}`,
    };
  };
  const words = Array.from({ length: bodyWords + Math.floor(rand() * bodyWords * 2) }, () =>
    pick(WORDS),
  );
  const text = `Hello,\n\n${words.join(' ')}.\n\nReference ${n}-${Math.floor(rand() * 1e6)}\n`;
  const withHtml = rand() < 0.6;
  const withAttachment = rand() < 0.1;
  return {
    from: {
      name: `${pick(['Billing', 'Support', 'Notifications', 'Team'])} ${pick(LAST)}`,
      address: `noreply@${pick(DOMAINS)}`,
    },
    to: Array.from({ length: 1 + Math.floor(rand() * 2) }, person),
    subject: pick(SUBJECTS)(n),
    text,
    html: withHtml
      ? `<html><body><p>${words.join(' ')}</p><p>Reference ${n}</p></body></html>`
      : null,
    attachment: withAttachment
      ? {
          filename: `document-${n}.pdf`,
          content: Buffer.alloc(2000 + Math.floor(rand() * 20_000), n % 251),
        }
      : null,
  };
}

/** The same mail as a raw RFC 5322 message (CRLF, UTF-8 8-bit, multipart when needed). */
export function toRaw(mail: GeneratedMail, n: number, date: Date): Buffer {
  const boundary = `b-${n}`;
  const mailbox = (m: { name: string; address: string }) => `"${m.name}" <${m.address}>`;
  const head = [
    `From: ${mailbox(mail.from)}`,
    `To: ${mail.to.map(mailbox).join(', ')}`,
    `Subject: ${mail.subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${n}.bench@example.com>`,
    'MIME-Version: 1.0',
  ];
  const textPart = [
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    mail.text.replace(/\r?\n/g, '\r\n'),
  ];
  const alternative = mail.html
    ? [
        `Content-Type: multipart/alternative; boundary="${boundary}-alt"`,
        '',
        `--${boundary}-alt`,
        ...textPart,
        `--${boundary}-alt`,
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        mail.html,
        `--${boundary}-alt--`,
      ]
    : textPart;
  const body = mail.attachment
    ? [
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        ...alternative,
        `--${boundary}`,
        `Content-Type: application/pdf; name="${mail.attachment.filename}"`,
        `Content-Disposition: attachment; filename="${mail.attachment.filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        mail.attachment.content.toString('base64').replace(/.{76}/g, '$&\r\n'),
        `--${boundary}--`,
      ]
    : alternative;
  return Buffer.from(`${[...head, ...body].join('\r\n')}\r\n`, 'utf8');
}
