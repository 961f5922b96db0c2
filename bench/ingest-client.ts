/**
 * The SMTP client half of bench/ingest.ts, run as a child process so its CPU does not share
 * the server's event loop: sends COUNT small messages over a nodemailer pool, prints
 * {"ms": ..., "sent": ..., "failed": ...} on stdout.
 *
 *   node --import tsx bench/ingest-client.ts <port> <count>
 */
import { seededRandom } from '../test/support/seeded-random.js';
import { pooledTransport } from './pooled-transport.js';
import { generateMail } from './realistic-mail.js';

/** A typical app's pooled client. */
const POOL_CONNECTIONS = 5;

const port = Number(process.argv[2]);
const count = Number(process.argv[3]);
const rand = seededRandom(7);
const messages = Array.from({ length: count }, (_, n) => {
  const mail = generateMail(n, rand, 30);
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
  };
});

const transport = pooledTransport(port, POOL_CONNECTIONS);

const t0 = performance.now();
const results = await Promise.allSettled(messages.map((message) => transport.sendMail(message)));
const ms = performance.now() - t0;
transport.close();
const failed = results.filter((r) => r.status === 'rejected').length;
process.stdout.write(JSON.stringify({ ms, sent: count - failed, failed }));
