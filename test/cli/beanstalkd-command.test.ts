import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, beanpost, type CliProcess, freePort } from './cli-helpers.js';

beforeAll(() => assertCliBuilt());

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sends one command (with its body, if any) and resolves with the first reply line. */
function send(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setEncoding('latin1');
    socket.once('data', (reply: string) => {
      socket.destroy();
      resolve(reply.split('\r\n')[0] ?? '');
    });
    socket.once('error', reject);
    socket.write(command);
  });
}

const put = (port: number, body: string): Promise<string> =>
  send(port, `put 0 0 60 ${body.length}\r\n${body}\r\n`);

async function standalone(port: number, binlogDir: string): Promise<CliProcess> {
  const process = beanpost(['beanstalkd', '-l', '127.0.0.1', '-p', String(port), '-b', binlogDir]);
  cleanups.push(async () => {
    if (process.child.exitCode === null) process.child.kill('SIGKILL');
    return process.finished;
  });
  await process.waitForLine(/^beanstalkd 1\.12 listening on /);
  return process;
}

describe('beanpost beanstalkd (standalone, flags as the C server)', () => {
  it('drains on SIGUSR1, stops cleanly on SIGTERM, and keeps its jobs in -b DIR', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'beanpost-cli-beanstalkd-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();

    const first = await standalone(port, dir);
    expect(await put(port, 'kept')).toBe('INSERTED 1');

    first.child.kill('SIGUSR1');
    // The signal arrives asynchronously: puts are accepted until it has, then refused.
    let reply = '';
    for (let attempt = 0; attempt < 100 && reply !== 'DRAINING'; attempt++) {
      reply = await put(port, 'late');
      if (reply !== 'DRAINING') await sleep(20);
    }
    expect(reply).toBe('DRAINING');

    first.child.kill('SIGTERM');
    expect((await first.finished).code).toBe(0);

    await standalone(port, dir);
    expect(await send(port, 'peek 1\r\n')).toBe('FOUND 1 4');
  });
});
