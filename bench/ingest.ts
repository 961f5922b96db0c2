/**
 * Ingest benchmark: small messages from a pooled nodemailer client into Beanpost (durable
 * store on: parse, SQLite commit, 250 after commit) and, in the same run, into a bare
 * smtp-server sink that discards the stream. Rounds alternate sink / Beanpost so drift on the
 * machine hits both alike; the client runs in a child process.
 *
 *   node --import tsx bench/ingest.ts [count] [rounds]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { Engine } from '../src/core/index.js';
import { runChild } from './run-child.js';

const COUNT = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 3);
const WARMUP = 500;
const clientScript = fileURLToPath(new URL('./ingest-client.ts', import.meta.url));

interface ClientResult {
  ms: number;
  sent: number;
  failed: number;
}

function runClient(port: number, count: number): Promise<ClientResult> {
  return runChild<ClientResult>(clientScript, [String(port), String(count)]);
}

/** The baseline: what smtp-server alone does with the same client, options as the catcher's. */
async function startSink(): Promise<{ port: number; stop: () => Promise<void> }> {
  const server = new SMTPServer({
    size: 25 * 1024 * 1024,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('end', () => callback(null, 'OK'));
      stream.resume();
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

const dataDir = await mkdtemp(join(tmpdir(), 'beanpost-ingest-'));
const sink = await startSink();
const engine = await Engine.start({
  smtpPort: 0,
  dataDir,
  maxMessages: 0,
  beanstalkdEnabled: false,
});
try {
  await runClient(sink.port, WARMUP);
  await runClient(engine.smtpAddress.port, WARMUP);
  const rows: Array<{ round: number; sink: number; beanpost: number }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const s = await runClient(sink.port, COUNT);
    const b = await runClient(engine.smtpAddress.port, COUNT);
    if (s.failed || b.failed)
      throw new Error(`failed sends: sink ${s.failed}, beanpost ${b.failed}`);
    rows.push({ round, sink: (s.sent / s.ms) * 1000, beanpost: (b.sent / b.ms) * 1000 });
  }
  const stored = engine.store.stats().total;
  console.log(`messages per run: ${COUNT}, rounds: ${ROUNDS}, stored by Beanpost: ${stored}`);
  console.log('| round | sink msg/s | Beanpost msg/s | ratio |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.round} | ${r.sink.toFixed(0)} | ${r.beanpost.toFixed(0)} | ${(r.beanpost / r.sink).toFixed(2)} |`,
    );
  }
  const mean = (k: 'sink' | 'beanpost') => rows.reduce((sum, r) => sum + r[k], 0) / rows.length;
  console.log(
    `| mean | ${mean('sink').toFixed(0)} | ${mean('beanpost').toFixed(0)} | ${(mean('beanpost') / mean('sink')).toFixed(2)} |`,
  );
} finally {
  await engine.stop();
  await sink.stop();
  await rm(dataDir, { recursive: true, force: true });
}
