import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBeanstalkd } from '../../../src/core/queue/index.js';

/**
 * Differential harness: one script of steps, run against the real beanstalkd 1.12 and
 * against ours; each produces a transcript of what the server said, and the two
 * transcripts must be equal once volatile values are masked.
 */

export const REAL_BEANSTALKD = '/usr/bin/beanstalkd';

export type Step =
  /** Connection `c` (default 0) sends bytes, then reads `recv` replies (default 1). */
  | { c?: number; send: string | Buffer; recv?: number }
  /** Read `recv` replies; with `within`, each must arrive inside [min, max] ms of the step. */
  | { c?: number; recv: number; within?: [number, number] }
  /** Nothing may arrive on `c` for `ms`. */
  | { c?: number; silent: number }
  | { wait: number }
  /** Half-close (shutdown write) or drop connection `c`. */
  | { c?: number; end: true }
  | { c?: number; drop: true }
  /** The server must close connection `c`. */
  | { c?: number; closed: true }
  /** SIGUSR1 for the real server, drain() for ours. */
  | { drain: true }
  /** Stop the server and start it again on the same binlog dir (connections are lost). */
  | { restart: true };

export interface Case {
  name: string;
  steps: Step[];
  /** Server flags: `-z` and a temp `-b` dir. */
  maxJobSize?: number;
  binlog?: boolean;
  /** Extra YAML keys whose values differ legitimately in this case (times, files). */
  mask?: string[];
}

/** Values that differ between any two servers: process, clock, host, build. */
const ALWAYS_MASKED = [
  'pid',
  'rusage-utime',
  'rusage-stime',
  'uptime',
  'id',
  'hostname',
  'os',
  'platform',
];

