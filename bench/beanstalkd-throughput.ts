/**
 * The embedded beanstalkd against the real one, same client, same run:
 * - put+reserve+delete cycles per second with 1 and with 8 connections (each connection
 *   waits for every reply: latency-bound, like real workers), without and with a binlog;
 * - resident memory for 100,000 ready jobs of 200 bytes.
 *
 * Run: node --import tsx bench/beanstalkd-throughput.ts [--seconds 3] [--port-base 11410] [--only cycles|memory]
 * Needs /usr/bin/beanstalkd. Ports port-base .. port-base+9 on 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 3;
const portArg = process.argv.indexOf('--port-base');
const PORT_BASE = portArg > 0 ? Number(process.argv[portArg + 1]) : 11410;
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
/** Rounds per figure, alternating the servers; the median is reported (shared CPUs are noisy). */
const ROUNDS = 3;
const BODY = Buffer.alloc(200, 'j');
const MEMORY_JOBS = 100_000;

interface Target {
  name: string;
  start(port: number, binlogDir?: string): ChildProcess;
}

const targets: Target[] = [
  {
    name: 'beanstalkd 1.12 (C)',
    start: (port, dir) =>
      spawn(
        '/usr/bin/beanstalkd',
        ['-l', '127.0.0.1', '-p', String(port), ...(dir ? ['-b', dir] : [])],
        {
          stdio: 'ignore',
        },
      ),
  },
  {
    name: 'embedded (Node)',
    start: (port, dir) =>
      spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(here, 'beanstalkd-server-entry.ts'),
          '-p',
          String(port),
          ...(dir ? ['-b', dir] : []),
        ],
        { stdio: 'ignore' },
      ),
  },
];

/** A pipelining-capable raw client: send, then await the replies in order. */
class Client {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((line: string) => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.drain();
    });
  }

  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1', noDelay: true });
      s.once('connect', () => resolve(new Client(s)));
      s.once('error', reject);
    });
  }

  private drain(): void {
    for (;;) {
      const eol = this.buf.indexOf('\r\n');
      if (eol < 0 || this.waiting.length === 0) return;
      const line = this.buf.toString('latin1', 0, eol);
      const m = /^(?:RESERVED|FOUND|OK)(?: \d+)? (\d+)$/.exec(line);
      const total = m ? eol + 2 + Number(m[1]) + 2 : eol + 2;
      if (this.buf.length < total) return;
      this.buf = this.buf.subarray(total);
      (this.waiting.shift() as (line: string) => void)(line);
    }
  }

  send(data: Buffer | string, replies = 1): Promise<string[]> {
    const got: Promise<string>[] = [];
    for (let i = 0; i < replies; i++) got.push(new Promise((r) => this.waiting.push(r)));
    this.socket.write(data);
    return Promise.all(got);
  }

  close(): void {
    this.socket.destroy();
  }
}

const putCmd = Buffer.concat([
  Buffer.from(`put 0 0 60 ${BODY.length}\r\n`),
  BODY,
  Buffer.from('\r\n'),
]);

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      (await Client.open(port)).close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

async function cycles(port: number, conns: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: conns }, () => Client.open(port)));
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < until) {
        await c.send(putCmd);
        const [reserved] = await c.send('reserve\r\n');
        await c.send(`delete ${(reserved as string).split(' ')[1]}\r\n`);
        done++;
      }
    }),
  );
  for (const c of clients) c.close();
  return done / SECONDS;
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]);
}

async function memory(port: number, pid: number): Promise<{ before: number; after: number }> {
  const c = await Client.open(port);
  await c.send('stats\r\n');
  await new Promise((r) => setTimeout(r, 500));
  const before = rssKiB(pid);
  const batch = 1000;
  for (let i = 0; i < MEMORY_JOBS; i += batch) {
    await c.send(Buffer.concat(Array.from({ length: batch }, () => putCmd)), batch);
  }
  await new Promise((r) => setTimeout(r, 1500));
  const after = rssKiB(pid);
  c.close();
  return { before, after };
}

async function withServer<T>(
  t: Target,
  port: number,
  binlog: boolean,
  fn: (pid: number) => Promise<T>,
): Promise<T> {
  const dir = binlog ? mkdtempSync(join(tmpdir(), 'beanpost-bench-')) : undefined;
  const proc = t.start(port, dir);
  try {
    await waitForPort(port);
    return await fn(proc.pid as number);
  } finally {
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const rows: string[] = [];
let port = 0;
for (const binlog of ONLY === 'memory' ? [] : [false, true]) {
  for (const conns of [1, 8]) {
    const rates = targets.map((): number[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, t] of targets.entries()) {
        const p = PORT_BASE + (port++ % 10);
        rates[i]?.push(await withServer(t, p, binlog, () => cycles(p, conns)));
      }
    }
    const figures = targets.map((t, i) => {
      const sorted = [...(rates[i] ?? [])].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      return `${t.name}: ${Math.round(median).toLocaleString('en-US')}/s`;
    });
    rows.push(
      `cycles/s, ${conns} connection(s)${binlog ? ', binlog (-b, fsync 50ms)' : ''}: ${figures.join(' | ')}`,
    );
    console.log(rows.at(-1));
  }
}
for (const t of ONLY === 'cycles' ? [] : targets) {
  const p = PORT_BASE + (port++ % 10);
  const { before, after } = await withServer(t, p, false, (pid) => memory(p, pid));
  const perJob = ((after - before) * 1024) / MEMORY_JOBS;
  rows.push(
    `memory, ${MEMORY_JOBS.toLocaleString('en-US')} ready jobs x ${BODY.length} B, ${t.name}: RSS ${Math.round(before / 1024)} MiB -> ${Math.round(after / 1024)} MiB (+${Math.round((after - before) / 1024)} MiB, ${Math.round(perJob)} B/job)`,
  );
  console.log(rows.at(-1));
}
