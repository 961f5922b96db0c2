import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLaunchFlags } from '../../src/main/launch-options.js';
import { startupErrorDialog } from '../../src/main/startup-error.js';
import { startBeanpost } from '../../src/server/start-beanpost.js';

let dataDir: string;
let blocker: Server;
let takenPort: number;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'beanpost-startup-error-'));
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  if (address === null || typeof address !== 'object') throw new Error('no port');
  takenPort = address.port;
});
afterEach(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

async function startError(options: Parameters<typeof startBeanpost>[0]): Promise<unknown> {
  try {
    const running = await startBeanpost({ dataDir, beanstalkdPort: 0, ...options });
    await running.stop();
  } catch (error) {
    return error;
  }
  throw new Error('Beanpost started on a port that was taken');
}

const settingsPath = '/home/me/.local/share/beanpost/desktop-settings.json';

describe('startupErrorDialog', () => {
  it('names a taken SMTP port and the three ways to move it', async () => {
    const dialog = startupErrorDialog(
      await startError({ smtpPort: takenPort, httpPort: 0 }),
      settingsPath,
    );
    expect(dialog.title).toBe('Beanpost could not start');
    expect(dialog.message).toContain(`SMTP port ${takenPort}`);
    expect(dialog.message).toContain('already in use');
    expect(dialog.detail).toContain(`"smtpPort": ${takenPort + 1}`);
    expect(dialog.detail).toContain(settingsPath);
    expect(dialog.detail).toContain(`--smtp-port ${takenPort + 1}`);
    expect(dialog.detail).toContain('beanpost serve');
  });

  it('tells a taken HTTP port from a taken SMTP port', async () => {
    const dialog = startupErrorDialog(
      await startError({ smtpPort: 0, httpPort: takenPort }),
      settingsPath,
    );
    expect(dialog.message).toContain(`HTTP port ${takenPort}`);
    expect(dialog.detail).toContain(`"httpPort": ${takenPort + 1}`);
    expect(dialog.detail).toContain(`--http-port ${takenPort + 1}`);
  });

  it('explains a bad command-line flag', () => {
    let error: unknown;
    try {
      parseLaunchFlags(['--smtp-port', 'many']);
    } catch (caught) {
      error = caught;
    }
    const dialog = startupErrorDialog(error, settingsPath);
    expect(dialog.message).toMatch(/^Option '--smtp-port <n>' argument 'many' is invalid/);
    expect(dialog.detail).toContain('beanpost serve');
  });

  it('says to run `npm start` when the SQLite module will not load', async () => {
    const binding = join(dataDir, 'missing', 'better_sqlite3.node');
    const dialog = startupErrorDialog(
      await startError({ smtpPort: 0, httpPort: 0, sqliteNativeBinding: binding }),
      settingsPath,
    );
    expect(dialog.title).toBe('Beanpost could not start');
    expect(dialog.message).toBe(
      'Beanpost could not load its database module (SQLite) in Electron.',
    );
    expect(dialog.detail).toContain('Run `npm start` in the Beanpost folder');
    expect(dialog.detail).toContain(
      `cannot load the SQLite module (better-sqlite3) from ${binding}`,
    );
  });

  it('shows the stack of anything unexpected rather than hiding it', () => {
    const dialog = startupErrorDialog(new TypeError('boom'), settingsPath);
    expect(dialog.message).toBe('An unexpected error stopped Beanpost from starting.');
    expect(dialog.detail).toContain('TypeError: boom');
  });
});
