/**
 * Does a 25 MiB message stall other SMTP sessions? One client sends a message with an 18 MiB
 * attachment while another sends small messages back to back; we record the engine's
 * event-loop delay and the small messages' latency. Run once with big messages parsed in the
 * worker thread (what the engine does) and once parsed inline, in the same process tree.
 *
 *   node --import tsx bench/big-message.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MessageIngest } from '../src/core/mail/message-ingest.js';
import { MessageStore } from '../src/core/mail/message-store.js';
import { MimeParser, WORKER_PARSE_BYTES } from '../src/core/mail/mime-parser.js';
import { SmtpCatcher } from '../src/core/mail/smtp-catcher.js';
import { DATABASE_FILE, openStoreDatabase } from '../src/core/mail/store-database.js';
import { runChild } from './run-child.js';

const clientScript = fileURLToPath(new URL('./big-message-client.ts', import.meta.url));

function client<T>(args: string[]): Promise<T> {
  return runChild<T>(clientScript, args);
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function run(label: string, workerParseBytes: number): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'beanpost-big-'));
  const parser = new MimeParser(workerParseBytes);
  const store = new MessageStore(openStoreDatabase(join(dataDir, DATABASE_FILE)), parser, {
    maxMessages: 0,
    maxAgeMs: 0,
  });
  const ingest = new MessageIngest(store, parser);
  const catcher = new SmtpCatcher(
    { host: '127.0.0.1', port: 0, maxMessageSize: 25 * 1024 * 1024, tls: null },
    ingest,
  );
  const { port } = await catcher.start();
  try {
    // Baseline with nothing big going on: on a shared machine the process itself gets
    // descheduled now and then, which shows up as event-loop delay too.
    const idleDelay = monitorEventLoopDelay({ resolution: 1 });
    idleDelay.enable();
    const idle = await client<{ latencies: number[] }>([String(port), 'small', '3000']);
    idleDelay.disable();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const [big, busy] = await Promise.all([
      client<{ ms: number }>([String(port), 'big']),
      client<{ latencies: number[] }>([String(port), 'small', '4000']),
    ]);
    delay.disable();
    return `| ${label} | ${big.ms.toFixed(0)} ms | ${(idleDelay.max / 1e6).toFixed(0)} ms | ${(delay.max / 1e6).toFixed(0)} ms | ${percentile(idle.latencies, 50).toFixed(1)} / ${percentile(idle.latencies, 99).toFixed(1)} ms | ${percentile(busy.latencies, 50).toFixed(1)} / ${percentile(busy.latencies, 99).toFixed(1)} / ${Math.max(...busy.latencies).toFixed(0)} ms |`;
  } finally {
    await catcher.stop();
    await parser.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const rows = [
  await run(
    `worker thread (parse in worker from ${WORKER_PARSE_BYTES / 1024 / 1024} MiB)`,
    WORKER_PARSE_BYTES,
  ),
  await run('inline (everything on the event loop)', Number.POSITIVE_INFINITY),
];
console.log(
  '| big messages parsed | big message 250 after | max event-loop delay, idle | max event-loop delay, big message | small msg p50 / p99, idle | small msg p50 / p99 / max, during the big one |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
