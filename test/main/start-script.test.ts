import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindingPath, currentTarget } from '../../scripts/electron-native.js';
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

// Where the script keeps the Electron build of better-sqlite3: a temp dir, so the project's own
// out/native is never touched and nothing is ever downloaded here.
function nativeDir(): string {
  return join(dir, 'native');
}

function startScriptWith(
  args: string[],
  electronDist: string,
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, [startScript, ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      BEANPOST_SKIP_BUILD: '1',
      ELECTRON_OVERRIDE_DIST_PATH: electronDist,
      BEANPOST_NATIVE_DIR: nativeDir(),
      ...env,
    },
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

  /** A stand-in for the Electron executable: records how it was called, exits with code 3. */
  async function fakeElectron(): Promise<{ dist: string; record: string }> {
    const dist = join(dir, 'electron-dist');
    const record = join(dir, 'electron-call.json');
    await mkdir(dist);
    const fake = join(dist, 'electron');
    await writeFile(
      fake,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), binding: process.env.BEANPOST_SQLITE_BINDING }));\nprocess.exit(3);\n`,
    );
    await chmod(fake, 0o755);
    return { dist, record };
  }

  /** Runs start.js to its end; resolves with its exit code and what it printed. */
  async function runToEnd(
    process: ChildProcess,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    process.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    process.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const [code] = (await once(process, 'exit')) as [number | null];
    return { code, stdout, stderr };
  }

  // The first run's download cannot happen here: prebuild-install is told to skip it (as npm's
  // build-from-source setting does), and a stand-in for node-gyp does the compile step.
  async function fakeNodeGyp(outcome: 'builds' | 'fails'): Promise<Record<string, string>> {
    const script = join(dir, 'node-gyp.js');
    await writeFile(
      script,
      outcome === 'builds'
        ? `const fs = require('node:fs');\nfs.mkdirSync('build/Release', { recursive: true });\nfs.writeFileSync('build/Release/better_sqlite3.node', 'compiled in ' + process.cwd() + ' with ' + process.argv.slice(2).join(' '));\n`
        : `console.error('gyp ERR! not ok');\nprocess.exit(1);\n`,
    );
    return { npm_config_build_from_source: 'true', npm_config_node_gyp: script };
  }

  it('with an Electron binary, runs it on the project with the flags and its SQLite build, and exits with its code', async () => {
    const { dist, record } = await fakeElectron();
    // Prepared on an earlier run.
    const binding = bindingPath(nativeDir(), currentTarget(repoRoot));
    await mkdir(dirname(binding), { recursive: true });
    await writeFile(binding, 'an Electron build');

    child = startScriptWith(['--smtp-port', '2525'], dist);
    const { code, stdout } = await runToEnd(child);
    expect(code).toBe(3);
    expect(JSON.parse(await readFile(record, 'utf8'))).toEqual({
      argv: ['.', '--smtp-port', '2525'],
      cwd: repoRoot,
      binding,
    });
    // Already there: no preparing step.
    expect(stdout).toBe('');
    expect(await readFile(binding, 'utf8')).toBe('an Electron build');
  });

  it('prepares the SQLite build for Electron first when it is missing, in one line', async () => {
    const { dist, record } = await fakeElectron();
    const target = currentTarget(repoRoot);
    const binding = bindingPath(nativeDir(), target);

    child = startScriptWith([], dist, await fakeNodeGyp('builds'));
    const { code, stdout } = await runToEnd(child);
    expect(code).toBe(3);
    expect(stdout).toBe(
      `Preparing SQLite for Electron ${target.electronVersion} ${target.platform}-${target.arch} (one time, tens of seconds): ${binding}\n`,
    );
    expect(JSON.parse(await readFile(record, 'utf8'))).toMatchObject({ binding });
    const built = await readFile(binding, 'utf8');
    expect(built).toMatch(/^compiled in .*beanpost-electron-sqlite-.*better-sqlite3 with rebuild /);
    expect(built).toContain(`--runtime=electron --target=${target.electronVersion}`);
  });

  it('stops with the command to retry, without starting Electron, when the build cannot be made', async () => {
    const { dist, record } = await fakeElectron();

    child = startScriptWith([], dist, await fakeNodeGyp('fails'));
    const { code, stderr } = await runToEnd(child);
    expect(code).toBe(1);
    expect(stderr).toContain('prebuild-install (download) failed (exit 1)');
    expect(stderr).toContain('node-gyp (compile) failed (exit 1):\n    gyp ERR! not ok');
    expect(stderr).toContain('Retry with: node scripts/electron-native.js');
    await expect(readFile(record)).rejects.toThrow('ENOENT');
    await expect(readFile(bindingPath(nativeDir(), currentTarget(repoRoot)))).rejects.toThrow(
      'ENOENT',
    );
  });
});
