#!/usr/bin/env node
// `npm start`: build, then run the desktop app, or the same UI in the browser where Electron's
// binary is not installed (CI, containers, offline installs that skipped its download).
// Extra arguments are passed through: they are `beanpost serve` flags in both modes.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareElectronBinding } from './electron-native.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

/**
 * The Electron executable, if it is really there. Not `require('electron')`: when the binary is
 * missing that call tries to download it, which hangs or fails offline.
 */
function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  // Mirrors electron's own lookup (node_modules/electron/index.js), minus the download.
  const pathFile = join(packageDir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !name) return undefined;
  const binary = override ? join(override, name || 'electron') : join(packageDir, 'dist', name);
  return existsSync(binary) ? binary : undefined;
}

/** The value of `--name value` or `--name=value` among the passed-through flags. */
function flagValue(name) {
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

/** Where the browser should go; serve prints the exact URL when it cannot be known up front. */
function browserUrl() {
  const port = flagValue('--http-port') ?? '1080';
  const host = flagValue('--host') ?? '127.0.0.1';
  if (port === '0' || !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    return 'the "UI and API at" address printed below';
  }
  return `http://${host === '::1' ? '[::1]' : host}:${port}`;
}

/** Runs a child to completion; resolves with its exit code, or its signal name. */
function run(command, commandArgs, { forwardSignals, env = {} }) {
  return new Promise((resolve, reject) => {
    // Its own process group (POSIX): a terminal's Ctrl+C reaches only us, and we pass it on once.
    // Sent twice, `beanpost serve` would give up its clean stop.
    const child = spawn(command, commandArgs, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: forwardSignals && process.platform !== 'win32',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined, ...env },
    });
    const forward = (signal) => child.kill(signal);
    if (forwardSignals) {
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? signal);
    });
  });
}

function exitLike(result) {
  if (typeof result === 'number') process.exit(result);
  // Killed by a signal: die the same way, so a caller sees what happened.
  process.kill(process.pid, result);
}

if (process.env.BEANPOST_SKIP_BUILD !== '1') {
  const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const built = await run(process.execPath, [electronVite, 'build'], { forwardSignals: false });
  if (built !== 0) exitLike(built);
}

const binary = electronBinary();
if (binary) {
  // node_modules' better-sqlite3 is built for this Node (the CLI and tests load it); Electron
  // gets a build for its own ABI, made once beside it, named to the app by this variable.
  let binding;
  try {
    ({ path: binding } = await prepareElectronBinding(root));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  exitLike(
    await run(binary, ['.', ...args], {
      forwardSignals: true,
      env: { BEANPOST_SQLITE_BINDING: binding },
    }),
  );
} else {
  console.log(
    `Electron is not installed here (binary missing): starting Beanpost in browser mode — open ${browserUrl()}`,
  );
  const cli = join(root, 'bin', 'beanpost.js');
  exitLike(await run(process.execPath, [cli, 'serve', ...args], { forwardSignals: true }));
}
