import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Server, startOurs, startReal } from './differential/harness.js';

/**
 * fivebeans ships its client test suite (mocha + must) in the npm package. We run that
 * file as shipped, against our server and against the real one, with a preload that
 * points its fixed 127.0.0.1:11300 at the server under test.
 */
const require = createRequire(import.meta.url);
const fivebeansDir = dirname(require.resolve('fivebeans/package.json'));
const mochaBin = join(dirname(require.resolve('mocha/package.json')), 'bin', 'mocha.js');
const preload = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fivebeans-port.cjs');

interface MochaReport {
  stats: { tests: number; passes: number; failures: number; pending: number };
  failures: { fullTitle: string; err: { message?: string } }[];
}

function runSuite(port: number): Promise<MochaReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        preload,
        mochaBin,
        '--exit',
        '--timeout',
        '8000',
        '--reporter',
        'json',
        'test/test-client.js',
      ],
      { cwd: fivebeansDir, env: { ...process.env, BEANSTALKD_TEST_PORT: String(port) } },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as MochaReport);
      } catch {
        reject(new Error(`mocha printed no report:\n${out}\n${err}`));
      }
    });
  });
}

async function suiteAgainst(start: () => Promise<Server>): Promise<MochaReport> {
  const server = await start();
  try {
    return await runSuite(server.port);
  } finally {
    await server.stop();
  }
}

describe.concurrent("fivebeans' own client test suite", () => {
  it('passes against the embedded server', async () => {
    const report = await suiteAgainst(() => startOurs({}));
    expect(report.failures.map((f) => `${f.fullTitle}: ${f.err.message}`)).toEqual([]);
    expect(report.stats.passes).toBe(report.stats.tests);
    expect(report.stats.tests).toBeGreaterThan(25);
  });

  it('passes against the real beanstalkd (the suite itself works here)', async () => {
    const report = await suiteAgainst(() => startReal({}));
    expect(report.failures).toEqual([]);
    expect(report.stats.passes).toBe(report.stats.tests);
  });
});