export interface Server {
  port: number;
  stop(): Promise<void>;
  drain(): void;
  restart(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function waitListening(port: number, proc: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`beanstalkd exited with ${proc.exitCode}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('beanstalkd did not start listening');
}

/** Starts Debian's beanstalkd 1.12; throws (never skips) when it is not installed. */
export async function startReal(opts: {
  maxJobSize?: number;
  binlogDir?: string;
}): Promise<Server> {
  if (!existsSync(REAL_BEANSTALKD)) {
    throw new Error(`${REAL_BEANSTALKD} is missing: install the beanstalkd package`);
  }
  const port = await freePort();
  const args = ['-l', '127.0.0.1', '-p', String(port)];
  if (opts.maxJobSize !== undefined) args.push('-z', String(opts.maxJobSize));
  if (opts.binlogDir) args.push('-b', opts.binlogDir);
  const launch = async () => {
    const p = spawn(REAL_BEANSTALKD, args, { stdio: 'ignore' });
    await waitListening(port, p);
    return p;
  };
  const kill = (p: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  let proc = await launch();
  return {
    port,
    stop: () => kill(proc),
    drain: () => proc.kill('SIGUSR1'),
    restart: async () => {
      await kill(proc);
      proc = await launch();
    },
  };
}

export async function startOurs(opts: {
  maxJobSize?: number;
  binlogDir?: string;
}): Promise<Server> {
  const launch = (port: number) =>
    EmbeddedBeanstalkd.start({
      port,
      maxJobSize: opts.maxJobSize,
      persist: opts.binlogDir !== undefined,
      dataDir: opts.binlogDir,
    });
  let server = await launch(0);
  const port = server.address.port;
  // The real server is probed once by waitListening; count the same connection here.
  await canConnect(port);
  return {
    port,
    stop: () => server.stop(),
    drain: () => server.drain(),
    restart: async () => {
      await server.stop();
      server = await launch(port);
      await canConnect(port);
    },
  };
}

export interface Frame {
  line: string;
  body?: Buffer;
}

/** Reads reply frames: a line, plus `<bytes>+CRLF` for OK/FOUND/RESERVED. */
export class ReplyReader {
  private buf = Buffer.alloc(0);
  private ended = false;
  private notify: (() => void) | null = null;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.notify?.();
    });
    const onEnd = () => {
      this.ended = true;
      this.notify?.();
    };
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onEnd);
  }

  private tryFrame(): Frame | null {
    const eol = this.buf.indexOf('\r\n');
    if (eol < 0) return null;
    const line = this.buf.toString('latin1', 0, eol);
    const m = /^(?:OK|FOUND \d+|RESERVED \d+) (\d+)$/.exec(line);
    if (!m) {
      this.buf = this.buf.subarray(eol + 2);
      return { line };
    }
    const n = Number(m[1]);
    const total = eol + 2 + n + 2;
    if (this.buf.length < total) return null;
    const body = Buffer.from(this.buf.subarray(eol + 2, eol + 2 + n));
    this.buf = this.buf.subarray(total);
    return { line, body };
  }

  /** The next frame, 'EOF' when the server closed, or null after `ms`. */
  next(ms: number): Promise<Frame | 'EOF' | null> {
    return new Promise((resolve) => {
      const attempt = (): boolean => {
        const f = this.tryFrame();
        if (f) {
          finish(f);
          return true;
        }
        if (this.ended) {
          finish('EOF');
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => finish(null), ms);
      const finish = (v: Frame | 'EOF' | null) => {
        clearTimeout(timer);
        this.notify = null;
        resolve(v);
      };
      if (!attempt()) this.notify = () => void attempt();
    });
  }
}

function openConn(port: number): Promise<ReplyReader> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', allowHalfOpen: true, noDelay: true });
    s.once('connect', () => resolve(new ReplyReader(s)));
    s.once('error', reject);
  });
}

/** A frame as a comparable line, with volatile YAML values masked. */
export function describeFrame(f: Frame, masked: readonly string[]): string {
  if (!f.body) return f.line;
  const isYaml = f.line.startsWith('OK ');
  if (!isYaml) return `${f.line} | ${JSON.stringify(f.body.toString('latin1'))}`;
  const keys = new Set([...ALWAYS_MASKED, ...masked]);
  let changed = false;
  const text = f.body
    .toString('latin1')
    .split('\n')
    .map((l) => {
      const k = l.slice(0, l.indexOf(': '));
      if (!l.includes(': ') || !keys.has(k)) return l;
      changed = true;
      return `${k}: <masked>`;
    })
    .join('\n');
  // Masked values change the length; unmasked bodies keep their exact byte count.
  return `${changed ? 'OK <masked>' : f.line} | ${JSON.stringify(text)}`;
}

const RECV_TIMEOUT_MS = 4000;

/** Runs a script against one server; returns what it said, one entry per event. */
export async function runScript(server: Server, c: Case): Promise<string[]> {
  const { port } = server;
  const conns = new Map<number, ReplyReader>();
  const out: string[] = [];
  const conn = async (i: number): Promise<ReplyReader> => {
    let r = conns.get(i);
    if (!r) {
      r = await openConn(port);
      conns.set(i, r);
    }
    return r;
  };
  const masked = c.mask ?? [];
  try {
    for (const [n, step] of c.steps.entries()) {
      if ('wait' in step) {
        await new Promise((r) => setTimeout(r, step.wait));
        continue;
      }
      if ('drain' in step) {
        server.drain();
        // The real server takes the signal asynchronously: give it a moment.
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if ('restart' in step) {
        for (const r of conns.values()) r.socket.destroy();
        conns.clear();
        await server.restart();
        continue;
      }
      const i = step.c ?? 0;
      const r = await conn(i);
      if ('send' in step) {
        r.socket.write(
          typeof step.send === 'string' ? Buffer.from(step.send, 'latin1') : step.send,
        );
      }
      if ('end' in step) r.socket.end();
      if ('drop' in step) {
        r.socket.destroy();
        conns.delete(i);
        continue;
      }
      if ('silent' in step) {
        const f = await r.next(step.silent);
        out.push(
          `#${n} c${i} ${f === null ? '(silent)' : f === 'EOF' ? 'EOF' : describeFrame(f, masked)}`,
        );
        continue;
      }
      if ('closed' in step) {
        const f = await r.next(RECV_TIMEOUT_MS);
        out.push(
          `#${n} c${i} ${f === 'EOF' ? 'EOF' : f === null ? '(open)' : describeFrame(f, masked)}`,
        );
        continue;
      }
      const want = 'recv' in step && step.recv !== undefined ? step.recv : 'send' in step ? 1 : 0;
      const started = performance.now();
      for (let k = 0; k < want; k++) {
        const f = await r.next(RECV_TIMEOUT_MS);
        const took = performance.now() - started;
        let entry = `#${n} c${i} ${f === null ? '(no reply)' : f === 'EOF' ? 'EOF' : describeFrame(f, masked)}`;
        if ('within' in step && step.within) {
          const [min, max] = step.within;
          entry +=
            took >= min && took <= max ? ' (in time)' : ` (OUT OF TIME: ${Math.round(took)}ms)`;
        }
        out.push(entry);
      }
    }
  } finally {
    for (const r of conns.values()) r.socket.destroy();
  }
  return out;
}

/** Runs a case against both servers side by side; returns both transcripts. */
export async function runBoth(c: Case): Promise<{ real: string[]; ours: string[] }> {
  const dirs: string[] = [];
  const dir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'beanpost-diff-'));
    dirs.push(d);
    return d;
  };
  const realOpts = { maxJobSize: c.maxJobSize, binlogDir: c.binlog ? await dir() : undefined };
  const ourOpts = { maxJobSize: c.maxJobSize, binlogDir: c.binlog ? await dir() : undefined };
  const [real, ours] = await Promise.all([startReal(realOpts), startOurs(ourOpts)]);
  try {
    const [realOut, ourOut] = await Promise.all([runScript(real, c), runScript(ours, c)]);
    return { real: realOut, ours: ourOut };
  } finally {
    await Promise.all([real.stop(), ours.stop()]);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}
