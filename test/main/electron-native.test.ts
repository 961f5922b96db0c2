import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bindingPath,
  type CommandResult,
  currentTarget,
  defaultNativeDir,
  type ElectronTarget,
  ensureElectronBinding,
  nodeGypArgs,
  nodeGypCandidates,
  prebuildInstallArgs,
  RETRY_COMMAND,
} from '../../scripts/electron-native.js';
import { preparedBindingPath } from '../../src/main/sqlite-binding.js';

// scripts/electron-native.js. Electron cannot be downloaded here and the network is loopback
// only, so the download (prebuild-install) and the compile (node-gyp) never really run: their
// command lines are checked as data, and the steps around them (the copy they work in, the
// fallback from one to the other, where the result goes) run with a stand-in for the command.
const repoRoot = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const target: ElectronTarget = {
  sqliteVersion: '12.11.1',
  electronVersion: '45.3.4',
  platform: 'linux',
  arch: 'x64',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'beanpost-electron-native-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function beanpostTempDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('beanpost-electron-sqlite-'));
}

describe('where the Electron build goes', () => {
  it('is named for better-sqlite3, Electron, platform and architecture', () => {
    expect(bindingPath('/p/out/native', target)).toBe(
      join(
        '/p/out/native',
        'better-sqlite3-12.11.1-electron-45.3.4-linux-x64',
        'better_sqlite3.node',
      ),
    );
  });

  it('is where the desktop app looks when `npm start` did not name it', () => {
    const nativeDir = defaultNativeDir(repoRoot, {});
    expect(nativeDir).toBe(join(repoRoot, 'out', 'native'));
    expect(bindingPath(nativeDir, target)).toBe(preparedBindingPath(repoRoot, target));
  });

  it('moves with BEANPOST_NATIVE_DIR', () => {
    expect(defaultNativeDir(repoRoot, { BEANPOST_NATIVE_DIR: '/elsewhere' })).toBe('/elsewhere');
  });

  it('targets the installed better-sqlite3 and Electron on this machine', async () => {
    const version = async (name: string): Promise<string> =>
      (
        JSON.parse(await readFile(require.resolve(`${name}/package.json`), 'utf8')) as {
          version: string;
        }
      ).version;
    expect(currentTarget(repoRoot)).toEqual({
      sqliteVersion: await version('better-sqlite3'),
      electronVersion: await version('electron'),
      platform: process.platform,
      arch: process.arch,
    });
  });
});

