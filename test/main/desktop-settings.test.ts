import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESKTOP_SETTINGS_FILE, DesktopSettingsStore } from '../../src/main/desktop-settings.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'beanpost-settings-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('DesktopSettingsStore', () => {
  it('defaults to notifications on and no port overrides, writing nothing', async () => {
    const store = new DesktopSettingsStore(dataDir);
    expect(store.get()).toEqual({ notifications: true });
    await expect(readFile(store.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('persists the notifications toggle across restarts', () => {
    new DesktopSettingsStore(dataDir).update({ notifications: false });
    expect(new DesktopSettingsStore(dataDir).get().notifications).toBe(false);
  });

  it('reads port overrides a user wrote by hand', async () => {
    await writeFile(join(dataDir, DESKTOP_SETTINGS_FILE), '{"smtpPort": 2525, "httpPort": 8081}');
    expect(new DesktopSettingsStore(dataDir).get()).toEqual({
      notifications: true,
      smtpPort: 2525,
      httpPort: 8081,
    });
  });

  it('keeps the good fields of a file with a bad one', async () => {
    await writeFile(
      join(dataDir, DESKTOP_SETTINGS_FILE),
      '{"notifications": false, "smtpPort": 99999, "httpPort": "eighty"}',
    );
    expect(new DesktopSettingsStore(dataDir).get()).toEqual({ notifications: false });
  });

  it('ignores a corrupt file and overwrites it on the next change', async () => {
    await writeFile(join(dataDir, DESKTOP_SETTINGS_FILE), '{"notifications": fal');
    const store = new DesktopSettingsStore(dataDir);
    expect(store.get()).toEqual({ notifications: true });
    store.update({ notifications: false });
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual({ notifications: false });
  });

  it('creates the data dir when it does not exist yet', () => {
    const store = new DesktopSettingsStore(join(dataDir, 'not', 'yet'));
    store.update({ notifications: false });
    expect(new DesktopSettingsStore(join(dataDir, 'not', 'yet')).get().notifications).toBe(false);
  });
});
