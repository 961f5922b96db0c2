import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  Engine,
  EngineError,
  resolveEngineConfig,
} from '../../src/core/index.js';
import { SmtpWire } from './helpers/raw-smtp.js';
import { removeDir, startTestEngine, tempDataDir, transportTo } from './helpers/test-engine.js';

describe('Engine start and stop', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function dir(): Promise<string> {
    const path = await tempDataDir();
    cleanups.push(() => removeDir(path));
    return path;
  }

  it('resolves defaults and rejects bad options with INVALID_CONFIG', () => {
    const config = resolveEngineConfig({ dataDir: '/tmp/x' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      smtpPort: 1025,
      maxMessageSize: DEFAULT_MAX_MESSAGE_SIZE,
      smtpTls: false,
      dataDir: '/tmp/x',
    });
    expect(resolveEngineConfig({}).dataDir).toMatch(/beanpost/);
    for (const bad of [
      { smtpPort: 70_000 },
      { maxMessages: -1 },
      { maxMessageSize: 0 },
      { host: '' },
    ]) {
      expect(() => resolveEngineConfig(bad)).toThrow(EngineError);
      expect(() => resolveEngineConfig(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      );
    }
  });

  it('rejects with PORT_IN_USE naming the port when the SMTP port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const error = await Engine.start({
      smtpPort: port,
      beanstalkdEnabled: false,
      dataDir: await dir(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'PORT_IN_USE', port, host: '127.0.0.1' });
  });

  it('rejects with ADDRESS_UNAVAILABLE for an address this machine does not have', async () => {
    const error = await Engine.start({
      host: '192.0.2.1',
      smtpPort: 0,
      beanstalkdEnabled: false,
      dataDir: await dir(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ADDRESS_UNAVAILABLE', host: '192.0.2.1' });
  });

  it('rejects with DATA_DIR_UNUSABLE when the data dir cannot be created', async () => {
    const file = join(await dir(), 'a-file');
    await writeFile(file, 'not a directory');
    const error = await Engine.start({
      smtpPort: 0,
      beanstalkdEnabled: false,
      dataDir: join(file, 'data'),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATA_DIR_UNUSABLE', path: join(file, 'data') });
  });

  it('creates the data dir, and generates the TLS certificate once and reuses it', async () => {
    const dataDir = join(await dir(), 'nested', 'data');
    const first = await Engine.start({
      smtpPort: 0,
      beanstalkdEnabled: false,
      dataDir,
      smtpTls: true,
    });
    await first.stop();
    const cert = await readFile(join(dataDir, 'smtp-tls-cert.pem'), 'utf8');
    expect(cert).toMatch(/BEGIN CERTIFICATE/);
    const second = await Engine.start({
      smtpPort: 0,
      beanstalkdEnabled: false,
      dataDir,
      smtpTls: true,
    });
    cleanups.push(() => second.stop());
    expect(await readFile(join(dataDir, 'smtp-tls-cert.pem'), 'utf8')).toBe(cert);
    const transport = transportTo(second, { requireTLS: true });
    await transport.sendMail({ from: 'a@b.c', to: 'd@e.f', subject: 'tls again', text: 'x' });
    transport.close();
  });

  it('stops promptly with an idle client connected, and stop() can be called twice', async () => {
    const { engine, dataDir } = await startTestEngine();
    cleanups.push(() => removeDir(dataDir));
    const { wire } = await SmtpWire.open(engine.smtpAddress.port);
    await wire.command('EHLO idle.test');
    const closed = new Promise((resolve) => wire.socket.once('close', resolve));
    await Promise.all([engine.stop(), engine.stop()]);
    await closed;
  });

  it('has stored every message it answered 250 when stop() resolves', async () => {
    const { engine, dataDir } = await startTestEngine();
    cleanups.push(() => removeDir(dataDir));
    const transport = transportTo(engine, { pool: true });
    const accepted: string[] = [];
    const sends = Array.from({ length: 20 }, (_, i) =>
      transport
        .sendMail({ from: 'a@b.c', to: 'd@e.f', subject: `race ${i}`, text: 'x'.repeat(i * 1000) })
        .then(() => accepted.push(`race ${i}`))
        .catch(() => undefined),
    );
    await new Promise<void>((resolve) => engine.once('event', () => resolve()));
    await engine.stop();
    await Promise.all(sends);
    transport.close();

    const reopened = await Engine.start({ smtpPort: 0, beanstalkdEnabled: false, dataDir });
    cleanups.push(() => reopened.stop());
    const stored = reopened.store
      .list({ limit: 100, offset: 0, query: '' })
      .messages.map((m) => m.subject);
    expect(accepted.length).toBeGreaterThan(0);
    for (const subject of accepted) expect(stored).toContain(subject);
  });
});