describe('the commands it would run', () => {
  it('downloads with better-sqlite3 own prebuild-install, for Electron', () => {
    expect(prebuildInstallArgs('/m/prebuild-install/bin.js', target)).toEqual([
      '/m/prebuild-install/bin.js',
      '--runtime',
      'electron',
      '--target',
      '45.3.4',
      '--arch',
      'x64',
      '--platform',
      'linux',
    ]);
  });

  it('else compiles with node-gyp against Electron headers', () => {
    expect(nodeGypArgs('/npm/node_modules/node-gyp/bin/node-gyp.js', target)).toEqual([
      '/npm/node_modules/node-gyp/bin/node-gyp.js',
      'rebuild',
      '--release',
      '--runtime=electron',
      '--target=45.3.4',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
    ]);
  });

  it('looks for node-gyp where npm says, then locally, then in npm', () => {
    expect(
      nodeGypCandidates({
        env: {
          npm_config_node_gyp: '/npm/node_modules/node-gyp/bin/node-gyp.js',
          npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
        },
        execPath: '/usr/bin/node',
        platform: 'linux',
        localNodeGyp: '/p/node_modules/node-gyp/bin/node-gyp.js',
      }),
    ).toEqual([
      '/npm/node_modules/node-gyp/bin/node-gyp.js',
      '/p/node_modules/node-gyp/bin/node-gyp.js',
      '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    ]);
    // Run outside npm (or by another package manager): only the npm installed with this Node.
    expect(
      nodeGypCandidates({
        env: { npm_execpath: '/opt/pnpm/bin/pnpm.cjs' },
        execPath: '/opt/node/bin/node',
        platform: 'linux',
        localNodeGyp: undefined,
      }),
    ).toEqual(['/opt/node/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js']);
    expect(
      nodeGypCandidates({
        env: {},
        execPath: 'C:\\nodejs\\node.exe',
        platform: 'win32',
        localNodeGyp: undefined,
      }),
    ).toEqual(['C:\\nodejs\\node_modules\\npm\\node_modules\\node-gyp\\bin\\node-gyp.js']);
  });
});

describe('ensureElectronBinding', () => {
  it('does nothing when the build is already there', async () => {
    const nativeDir = join(dir, 'native');
    const existing = bindingPath(nativeDir, target);
    await mkdir(dirname(existing), { recursive: true });
    await writeFile(existing, 'an Electron build');
    const logged: string[] = [];
    const ran: string[][] = [];

    const result = await ensureElectronBinding({
      root: repoRoot,
      nativeDir,
      target,
      log: (line) => logged.push(line),
      run: async (args) => {
        ran.push(args);
        return { code: 1, output: '' };
      },
    });
    expect(result).toEqual({ path: existing, prepared: false });
    expect(ran).toEqual([]);
    expect(logged).toEqual([]);
    expect(await readFile(existing, 'utf8')).toBe('an Electron build');
  });

  it('works on a copy of better-sqlite3, falls back from the download to the compile, and keeps the result', async () => {
    const nodeModulesBuild = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
    const hash = async (file: string): Promise<string> =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    const before = await hash(nodeModulesBuild);
    const tempDirsBefore = await beanpostTempDirs();
    const nativeDir = join(dir, 'native');
    const fakeNodeGyp = join(dir, 'node-gyp.js');
    await writeFile(fakeNodeGyp, '');
    const calls: { args: string[]; cwd: string; manifest: unknown; hasOwnBuild: boolean }[] = [];
    const logged: string[] = [];

    const result = await ensureElectronBinding({
      root: repoRoot,
      nativeDir,
      target,
      env: { npm_config_node_gyp: fakeNodeGyp },
      log: (line) => logged.push(line),
      run: async (args, cwd): Promise<CommandResult> => {
        calls.push({
          args,
          cwd,
          manifest: JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')),
          hasOwnBuild: existsSync(join(cwd, 'build')),
        });
        if (args[0] !== fakeNodeGyp) return { code: 1, output: 'getaddrinfo ENOTFOUND' };
        await mkdir(join(cwd, 'build', 'Release'), { recursive: true });
        await writeFile(join(cwd, 'build', 'Release', 'better_sqlite3.node'), 'compiled');
        return { code: 0, output: '' };
      },
    });

    expect(result).toEqual({ path: bindingPath(nativeDir, target), prepared: true });
    expect(await readFile(result.path, 'utf8')).toBe('compiled');
    expect(await readdir(dirname(result.path))).toEqual(['better_sqlite3.node']);
    expect(logged).toEqual([
      `Preparing SQLite for Electron 45.3.4 linux-x64 (one time, tens of seconds): ${result.path}`,
    ]);
    expect(calls.map((call) => basename(call.args[0] ?? ''))).toEqual(['bin.js', 'node-gyp.js']);
    expect(calls[0]?.args).toEqual(
      prebuildInstallArgs(
        require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] }),
        target,
      ),
    );
    expect(calls[1]?.args).toEqual(nodeGypArgs(fakeNodeGyp, target));
    for (const call of calls) {
      expect(call.cwd).not.toBe(sqliteDir);
      expect(call.manifest).toMatchObject({
        name: 'better-sqlite3',
        version: target.sqliteVersion,
      });
      // node_modules' own build is left behind, so nothing compiled for Node is reused.
      expect(call.hasOwnBuild).toBe(false);
    }
    expect(existsSync(calls[0]?.cwd ?? '')).toBe(false);
    expect(await beanpostTempDirs()).toEqual(tempDirsBefore);
    expect(await hash(nodeModulesBuild)).toBe(before);
  });

  it('fails naming both attempts and the command to retry, and leaves nothing behind', async () => {
    const tempDirsBefore = await beanpostTempDirs();
    const nativeDir = join(dir, 'native');
    const fakeNodeGyp = join(dir, 'node-gyp.js');
    await writeFile(fakeNodeGyp, '');

    const error = await ensureElectronBinding({
      root: repoRoot,
      nativeDir,
      target,
      env: { npm_config_node_gyp: fakeNodeGyp },
      log: () => {},
      run: async (args) => ({
        code: 1,
        output: args[0] === fakeNodeGyp ? 'gyp ERR! not ok\n' : 'getaddrinfo ENOTFOUND\n',
      }),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(
      'Could not prepare SQLite (better-sqlite3 12.11.1) for Electron 45.3.4 linux-x64',
    );
    expect(message).toContain(
      'prebuild-install (download) failed (exit 1):\n    getaddrinfo ENOTFOUND',
    );
    expect(message).toContain('node-gyp (compile) failed (exit 1):\n    gyp ERR! not ok');
    expect(message).toContain(`Retry with: ${RETRY_COMMAND}`);
    expect(existsSync(nativeDir)).toBe(false);
    expect(await beanpostTempDirs()).toEqual(tempDirsBefore);
  });
});
