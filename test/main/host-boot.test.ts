import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfoSchema } from '../../src/shared/info.js';

// The built host (out/main/index.js, made by `npm test`'s build) booted in plain Node with
// fixtures/electron-stand-in.mjs in place of Electron, whose binary cannot be installed here.
// Engine, HTTP server, SMTP, settings and window-state files are all real.
const repoRoot = resolve(import.meta.dirname, '../..');
const hostBundle = join(repoRoot, 'out', 'main', 'index.js');
const hook = join(import.meta.dirname, 'fixtures', 'electron-stand-in-hook.mjs');

interface Call {
  call: string;
  args: unknown[];
}

class BootedHost {
  readonly calls: Call[] = [];
  readonly process: ChildProcess;
  #waiters: { test: (call: Call) => boolean; done: (call: Call) => void }[] = [];
  #output = '';

  /** beanstalkd on any free port by default: parallel test files must not share 11300. */
  constructor(
    args: string[],
    env: Record<string, string> = {},
    beanstalkd: string[] = ['--beanstalkd-port', '0'],
  ) {
    this.process = spawn(process.execPath, ['--import', hook, hostBundle, ...beanstalkd, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.#output += chunk.toString('utf8');
    });
    if (!this.process.stdout) throw new Error('no stdout');
    createInterface({ input: this.process.stdout }).on('line', (line) => {
      this.#output += `${line}\n`;
      if (!line.startsWith('electron-call ')) return;
      const call = JSON.parse(line.slice('electron-call '.length)) as Call;
      this.calls.push(call);
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.test(call)) return true;
        waiter.done(call);
        return false;
      });
    });
  }

  /** The first call named `name` (already made or still to come) that passes `test`. */
  waitFor(name: string, test: (args: unknown[]) => boolean = () => true): Promise<Call> {
    const matches = (call: Call): boolean => call.call === name && test(call.args);
    const made = this.calls.find(matches);
    if (made) return Promise.resolve(made);
    return new Promise((done, reject) => {
      this.#waiters.push({ test: matches, done });
      this.process.once('exit', () =>
        reject(new Error(`host exited before calling ${name}; it printed:\n${this.#output}`)),
      );
    });
  }

  async exitCode(): Promise<number | null> {
    if (this.process.exitCode !== null) return this.process.exitCode;
    const [code] = (await once(this.process, 'exit')) as [number | null];
    return code;
  }
}

