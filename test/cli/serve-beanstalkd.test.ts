import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InfoSchema } from '../../src/shared/index.js';
import {
  assertCliBuilt,
  beanpost,
  type CliProcess,
  freePort,
  holdPort,
  runBeanpost,
  serveArgs,
} from './cli-helpers.js';

beforeAll(() => assertCliBuilt());

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'beanpost-cli-queue-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function held(server: Server): void {
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
}

/** serveArgs running until it is ready, stopped after the test. */
async function serve(dir: string, flags: string[]): Promise<CliProcess> {
  const process = beanpost(serveArgs(dir, flags));
  cleanups.push(async () => {
    if (process.child.exitCode === null) process.child.kill('SIGTERM');
    return process.finished;
  });
  await process.waitForLine(/^UI and API at /);
  return process;
}

function put(port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setEncoding('latin1');
    socket.once('data', (reply: string) => {
      socket.destroy();
      resolve(reply);
    });
    socket.once('error', reject);
    socket.write(`put 0 0 60 ${body.length}\r\n${body}\r\n`);
  });
}

async function info(process: CliProcess) {
  const [, url] = (await process.waitForLine(/^UI and API at (\S+)$/)) as [string, string];
  return InfoSchema.parse(await (await fetch(`${url}/api/info`)).json());
}

describe('beanpost serve with the embedded beanstalkd', () => {
  it('starts it on --beanstalkd-port, prints where, and keeps jobs in the data dir', async () => {
    const dir = await dataDir();
    const port = await freePort();
    const running = await serve(dir, ['--beanstalkd-port', String(port)]);
    expect(running.stdout).toContain(
      `beanstalkd at 127.0.0.1:${port} (jobs kept in ${join(dir, 'beanstalkd')})\n`,
    );
    expect(await put(port, 'hello')).toMatch(/^INSERTED \d+\r\n$/);
    expect((await info(running)).beanstalkd).toEqual({ host: '127.0.0.1', port, persist: true });
  });

  it('keeps jobs in memory only with --no-persist', async () => {
    const dir = await dataDir();
    const running = await serve(dir, ['--beanstalkd-port', '0', '--no-persist']);
    const [, port] = (await running.waitForLine(
      /^beanstalkd at 127\.0\.0\.1:(\d+) \(in memory\)$/,
    )) as [string, string];
    expect(await put(Number(port), 'hello')).toMatch(/^INSERTED \d+\r\n$/);
    expect((await info(running)).beanstalkd?.persist).toBe(false);
    expect(existsSync(join(dir, 'beanstalkd'))).toBe(false);
  });

  it('starts none with --no-beanstalkd, even when its port is taken', async () => {
    const taken = await holdPort();
    held(taken.server);
    const running = await serve(await dataDir(), [
      '--no-beanstalkd',
      '--beanstalkd-port',
      String(taken.port),
    ]);
    expect(running.stdout).not.toContain('beanstalkd at');
    expect((await info(running)).beanstalkd).toBeNull();
  });

  it('reports a taken --beanstalkd-port in one line offering the running one or the next free port', async () => {
    const taken = await holdPort();
    held(taken.server);
    // The port above held too (when it is free), so "next free" has to skip a taken one.
    const above = await tryHold(taken.port + 1);
    if (above !== null) held(above);

    const result = await runBeanpost(
      serveArgs(await dataDir(), ['--beanstalkd-port', String(taken.port)]),
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const match = lines[0]?.match(
      new RegExp(
        `^beanpost: beanstalkd port ${taken.port} on 127\\.0\\.0\\.1 is already in use \\(another beanstalkd\\?\\); use the running one with --no-beanstalkd, or the next free port with --beanstalkd-port (\\d+)$`,
      ),
    );
    expect(match, lines[0]).not.toBeNull();
    const offered = Number(match?.[1]);
    expect(offered).toBeGreaterThan(above === null ? taken.port : taken.port + 1);
    const free = await tryHold(offered);
    expect(free).not.toBeNull();
    if (free !== null) held(free);
  });
});

/** Listens on the port if it is free; null if not. */
function tryHold(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
