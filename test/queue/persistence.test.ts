import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BeanstalkdError, EmbeddedBeanstalkd } from '../../src/core/queue/index.js';
import { TestClient } from './test-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'fixtures', 'run-beanstalkd-command.ts');

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'beanpost-binlog-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `beanpost beanstalkd -p 0 -b DIR` as its own process; resolves with its port. */
function startProcess(dir: string): Promise<{ proc: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', entry, '-p', '0', '-b', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^\s]+:(\d+)/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

function exited(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
}

interface Sent {
  pri: number;
  delay: number;
  ttr: number;
  body: Buffer;
  buried: boolean;
}

describe('binlog persistence', () => {
  it('kill -9 during a burst of puts: every INSERTED job is back with pri, ttr, delay and buried state', async () => {
    const dir = tempDir();
    const first = await startProcess(dir);
    const acked = new Map<number, Sent>();
    let stop = false;

    // Eight producers pipeline puts as fast as replies come; one worker buries some jobs.
    const producer = async (n: number) => {
      const c = await TestClient.connect(first.port);
      let i = 0;
      try {
        while (!stop) {
          const batch: Omit<Sent, 'buried'>[] = [];
          for (let k = 0; k < 20; k++, i++) {
            const body = Buffer.from(`p${n}-${i}-${'x'.repeat((i * 7) % 300)}\0\xff`, 'latin1');
            const job = {
              pri: (i * 13) % 5000,
              delay: i % 4 === 0 ? 600 : 0,
              ttr: 1 + (i % 120),
              body,
            };
            batch.push(job);
            c.send(
              Buffer.concat([
                Buffer.from(`put ${job.pri} ${job.delay} ${job.ttr} ${body.length}\r\n`),
                body,
                Buffer.from('\r\n'),
              ]),
            );
          }
          for (const job of batch) {
            const f = await c.next();
            const m = /^INSERTED (\d+)$/.exec(f.line);
            if (m) acked.set(Number(m[1]), { ...job, buried: false });
          }
        }
      } catch {
        // The server was killed mid-burst: what was acknowledged is in `acked`.
      } finally {
        c.close();
      }
    };
    const burier = async () => {
      const c = await TestClient.connect(first.port);
      try {
        while (!stop) {
          const f = await c.command('reserve-with-timeout 0');
          const m = /^RESERVED (\d+)/.exec(f.line);
          if (!m) continue;
          const id = Number(m[1]);
          const r = await c.command(`bury ${id} 7`);
          const job = acked.get(id);
          if (r.line === 'BURIED' && job) acked.set(id, { ...job, pri: 7, buried: true });
        }
      } catch {
        // Killed.
      } finally {
        c.close();
      }
    };
    const work = [...Array.from({ length: 8 }, (_, n) => producer(n)), burier()];
    while (acked.size < 4000) await new Promise((r) => setTimeout(r, 20));
    first.proc.kill('SIGKILL');
    await exited(first.proc);
    stop = true;
    await Promise.all(work);

    const second = await startProcess(dir);
    const c = await TestClient.connect(second.port);
    try {
      const missing: number[] = [];
      const wrong: string[] = [];
      for (const [id, sent] of acked) {
        const st = await c.statsJob(id);
        if (!st) {
          missing.push(id);
          continue;
        }
        const state = sent.buried ? 'buried' : sent.delay > 0 ? 'delayed' : 'ready';
        const got = `${st.state} pri=${st.pri} ttr=${st.ttr} delay=${st.delay}`;
        const want = `${state} pri=${sent.pri} ttr=${sent.ttr} delay=${sent.delay}`;
        if (got !== want) wrong.push(`${id}: ${got} != ${want}`);
        if (state === 'delayed' && Number(st['time-left']) > sent.delay)
          wrong.push(`${id}: time-left`);
        const peek = await c.command(`peek ${id}`);
        if (!peek.body?.equals(sent.body)) wrong.push(`${id}: body`);
      }
      expect(missing).toEqual([]);
      expect(wrong).toEqual([]);
      expect(acked.size).toBeGreaterThanOrEqual(4000);
      expect([...acked.values()].some((j) => j.buried)).toBe(true);
    } finally {
      c.close();
      second.proc.kill('SIGTERM');
      await exited(second.proc);
    }
  });

  it('a torn record at the end of the log is dropped, the rest replays', async () => {
    const dir = tempDir();
    let server = await EmbeddedBeanstalkd.start({ port: 0, persist: true, dataDir: dir });
    const c = await TestClient.connect(server.address.port);
    expect((await c.command('put 5 0 60 3', 'one')).line).toBe('INSERTED 1');
    expect((await c.command('put 6 0 60 3', 'two')).line).toBe('INSERTED 2');
    c.close();
    // A crash can leave half a record: simulate one after a hard stop.
    await server.stop();
    const [file] = readdirSync(dir).filter((f) => f.startsWith('binlog.'));
    appendFileSync(join(dir, file as string), Buffer.from([40, 0, 0, 0, 1, 2, 3]));
    server = await EmbeddedBeanstalkd.start({ port: 0, persist: true, dataDir: dir });
    const d = await TestClient.connect(server.address.port);
    try {
      expect((await d.command('peek 1')).body?.toString()).toBe('one');
      expect((await d.command('peek 2')).body?.toString()).toBe('two');
      expect((await d.command('put 0 0 60 1', 'x')).line).toBe('INSERTED 3');
    } finally {
      d.close();
      await server.stop();
    }
  });

  it('compacts the log when deleted jobs dominate it, and ids go on after a restart', async () => {
    const dir = tempDir();
    let server = await EmbeddedBeanstalkd.start({
      port: 0,
      persist: true,
      dataDir: dir,
      fsync: 'never',
    });
    const compactions: number[] = [];
    server.on('compacted', (info) => compactions.push(info.bytesAfter));
    const c = await TestClient.connect(server.address.port);
    const body = 'b'.repeat(4000);
    for (let i = 1; i <= 3000; i++) {
      expect((await c.command(`put 0 0 60 ${body.length}`, body)).line).toBe(`INSERTED ${i}`);
      if (i % 100 !== 0) expect((await c.command(`delete ${i}`)).line).toBe('DELETED');
    }
    c.close();
    expect(compactions.length).toBeGreaterThan(0);
    const size = readdirSync(dir)
      .filter((f) => f.startsWith('binlog.'))
      .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(size).toBeLessThan(8 << 20);
    await server.stop();

    server = await EmbeddedBeanstalkd.start({ port: 0, persist: true, dataDir: dir });
    const d = await TestClient.connect(server.address.port);
    try {
      const st = await d.statsJob(3000);
      expect(st?.state).toBe('ready');
      expect(await d.statsJob(2999)).toBeNull();
      expect((await d.command('put 0 0 60 1', 'x')).line).toBe('INSERTED 3001');
      const stats = (await d.command('stats')).body?.toString() ?? '';
      expect(stats).toContain('current-jobs-ready: 31\n');
    } finally {
      d.close();
      await server.stop();
    }
  });

  it('refuses a data dir another live server holds, and a taken port', async () => {
    const dir = tempDir();
    const server = await EmbeddedBeanstalkd.start({ port: 0, persist: true, dataDir: dir });
    try {
      await expect(
        EmbeddedBeanstalkd.start({ port: 0, persist: true, dataDir: dir }),
      ).rejects.toMatchObject({
        code: 'DATA_DIR_LOCKED',
      });
      const taken = EmbeddedBeanstalkd.start({ port: server.address.port });
      await expect(taken).rejects.toBeInstanceOf(BeanstalkdError);
      await expect(taken).rejects.toMatchObject({ code: 'PORT_IN_USE', port: server.address.port });
      const next = await EmbeddedBeanstalkd.nextFreePort('127.0.0.1', server.address.port);
      expect(next).toBeGreaterThan(server.address.port);
      const other = await EmbeddedBeanstalkd.start({ port: next ?? 0 });
      await other.stop();
    } finally {
      await server.stop();
    }
  });
});