let dataDir: string;
let host: BootedHost | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'beanpost-host-'));
});
afterEach(async () => {
  if (host && host.process.exitCode === null && host.process.signalCode === null) {
    host.process.kill('SIGKILL');
    await once(host.process, 'exit');
  }
  host = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('the built Electron host, on a stand-in for Electron', () => {
  it('starts the engine, loads its UI securely, announces new mail and quits cleanly', async () => {
    expect(existsSync(hostBundle), 'run `npm run build` first').toBe(true);
    host = new BootedHost(['--smtp-port', '0', '--http-port', '0', '--data-dir', dataDir]);

    const [url, status] = (await host.waitFor('loadURL')).args as [string, number];
    expect(status).toBe(200);
    const origin = new URL(url).origin;
    const [windowOptions] = (await host.waitFor('new BrowserWindow')).args as [
      { webPreferences: Record<string, unknown> },
    ];
    expect(windowOptions.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      additionalArguments: [`--beanpost-api=${origin}`],
    });
    expect(existsSync(String(windowOptions.webPreferences.preload))).toBe(true);
    await host.waitFor('tray.setToolTip', ([text]) => text === 'Beanpost: no messages');

    const info = InfoSchema.parse(await (await fetch(`${origin}/api/info`)).json());
    expect(info.dataDir).toBe(dataDir);
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: info.smtp.port, secure: false, ignoreTLS: true })
      .sendMail({
        from: '"Acme Support" <support@acme.test>',
        to: 'user@example.com',
        subject: 'Reset your password',
        text: 'Click the link.',
      });

    await host.waitFor('tray.setToolTip', ([text]) => text === 'Beanpost: 1 unread of 1 message');
    await host.waitFor('app.setBadgeCount', ([count]) => count === 1);
    const [notification] = (await host.waitFor('notification.show')).args;
    expect(notification).toMatchObject({ title: 'Acme Support', body: 'Reset your password' });
    // The stand-in clicks the notification: the window is asked to select that message.
    const list = (await (await fetch(`${origin}/api/messages`)).json()) as {
      messages: { id: string }[];
    };
    const [, messageId] = (await host.waitFor('webContents.send')).args;
    expect(messageId).toBe(list.messages[0]?.id);

    host.process.kill('SIGTERM');
    expect(await host.exitCode()).toBe(0);
    const names = host.calls.map((call) => call.call);
    expect(names.indexOf('tray.destroy')).toBeLessThan(names.indexOf('app.exited'));
    expect(JSON.parse(await readFile(join(dataDir, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 40, y: 30, width: 1100, height: 760 },
      maximized: false,
    });
  });

  it('loads the SQLite build `npm start` names', async () => {
    // Electron's ABI cannot be had here: a copy of the Node build stands in for its build.
    const binding = join(dataDir, 'prepared', 'better_sqlite3.node');
    await mkdir(dirname(binding));
    await copyFile(
      join(
        dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
        'build',
        'Release',
        'better_sqlite3.node',
      ),
      binding,
    );
    host = new BootedHost(
      ['--smtp-port', '0', '--http-port', '0', '--data-dir', join(dataDir, 'data')],
      {
        BEANPOST_SQLITE_BINDING: binding,
      },
    );
    const [, status] = (await host.waitFor('loadURL')).args as [string, number];
    expect(status).toBe(200);
    expect(host.calls.map((call) => call.call)).not.toContain('dialog.showMessageBox');
    if (process.platform === 'linux') {
      // The copy, not node_modules' build, is the one mapped into the process.
      const maps = await readFile(`/proc/${host.process.pid}/maps`, 'utf8');
      expect(maps).toContain(binding);
      expect(maps).not.toContain('better-sqlite3/build/Release/better_sqlite3.node');
    }
    host.process.kill('SIGTERM');
    expect(await host.exitCode()).toBe(0);
  });

  describe('when it cannot start', () => {
    let blocker: Server;
    beforeEach(async () => {
      blocker = createServer();
      await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    });
    afterEach(async () => {
      await new Promise<void>((done) => blocker.close(() => done()));
    });

    it('shows a dialog naming the taken port instead of crashing, and exits 1', async () => {
      const address = blocker.address();
      if (address === null || typeof address !== 'object') throw new Error('no port');
      host = new BootedHost([
        '--smtp-port',
        String(address.port),
        '--http-port',
        '0',
        '--data-dir',
        dataDir,
      ]);
      const [dialog] = (await host.waitFor('dialog.showMessageBox')).args as [
        { message: string; detail: string },
      ];
      expect(dialog.message).toContain(`SMTP port ${address.port}`);
      expect(dialog.detail).toContain(join(dataDir, 'desktop-settings.json'));
      expect(await host.exitCode()).toBe(1);
    });

    /** The host started with the blocked port as beanstalkd's; the stand-in answers `response`. */
    function bootOnTakenBeanstalkdPort(response: number): { host: BootedHost; taken: number } {
      const taken = (blocker.address() as { port: number }).port;
      const booted = new BootedHost(
        ['--smtp-port', '0', '--http-port', '0', '--data-dir', dataDir],
        { STAND_IN_DIALOG_RESPONSE: String(response) },
        ['--beanstalkd-port', String(taken)],
      );
      return { host: booted, taken };
    }

    async function infoOf(booted: BootedHost) {
      const [url] = (await booted.waitFor('loadURL')).args as [string];
      return InfoSchema.parse(await (await fetch(`${new URL(url).origin}/api/info`)).json());
    }

    it('offers the next free port for a taken beanstalkd port, starts on it and remembers it', async () => {
      const booted = bootOnTakenBeanstalkdPort(0);
      host = booted.host;
      const [dialog] = (await host.waitFor('dialog.showMessageBox')).args as [
        { message: string; buttons: string[] },
      ];
      expect(dialog.message).toContain(`Port ${booted.taken} on 127.0.0.1 is already in use`);
      const offered = Number(dialog.buttons[0]?.match(/^Use port (\d+)$/)?.[1]);
      expect(offered).toBeGreaterThan(booted.taken);
      expect(dialog.buttons.slice(1)).toEqual(['Use the running beanstalkd', 'Quit']);

      expect((await infoOf(host)).beanstalkd?.port).toBe(offered);
      const settings = JSON.parse(await readFile(join(dataDir, 'desktop-settings.json'), 'utf8'));
      expect(settings).toMatchObject({ beanstalkdPort: offered });
      host.process.kill('SIGTERM');
      expect(await host.exitCode()).toBe(0);
    });

    it('starts without its own beanstalkd when told to use the running one', async () => {
      host = bootOnTakenBeanstalkdPort(1).host;
      expect((await infoOf(host)).beanstalkd).toBeNull();
      expect(existsSync(join(dataDir, 'desktop-settings.json'))).toBe(false);
      host.process.kill('SIGTERM');
      expect(await host.exitCode()).toBe(0);
    });

    it('says to run `npm start` when the SQLite build it is given will not load, and exits 1', async () => {
      const binding = join(dataDir, 'not-prepared', 'better_sqlite3.node');
      host = new BootedHost(['--smtp-port', '0', '--http-port', '0', '--data-dir', dataDir], {
        BEANPOST_SQLITE_BINDING: binding,
      });
      const [dialog] = (await host.waitFor('dialog.showMessageBox')).args as [
        { message: string; detail: string },
      ];
      expect(dialog.message).toContain('could not load its database module');
      expect(dialog.detail).toContain('Run `npm start`');
      expect(dialog.detail).toContain(binding);
      expect(await host.exitCode()).toBe(1);
    });

    it('shows a dialog for a bad flag, and exits 2', async () => {
      host = new BootedHost(['--http-port', 'eighty', '--data-dir', dataDir]);
      const [dialog] = (await host.waitFor('dialog.showMessageBox')).args as [{ message: string }];
      expect(dialog.message).toContain('--http-port');
      expect(await host.exitCode()).toBe(2);
    });
  });
});
