import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EmbeddedBeanstalkd,
  Engine,
  type EngineConfig,
  EngineError,
  jobLogDir,
  resolveEngineConfig,
} from '../../src/core/index.js';

/**
 * The embedded beanstalkd as part of the engine: started by default, reached like any
 * beanstalkd over the wire, its jobs kept in the data dir across restarts.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'beanpost-engine-queue-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: Partial<EngineConfig>): Promise<Engine> {
  const engine = await Engine.start({ smtpPort: 0, beanstalkdPort: 0, ...options });
  cleanups.push(() => engine.stop());
  return engine;
}

/** Sends raw protocol bytes and resolves with the reply once `complete` matches it. */
function talk(port: number, request: string, complete: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (complete.test(reply)) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.once('error', reject);
    socket.once('close', () =>
      reject(new Error(`connection closed after ${JSON.stringify(reply)}`)),
    );
    socket.write(request, 'latin1');
  });
}

function put(port: number, body: string): Promise<string> {
  return talk(port, `put 10 0 60 ${body.length}\r\n${body}\r\n`, /\r\n$/);
}

function peekReady(port: number): Promise<string> {
  return talk(port, 'peek-ready\r\n', /^(NOT_FOUND\r\n|FOUND \d+ \d+\r\n[\s\S]*\r\n)$/);
}

function queuePort(engine: Engine): number {
  const address = engine.beanstalkdAddress;
  if (address === null) throw new Error('no beanstalkd');
  return address.port;
}

/** True when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function hold(port = 0): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { port: (server.address() as { port: number }).port, server };
}

/** A port free a moment ago (to learn afterwards whether the engine left it listening). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Engine with the embedded beanstalkd', () => {
  it('defaults to beanstalkd on 127.0.0.1:11300 whatever the engine host, jobs persisted', () => {
    expect(resolveEngineConfig({ dataDir: '/tmp/x', host: '0.0.0.0' })).toMatchObject({
      beanstalkdEnabled: true,
      beanstalkdHost: '127.0.0.1',
      beanstalkdPort: 11300,
      beanstalkdPersist: true,
    });
    expect(() => resolveEngineConfig({ beanstalkdPort: 65_536 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });

  it('starts beanstalkd by default; a put job is still there after a restart', async () => {
    const dir = await dataDir();
    const first = await start({ dataDir: dir });
    expect(first.beanstalkdAddress).toMatchObject({ host: '127.0.0.1' });
    expect(await put(queuePort(first), 'send-welcome-mail')).toMatch(/^INSERTED \d+\r\n$/);
    await first.stop();
    expect(await readdir(jobLogDir(dir))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^binlog\./)]),
    );

    const second = await start({ dataDir: dir });
    expect(await peekReady(queuePort(second))).toMatch(/^FOUND \d+ 17\r\nsend-welcome-mail\r\n$/);
  });

  it('keeps jobs in memory only with persistence off: gone after a restart, nothing on disk', async () => {
    const dir = await dataDir();
    const first = await start({ dataDir: dir, beanstalkdPersist: false });
    expect(await put(queuePort(first), 'ephemeral')).toMatch(/^INSERTED \d+\r\n$/);
    expect(await peekReady(queuePort(first))).toMatch(/^FOUND \d+ 9\r\nephemeral\r\n$/);
    await first.stop();
    expect(existsSync(jobLogDir(dir))).toBe(false);

    const second = await start({ dataDir: dir, beanstalkdPersist: false });
    expect(await peekReady(queuePort(second))).toBe('NOT_FOUND\r\n');
  });

  it('starts no beanstalkd when it is disabled', async () => {
    const port = await freePort();
    const engine = await start({
      dataDir: await dataDir(),
      beanstalkdEnabled: false,
      beanstalkdPort: port,
    });
    expect(engine.beanstalkdAddress).toBeNull();
    expect(await listening(port)).toBe(false);
  });

  it('rejects a taken beanstalkd port naming that listener, and leaves SMTP closed', async () => {
    const taken = await hold();
    const smtpPort = await freePort();
    const dir = await dataDir();
    const error = await Engine.start({
      dataDir: dir,
      smtpPort,
      beanstalkdPort: taken.port,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      code: 'PORT_IN_USE',
      listener: 'beanstalkd',
      port: taken.port,
      host: '127.0.0.1',
    });
    expect(await listening(smtpPort)).toBe(false);
    // The job log's lock went with it: the next start on this data dir works.
    const engine = await start({ dataDir: dir });
    expect(engine.beanstalkdAddress).not.toBeNull();
  });

  it('names SMTP when its port is taken, and starts no beanstalkd', async () => {
    const taken = await hold();
    const beanstalkdPort = await freePort();
    const error = await Engine.start({
      dataDir: await dataDir(),
      smtpPort: taken.port,
      beanstalkdPort,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PORT_IN_USE', listener: 'smtp', port: taken.port });
    expect(await listening(beanstalkdPort)).toBe(false);
  });

  it('refuses a job log another beanstalkd holds, naming the directory', async () => {
    const dir = await dataDir();
    // `beanpost beanstalkd --binlog-dir` pointed into the data dir: its lock, not the engine's.
    const other = await EmbeddedBeanstalkd.start({
      port: 0,
      persist: true,
      dataDir: jobLogDir(dir),
    });
    cleanups.push(() => other.stop());
    const error = await Engine.start({ dataDir: dir, smtpPort: 0, beanstalkdPort: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'DATA_DIR_UNUSABLE',
      listener: 'beanstalkd',
      path: jobLogDir(dir),
    });
  });
});
