import { mkdtempSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Binlog } from '../../src/core/queue/beanstalkd/binlog.js';
import { decodeRecords } from '../../src/core/queue/beanstalkd/binlog-format.js';
import type { BeanstalkdError } from '../../src/core/queue/beanstalkd/errors.js';
import { type LogIo, realLogIo } from '../../src/core/queue/beanstalkd/log-io.js';
import { QueueState } from '../../src/core/queue/beanstalkd/queue-state.js';
import { BeanstalkdServer } from '../../src/core/queue/beanstalkd/server.js';
import { EmbeddedBeanstalkd } from '../../src/core/queue/index.js';
import { TestClient } from './test-client.js';

/**
 * A disk that can be made to misbehave under the real binlog: `short` writes at most a few
 * bytes per call (then the rest on the next call), `full` writes half of what it is asked
 * once and then fails every write with ENOSPC, as a disk filling up mid-append does.
 */
class FlakyDisk implements LogIo {
  mode: 'ok' | 'short' | 'full' = 'ok';
  private filled = false;

  write(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
    if (this.mode === 'short') return writeSync(fd, buf, offset, Math.min(length, 5), position);
    if (this.mode === 'full') {
      if (this.filled) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      }
      this.filled = true;
      return writeSync(fd, buf, offset, Math.ceil(length / 2), position);
    }
    return realLogIo.write(fd, buf, offset, length, position);
  }

  truncate(fd: number, length: number): void {
    realLogIo.truncate(fd, length);
  }

  fsync(fd: number): void {
    if (this.mode === 'full') {
      throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' });
    }
    realLogIo.fsync(fd);
  }

  heal(): void {
    this.mode = 'ok';
    this.filled = false;
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The real server and binlog on a temp dir, writing through `disk`. */
async function startOn(disk: FlakyDisk) {
  const dir = mkdtempSync(join(tmpdir(), 'beanpost-logfail-'));
  dirs.push(dir);
  const q = new QueueState();
  const log = await Binlog.open(dir, 'always', q, disk);
  const errors: BeanstalkdError[] = [];
  log.on('error', (e) => errors.push(e));
  const server = new BeanstalkdServer(q, 65_535, log);
  const { port } = await server.listen('127.0.0.1', 0);
  const client = await TestClient.connect(port);
  return {
    dir,
    q,
    errors,
    client,
    async stop() {
      client.close();
      await server.close();
      await log.close();
    },
  };
}

/** What a restart from `dir` (with a real disk) finds: each id's body, or null. */
async function bodiesAfterRestart(dir: string, ids: number[]): Promise<(string | null)[]> {
  const server = await EmbeddedBeanstalkd.start({ port: 0, persist: true, dataDir: dir });
  const c = await TestClient.connect(server.address.port);
  try {
    const out: (string | null)[] = [];
    for (const id of ids) out.push((await c.command(`peek ${id}`)).body?.toString() ?? null);
    return out;
  } finally {
    c.close();
    await server.stop();
  }
}

function activeLog(dir: string): Buffer {
  const [name] = readdirSync(dir).filter((f) => /^binlog\.\d+$/.test(f));
  return readFileSync(join(dir, name as string));
}

describe('binlog write failures', () => {
  it('short writes are completed: every INSERTED job survives a restart', async () => {
    const disk = new FlakyDisk();
    const s = await startOn(disk);
    disk.mode = 'short';
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await s.client.command(`put ${i} 0 60 6`, `body-${i}`);
      expect(r.line).toMatch(/^INSERTED \d+$/);
      ids.push(Number(r.line.split(' ')[1]));
    }
    expect((await s.client.command(`delete ${ids[1]}`)).line).toBe('DELETED');
    await s.stop();
    expect(s.errors).toEqual([]);
    const log = activeLog(s.dir);
    expect(decodeRecords(log).validBytes).toBe(log.length);
    expect(await bodiesAfterRestart(s.dir, ids)).toEqual([
      'body-0',
      null,
      'body-2',
      'body-3',
      'body-4',
    ]);
  });

  it('a disk that fills mid-append: the put is refused and not kept, the file has no torn record, later jobs survive', async () => {
    const disk = new FlakyDisk();
    const s = await startOn(disk);
    const c = s.client;
    expect((await c.command('put 1 0 60 5', 'first')).line).toBe('INSERTED 1');
    const goodBytes = activeLog(s.dir).length;

    disk.mode = 'full';
    expect((await c.command('put 2 0 60 4', 'lost')).line).toBe('OUT_OF_MEMORY');
    expect((await c.command('peek 2')).line).toBe('NOT_FOUND');
    expect(s.errors.map((e) => e.code)).toEqual(['LOG_WRITE_FAILED']);
    // Cut back to the last whole record: nothing torn for a restart to stop at.
    expect(activeLog(s.dir).length).toBe(goodBytes);
    // While the log is broken nothing is acknowledged.
    expect((await c.command('put 3 0 60 4', 'also')).line).toBe('OUT_OF_MEMORY');
    expect((await c.command('reserve-with-timeout 0')).line).toBe('RESERVED 1 5');
    expect((await c.command('bury 1 9')).line).toBe('INTERNAL_ERROR');
    const pipelined = Buffer.from('put 0 0 60 1\r\na\r\nput 0 0 60 1\r\nb\r\n');
    c.send(pipelined);
    expect((await c.next()).line).toBe('OUT_OF_MEMORY');
    expect((await c.next()).line).toBe('OUT_OF_MEMORY');

    // Space again: the server writes a fresh snapshot before it acknowledges anything.
    disk.heal();
    let reply = '';
    for (let i = 0; i < 50 && !reply.startsWith('INSERTED'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      reply = (await c.command('put 4 0 60 5', 'after')).line;
    }
    expect(reply).toMatch(/^INSERTED \d+$/);
    const afterId = Number(reply.split(' ')[1]);
    expect((await c.command('put 5 0 60 4', 'more')).line).toBe(`INSERTED ${afterId + 1}`);
    await s.stop();

    const found = await bodiesAfterRestart(s.dir, [1, 2, 3, afterId, afterId + 1]);
    expect(found).toEqual(['first', null, null, 'after', 'more']);
  });

  it('a client that closes right after a put hears the outcome of the log write, not INSERTED first', async () => {
    const disk = new FlakyDisk();
    const s = await startOn(disk);
    disk.mode = 'full';
    // One read: the put and the close run in the same turn, before the binlog flush.
    s.client.send('put 0 0 60 2\r\nhi\r\nquit\r\n');
    s.client.end();
    expect((await s.client.next()).line).toBe('OUT_OF_MEMORY');
    await expect(s.client.next()).rejects.toThrow('connection closed');
    expect(s.q.jobs.size).toBe(0);
    disk.heal();
    await s.stop();
  });
});
