#!/usr/bin/env node
// Prepares better-sqlite3's compiled module for the installed Electron, beside node_modules
// rather than in it: node_modules keeps the build for this machine's Node, which `beanpost
// serve` and the tests load, and the desktop app is handed this one (engine option
// sqliteNativeBinding). `npm start` runs it before Electron; run it alone to retry.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, win32 } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BINDING_FILE = 'better_sqlite3.node';
export const RETRY_COMMAND = 'node scripts/electron-native.js';
/** Where Electron's headers come from when the module has to be compiled. */
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
/** How much of a failed command's output the error repeats. */
const OUTPUT_TAIL_LINES = 25;

/**
 * Where the build for one combination lives. The better-sqlite3 version is part of the name:
 * its JavaScript and its compiled module must come from the same release.
 */
export function bindingPath(nativeDir, { sqliteVersion, electronVersion, platform, arch }) {
  return join(
    nativeDir,
    `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}`,
    BINDING_FILE,
  );
}

/** better-sqlite3's own first choice: its prebuilt module for this Electron, downloaded. */
export function prebuildInstallArgs(prebuildInstallBin, { electronVersion, platform, arch }) {
  return [
    prebuildInstallBin,
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    arch,
    '--platform',
    platform,
  ];
}

/** Its fallback: compile against Electron's headers (needs a C++ toolchain). */
export function nodeGypArgs(nodeGypBin, { electronVersion, arch }) {
  return [
    nodeGypBin,
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
  ];
}

/**
 * Where node-gyp may be, best first: npm names the copy it ships to the scripts it runs; else a
 * project-local one; else beside npm (`npm_execpath`), else in the npm installed with this Node.
 */
export function nodeGypCandidates({ env, execPath, platform, localNodeGyp }) {
  const path = platform === 'win32' ? win32 : posix;
  const inNpm = (npmDir) => path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const candidates = [env.npm_config_node_gyp, localNodeGyp];
  if (env.npm_execpath?.endsWith('npm-cli.js')) {
    candidates.push(inNpm(path.dirname(path.dirname(env.npm_execpath))));
  }
  const execDir = path.dirname(execPath);
  candidates.push(
    inNpm(
      platform === 'win32'
        ? path.join(execDir, 'node_modules', 'npm')
        : path.join(path.dirname(execDir), 'lib', 'node_modules', 'npm'),
    ),
  );
  return [...new Set(candidates.filter((candidate) => candidate))];
}

/** `require.resolve` from `fromDir`, or undefined when the module is not installed. */
function resolveFrom(fromDir, specifier) {
  try {
    return createRequire(join(fromDir, 'package.json')).resolve(specifier);
  } catch {
    return undefined;
  }
}

function packageVersion(fromDir, name) {
  const file = resolveFrom(fromDir, `${name}/package.json`);
  if (file === undefined) throw new Error(`${name} is not installed; run \`npm install\``);
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

/** The installed better-sqlite3 and Electron, on this machine's platform and architecture. */
export function currentTarget(root) {
  return {
    sqliteVersion: packageVersion(root, 'better-sqlite3'),
    electronVersion: packageVersion(root, 'electron'),
    platform: process.platform,
    arch: process.arch,
  };
}

/** out/native in the project (built artifacts live in out/), unless BEANPOST_NATIVE_DIR says. */
export function defaultNativeDir(root, env = process.env) {
  return env.BEANPOST_NATIVE_DIR || join(root, 'out', 'native');
}

/** Runs node on `args` in `cwd`, keeping its output for the error message. */
function runNode(args, cwd) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) =>
      resolvePromise({ code: null, output: `${output}${error.message}` }),
    );
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

/** A path as a person reads it: relative inside the project, absolute outside it. */
function shown(root, path) {
  const inProject = relative(root, path);
  return inProject.startsWith('..') ? path : inProject;
}

function tail(output) {
  const lines = output.trimEnd().split(/\r?\n/);
  return lines
    .slice(-OUTPUT_TAIL_LINES)
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * Makes sure the Electron build exists and returns where it is. When missing it works on a copy
 * of better-sqlite3 in a temp dir (so node_modules' own build is never touched): the download
 * first, then a compile. The file appears whole or not at all, so a run cut short just repeats.
 */
export async function ensureElectronBinding({
  root,
  nativeDir,
  target,
  log = console.log,
  run = runNode,
  env = process.env,
}) {
  const destination = bindingPath(nativeDir, target);
  if (existsSync(destination)) return { path: destination, prepared: false };

  const where = `${target.electronVersion} ${target.platform}-${target.arch}`;
  log(
    `Preparing SQLite for Electron ${where} (one time, tens of seconds): ${shown(root, destination)}`,
  );
  const sqliteDir = dirname(resolveFrom(root, 'better-sqlite3/package.json'));
  const work = await mkdtemp(join(tmpdir(), 'beanpost-electron-sqlite-'));
  try {
    const copy = join(work, 'better-sqlite3');
    const ownBuild = join(sqliteDir, 'build');
    await cp(sqliteDir, copy, { recursive: true, filter: (path) => path !== ownBuild });
    const built = join(copy, 'build', 'Release', BINDING_FILE);

    const nodeGyp = nodeGypCandidates({
      env,
      execPath: process.execPath,
      platform: process.platform,
      localNodeGyp: resolveFrom(root, 'node-gyp/bin/node-gyp.js'),
    }).find((candidate) => existsSync(candidate));
    const prebuildInstall = resolveFrom(sqliteDir, 'prebuild-install/bin.js');
    const attempts = [
      {
        name: 'prebuild-install (download)',
        args: prebuildInstall && prebuildInstallArgs(prebuildInstall, target),
        missing: 'prebuild-install not found (better-sqlite3 depends on it; run `npm install`)',
      },
      {
        name: 'node-gyp (compile)',
        args: nodeGyp && nodeGypArgs(nodeGyp, target),
        missing: 'node-gyp not found (npm ships it; run this through npm)',
      },
    ];
    const failures = [];
    for (const attempt of attempts) {
      if (!attempt.args) {
        failures.push(`  ${attempt.name}: ${attempt.missing}`);
        continue;
      }
      const { code, output } = await run(attempt.args, copy);
      if (code === 0 && existsSync(built)) {
        await mkdir(dirname(destination), { recursive: true });
        const partial = `${destination}.${process.pid}.partial`;
        await copyFile(built, partial);
        await rename(partial, destination);
        return { path: destination, prepared: true };
      }
      failures.push(`  ${attempt.name} failed (exit ${code}):\n${tail(output)}`);
    }
    throw new Error(
      [
        `Could not prepare SQLite (better-sqlite3 ${target.sqliteVersion}) for Electron ${where}:`,
        ...failures,
        'The download needs the network; compiling needs Python and a C++ toolchain.',
        `Retry with: ${RETRY_COMMAND}`,
      ].join('\n'),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** For `npm start` and the command line: the project's own Electron and output dir. */
export function prepareElectronBinding(root) {
  return ensureElectronBinding({
    root,
    nativeDir: defaultNativeDir(root),
    target: currentTarget(root),
  });
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  try {
    const { path } = await prepareElectronBinding(root);
    console.log(`SQLite for Electron: ${shown(root, path)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
