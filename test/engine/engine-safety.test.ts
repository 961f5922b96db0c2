import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE } from '../../src/core/directory-lock.js';
import { Engine, type EngineConfig, EngineError } from '../../src/core/index.js';
import { DATABASE_FILE } from '../../src/core/mail/store-database.js';

/**
 * What keeps a running engine safe: the job queue stays on loopback when SMTP and the API are
 * exposed, one engine per data dir, and a failed retention sweep is a warning, not a crash.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'beanpost-engine-safety-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: Partial<EngineConfig>): Promise<Engine> {
  const engine = await Engine.start({
    smtpPort: 0,
    beanstalkdPort: 0,
    beanstalkdPersist: false,
    ...options,
  });
  cleanups.push(() => engine.stop());
  return engine;
}

describe('the embedded beanstalkd bind address', () => {
  it('stays on 127.0.0.1 when SMTP binds every address', async () => {
    const engine = await start({ host: '0.0.0.0', dataDir: await dataDir() });
    expect(engine.smtpAddress.host).toBe('0.0.0.0');
    expect(engine.beanstalkdAddress?.host).toBe('127.0.0.1');
  });

  it('goes where beanstalkdHost says', async () => {
    const engine = await start({
      host: '0.0.0.0',
      beanstalkdHost: '0.0.0.0',
      dataDir: await dataDir(),
    });
    expect(engine.beanstalkdAddress?.host).toBe('0.0.0.0');
  });
});

describe('one engine per data dir', () => {
  it('refuses a second engine on the same dir with DATA_DIR_LOCKED, until the first stops', async () => {
    const dir = await dataDir();
    const first = await Engine.start({ smtpPort: 0, beanstalkdEnabled: false, dataDir: dir });
    const second = Engine.start({ smtpPort: 0, beanstalkdEnabled: false, dataDir: dir });
    await expect(second).rejects.toBeInstanceOf(EngineError);
    await expect(second).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', path: dir });
    await expect(second).rejects.toThrow(dir);
    await first.stop();

    const third = await start({ beanstalkdEnabled: false, dataDir: dir });
    expect(third.store.stats()).toEqual({ total: 0, unread: 0 });
  });

  it('names the pid of another process holding the dir', async () => {
    const dir = await dataDir();
    // A live process that is not this one: the parent of the test runner's worker.
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), `${process.ppid}\n`);
    const refused = Engine.start({ smtpPort: 0, beanstalkdEnabled: false, dataDir: dir });
    await expect(refused).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED' });
    await expect(refused).rejects.toThrow(`pid ${process.ppid}`);
    // The refused engine left the other's lock alone.
    expect(await readFile(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = await dataDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    await writeFile(join(dir, DATA_DIR_LOCK_FILE), `${gone.stdout}\n`);
    const engine = await start({ beanstalkdEnabled: false, dataDir: dir });
    expect(await readFile(join(dir, DATA_DIR_LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await engine.stop();
    await expect(readFile(join(dir, DATA_DIR_LOCK_FILE))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('the retention sweep', () => {
  it('reports a failure as a warning and keeps running', async () => {
    const dir = await dataDir();
    const engine = await start({ beanstalkdEnabled: false, dataDir: dir, maxAgeMs: 1 });
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: engine.smtpAddress.port,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'old',
      text: 'x',
    });
    transport.close();
    // The message must be older than maxAgeMs (1 ms) when the sweep looks.
    await new Promise((resolve) => setTimeout(resolve, 5));

    // Another connection holding the write lock: the sweep's delete waits out SQLite's busy
    // timeout, then fails, as it would behind a stuck writer.
    const other = new Database(join(dir, DATABASE_FILE));
    other.exec('BEGIN IMMEDIATE');
    const warning = once(engine, 'warning');
    engine.sweep();
    const [error] = (await warning) as [Error];
    expect(error.message).toMatch(/^retention sweep failed: database is locked/);
    expect(engine.store.stats().total).toBe(1);

    other.exec('ROLLBACK');
    other.close();
    engine.sweep();
    expect(engine.store.stats().total).toBe(0);
  }, 30_000);
});
