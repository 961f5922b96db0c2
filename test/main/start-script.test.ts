import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfoSchema } from '../../src/shared/info.js';

// `npm test` builds first; the script's own build step is skipped here to keep the test short.
const repoRoot = resolve(import.meta.dirname, '../..');
const startScript = join(repoRoot, 'scripts', 'start.js');

let dir: string;
let child: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beanpost-start-'));
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  child = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A port that was free a moment ago: the script's printed URL can then be checked exactly. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

function startScriptWith(args: string[], electronDist: string): ChildProcess {
  return spawn(process.execPath, [startScript, ...args], {
    cwd: repoRoot,
    env: { ...process.env, BEANPOST_SKIP_BUILD: '1', ELECTRON_OVERRIDE_DIST_PATH: electronDist },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects stdout until a line matches; fails with what was printed if the process ends first. */
function waitForLine(process: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match) {
        process.stdout?.off('data', onData);
        resolvePromise(match);
      }
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    process.once('exit', (code) => {
      reject(new Error(`start.js exited (${code}) before printing ${pattern}:\n${output}`));
    });
  });
}

describe('npm start (scripts/start.js)', () => {
  it('without the Electron binary, says so in one line and serves the UI in browser mode', async () => {
    const httpPort = await freePort();
    const emptyDist = join(dir, 'no-electron');
    child = startScriptWith(
      ['--smtp-port', '0', '--http-port', String(httpPort), '--data-dir', join(dir, 'data')],
      emptyDist,
    );
    const [line] = await waitForLine(child, /^Electron is not installed.*$/m);
    expect(line).toBe(
      `Electron is not installed here (binary missing): starting Beanpost in browser mode — open http://127.0.0.1:${httpPort}`,
    );
    await waitForLine(child, /UI and API at (\S+)/);

    const info = InfoSchema.parse(
      await (await fetch(`http://127.0.0.1:${httpPort}/api/info`)).json(),
    );
    expect(info.http.port).toBe(httpPort);
    expect(info.dataDir).toBe(join(dir, 'data'));
    const page = await fetch(`http://127.0.0.1:${httpPort}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('with an Electron binary, runs it on the project with the flags and exits with its code', async () => {
    const dist = join(dir, 'electron-dist');
    const record = join(dir, 'argv.json');
    // A stand-in for the Electron executable: records how it was called, exits with code 3.
    await mkdir(dist);
    const fake = join(dist, 'electron');
    await writeFile(
      fake,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));\nprocess.exit(3);\n`,
    );
    await chmod(fake, 0o755);

    child = startScriptWith(['--smtp-port', '2525'], dist);
    const [code] = await once(child, 'exit');
    expect(code).toBe(3);
    expect(JSON.parse(await readFile(record, 'utf8'))).toEqual({
      argv: ['.', '--smtp-port', '2525'],
      cwd: repoRoot,
    });
  });
});
