import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/index.js';
import {
  beanstalkdPortDialog,
  isBeanstalkdPortTaken,
  optionsAfterAnswer,
} from '../../src/main/beanstalkd-port-dialog.js';
import { startupErrorDialog } from '../../src/main/startup-error.js';
import { startBeanpost } from '../../src/server/start-beanpost.js';

let dataDir: string;
let blocker: Server;
let takenPort: number;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'beanpost-queue-dialog-'));
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  takenPort = (blocker.address() as { port: number }).port;
});
afterEach(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

async function startError(options: Parameters<typeof startBeanpost>[0]): Promise<unknown> {
  try {
    const running = await startBeanpost({ dataDir, smtpPort: 0, httpPort: 0, ...options });
    await running.stop();
  } catch (error) {
    return error;
  }
  throw new Error('Beanpost started on a port that was taken');
}

describe('a taken beanstalkd port in the desktop app', () => {
  it('is told apart from other start failures', async () => {
    const error = await startError({ beanstalkdPort: takenPort });
    expect(isBeanstalkdPortTaken(error)).toBe(true);
    const smtp = await startError({ smtpPort: takenPort, beanstalkdPort: 0 });
    expect(isBeanstalkdPortTaken(smtp)).toBe(false);
    expect(isBeanstalkdPortTaken(new Error('x'))).toBe(false);
  });

  it('offers the next free port, the running beanstalkd, or quitting', async () => {
    const error = (await startError({ beanstalkdPort: takenPort })) as EngineError;
    const dialog = beanstalkdPortDialog(error, takenPort + 1);
    expect(dialog.message).toBe(
      `Port ${takenPort} on 127.0.0.1 is already in use, perhaps by another beanstalkd.`,
    );
    expect(dialog.buttons).toEqual([
      `Use port ${takenPort + 1}`,
      'Use the running beanstalkd',
      'Quit',
    ]);
    expect(dialog.cancelId).toBe(2);
    expect(dialog.detail).toContain('settings file');
  });

  it('offers only the running beanstalkd when no port near is free', async () => {
    const error = (await startError({ beanstalkdPort: takenPort })) as EngineError;
    const dialog = beanstalkdPortDialog(error, null);
    expect(dialog.buttons).toEqual(['Use the running beanstalkd', 'Quit']);
    expect(dialog.answers[dialog.cancelId]).toEqual({ kind: 'quit' });
  });

  it('starts again as answered, remembering only a chosen port', async () => {
    const options = { dataDir, smtpPort: 0, httpPort: 0, beanstalkdPort: takenPort };
    const usePort = optionsAfterAnswer(options, { kind: 'use-port', port: 0 });
    expect(usePort?.remember).toEqual({ beanstalkdPort: 0 });
    const onPort = await startBeanpost(usePort?.options);
    try {
      expect(onPort.engine.beanstalkdAddress?.port).toBeGreaterThan(0);
    } finally {
      await onPort.stop();
    }

    const useRunning = optionsAfterAnswer(options, { kind: 'use-running' });
    expect(useRunning?.remember).toEqual({});
    const without = await startBeanpost(useRunning?.options);
    try {
      expect(without.engine.beanstalkdAddress).toBeNull();
    } finally {
      await without.stop();
    }
    expect(optionsAfterAnswer(options, { kind: 'quit' })).toBeNull();
  });

  it('names --beanstalkd-port and its settings key for a port that needs privileges', () => {
    const error = new EngineError('PERMISSION_DENIED', 'not allowed to listen on 127.0.0.1:80', {
      listener: 'beanstalkd',
      host: '127.0.0.1',
      port: 80,
    });
    const dialog = startupErrorDialog(error, '/home/me/desktop-settings.json');
    expect(dialog.message).toContain('beanstalkd port 80 on 127.0.0.1');
    expect(dialog.detail).toContain('"beanstalkdPort": 81');
    expect(dialog.detail).toContain('--beanstalkd-port 81');
  });
});
