import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, beanpost, runBeanpost, serveArgs } from './cli-helpers.js';

/** What `beanpost serve` puts on the network, and one serve per data dir. */

beforeAll(() => assertCliBuilt());

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'beanpost-cli-exposure-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Any free queue port, jobs in memory: these tests are about where things listen. */
function serve(dir: string, flags: string[] = []): string[] {
  return serveArgs(dir, ['--beanstalkd-port', '0', '--no-persist', ...flags]);
}

describe('beanpost serve', () => {
  it('documents --beanstalkd-host and that the queue has no authentication', async () => {
    const help = await runBeanpost(['serve', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(
      /--beanstalkd-host <addr> address to bind the embedded beanstalkd to; it has no authentication/,
    );
    expect(text).toMatch(/--host <addr> .*beanstalkd stays on 127\.0\.0\.1/);
  });

  it('keeps beanstalkd on loopback with --host 0.0.0.0', async () => {
    const running = beanpost(serve(await dataDir(), ['--host', '0.0.0.0']));
    cleanups.push(async () => {
      if (running.child.exitCode === null) running.child.kill('SIGTERM');
      return running.finished;
    });
    await running.waitForLine(/^UI and API at /);
    expect(running.stdout).toMatch(/^SMTP at 0\.0\.0\.0:\d+$/m);
    expect(running.stdout).toMatch(/^beanstalkd at 127\.0\.0\.1:\d+ \(in memory\)$/m);
  });

  it('refuses a second serve on the same data dir in one line naming --data-dir', async () => {
    const dir = await dataDir();
    const first = beanpost(serve(dir));
    cleanups.push(async () => {
      if (first.child.exitCode === null) first.child.kill('SIGTERM');
      return first.finished;
    });
    await first.waitForLine(/^UI and API at /);

    const second = await runBeanpost(serve(dir));
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split('\n');
    expect(lines).toEqual([
      `beanpost: data directory ${dir} is in use by another Beanpost (pid ${first.child.pid}); stop it, or give this one its own data directory with --data-dir`,
    ]);
  });
});
