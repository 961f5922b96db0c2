/**
 * Scale benchmark: a store with 100,000 realistic messages.
 *
 *   node --import tsx bench/scale.ts [count] [--data-dir DIR]
 *
 * Fills a fresh data dir through the store's own insert path (parse + view + insert in batches),
 * then measures in a separate, fresh process: Engine.start to ready, RSS, first page of the
 * list, full-text and operator searches (the first, cold call and the median of 20 warm ones).
 * Times are wall clock and, because this 2-core machine is shared with other work, also the
 * CPU time of the call (user + system), which other processes do not inflate.
 * With --data-dir the filled store is kept there and reused by the next run.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/core/index.js';
import { MessageStore } from '../src/core/mail/message-store.js';
import { type ReceivedMessage, viewFromParsed } from '../src/core/mail/message-view.js';
import { MimeParser } from '../src/core/mail/mime-parser.js';
import { DATABASE_FILE, openStoreDatabase } from '../src/core/mail/store-database.js';
import { seededRandom } from '../test/support/seeded-random.js';
import { generateMail, toRaw } from './realistic-mail.js';
import { runChild } from './run-child.js';

const DAY = 24 * 60 * 60 * 1000;
const BATCH = 1000;
/** Share of messages marked read, as in a mailbox someone has been working through. */
const READ_SHARE = 0.8;

const QUERIES: Array<[label: string, query: string]> = [
  ['first page (no query)', ''],
  ['full text, common word', 'tracking'],
  ['full text, rare reference', '"Reference 77777-"'],
  ['full text, two words', 'invoice payment'],
  ['from:, common name', 'from:billing'],
  ['from:, address', 'from:noreply@shop.example'],
  ['to:', 'to:garcia'],
  ['subject: phrase', 'subject:"reset your password"'],
  ['is:unread', 'is:unread'],
  ['has:attachment', 'has:attachment'],
  ['received after a date', 'after:2000-01-01'],
  ['text and a flag', 'tracking is:unread'],
  ['text, negated operator', 'invoice -from:billing'],
  ['negated text only', '-tracking'],
  ['2-letter word (whole word)', 'from:zz'],
  ['no letters (LIKE scan)', '"@"'],
];

async function fill(dataDir: string, count: number): Promise<void> {
  const parser = new MimeParser();
  const store = new MessageStore(openStoreDatabase(join(dataDir, DATABASE_FILE)), parser, {
    maxMessages: 0,
    maxAgeMs: 0,
  });
  const rand = seededRandom(42);
  const start = Date.now() - 60 * DAY;
  const t0 = performance.now();
  for (let first = 0; first < count; first += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - first) }, async (_, i) => {
        const n = first + i;
        const mail = generateMail(n, rand);
        const receivedAt = start + Math.floor((n / count) * 60 * DAY);
        const raw = toRaw(mail, n, new Date(receivedAt));
        const received: ReceivedMessage = {
          raw,
          envelope: {
            mailFrom: mail.from.address,
            rcptTo: mail.to.map((t) => t.address),
            remoteAddress: '127.0.0.1',
            clientHostname: '[127.0.0.1]',
            heloName: 'bench',
            authUser: null,
            secure: false,
            utf8: false,
          },
          transcript: [],
          receivedAt,
        };
        return viewFromParsed(received, await parser.parse(raw));
      }),
    );
    const ids = store.insert(batch);
    store.markRead(
      ids.filter(() => rand() < READ_SHARE),
      true,
    );
    if ((first / BATCH) % 10 === 0) {
      process.stderr.write(
        `filled ${first + batch.length} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
      );
    }
  }
  await store.close();
  await parser.close();
  process.stderr.write(
    `fill: ${count} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

interface Row {
  label: string;
  query: string;
  total: number;
  coldMs: number;
  warmMs: number;
  warmCpuMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs in a fresh process so RSS and startup are the engine's own. */
async function measure(dataDir: string): Promise<void> {
  const t0 = performance.now();
  const engine = await Engine.start({
    dataDir,
    smtpPort: 0,
    maxMessages: 0,
    maxAgeMs: 0,
    beanstalkdEnabled: false,
  });
  const readyMs = performance.now() - t0;
  const rssAfterStart = process.memoryUsage().rss;
  const rows: Row[] = [];
  for (const [label, query] of QUERIES) {
    const time = (): { ms: number; cpuMs: number; total: number } => {
      const cpu = process.cpuUsage();
      const t = performance.now();
      const list = engine.store.list({ limit: 50, offset: 0, query });
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      return { ms, cpuMs: (used.user + used.system) / 1000, total: list.total };
    };
    const cold = time();
    const warm = Array.from({ length: 20 }, time);
    rows.push({
      label,
      query,
      total: cold.total,
      coldMs: cold.ms,
      warmMs: median(warm.map((w) => w.ms)),
      warmCpuMs: median(warm.map((w) => w.cpuMs)),
    });
  }
  const detailT = performance.now();
  const newest = engine.store.list({ limit: 1, offset: 0, query: '' }).messages[0];
  engine.store.get(newest?.id ?? '');
  const detailMs = performance.now() - detailT;
  const rssAfterQueries = process.memoryUsage().rss;
  await engine.stop();
  process.stdout.write(
    JSON.stringify({
      readyMs,
      rssAfterStart,
      rssAfterQueries,
      detailMs,
      rows,
      maxRss: process.resourceUsage().maxRSS * 1024,
    }),
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') {
    await measure(process.argv[3] ?? '');
    return;
  }
  const count = Number(process.argv[2] ?? 100_000);
  const keepAt = process.argv.indexOf('--data-dir');
  const kept = keepAt === -1 ? null : (process.argv[keepAt + 1] ?? null);
  const dataDir = kept ?? (await mkdtemp(join(tmpdir(), 'beanpost-scale-')));
  try {
    if (kept === null || !(await isFilled(dataDir, count))) await fill(dataDir, count);
    const size = (await stat(join(dataDir, DATABASE_FILE))).size;
    const result = await runChild<{
      readyMs: number;
      rssAfterStart: number;
      rssAfterQueries: number;
      maxRss: number;
      detailMs: number;
      rows: Row[];
    }>(fileURLToPath(import.meta.url), ['--measure', dataDir]);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    console.log(`messages: ${count}, database: ${mb(size)}`);
    console.log(`Engine.start to ready: ${result.readyMs.toFixed(0)} ms`);
    console.log(
      `RSS after start: ${mb(result.rssAfterStart)}, after the queries: ${mb(result.rssAfterQueries)}, peak: ${mb(result.maxRss)}`,
    );
    console.log(`get() of one message: ${result.detailMs.toFixed(1)} ms`);
    console.log(
      '| list call (limit 50) | query | matches | first call | median of 20 | CPU, median |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const row of result.rows) {
      const cells = [row.coldMs, row.warmMs, row.warmCpuMs].map((ms) => `${ms.toFixed(1)} ms`);
      console.log(`| ${row.label} | \`${row.query}\` | ${row.total} | ${cells.join(' | ')} |`);
    }
  } finally {
    if (kept === null) await rm(dataDir, { recursive: true, force: true });
  }
}

async function isFilled(dataDir: string, count: number): Promise<boolean> {
  try {
    await stat(join(dataDir, DATABASE_FILE));
  } catch {
    return false;
  }
  const parser = new MimeParser();
  const store = new MessageStore(openStoreDatabase(join(dataDir, DATABASE_FILE)), parser, {
    maxMessages: 0,
    maxAgeMs: 0,
  });
  const total = store.stats().total;
  await store.close();
  await parser.close();
  return total === count;
}

await main();
