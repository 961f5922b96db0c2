/**
 * Client half of bench/big-message.ts, run as a child process.
 *
 *   node --import tsx bench/big-message-client.ts <port> big
 *     sends one message with an 18 MiB attachment (about 24.5 MiB on the wire); prints {"ms"}
 *   node --import tsx bench/big-message-client.ts <port> small <durationMs>
 *     sends small messages one after another over one connection for that long; prints the
 *     latency of each send as {"latencies": [...]}
 */
import { randomBytes } from 'node:crypto';
import { pooledTransport } from './pooled-transport.js';

const port = Number(process.argv[2]);
const mode = process.argv[3];
const transport = pooledTransport(port, 1);

if (mode === 'big') {
  const attachment = randomBytes(18 * 1024 * 1024);
  const t0 = performance.now();
  await transport.sendMail({
    from: 'big@example.com',
    to: 'inbox@example.com',
    subject: 'big',
    text: 'see attachment',
    attachments: [{ filename: 'big.bin', content: attachment }],
  });
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0 }));
} else {
  const until = performance.now() + Number(process.argv[4]);
  const latencies: number[] = [];
  while (performance.now() < until) {
    const t = performance.now();
    await transport.sendMail({
      from: 's@example.com',
      to: 'inbox@example.com',
      subject: 'small',
      text: 'hi',
    });
    latencies.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ latencies }));
}
transport.close();
