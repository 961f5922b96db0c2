import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedBindingPath, sqliteBindingFor } from '../../src/main/sqlite-binding.js';

let appPath: string;
beforeEach(async () => {
  appPath = await mkdtemp(join(tmpdir(), 'beanpost-app-'));
});
afterEach(async () => {
  await rm(appPath, { recursive: true, force: true });
});

const notAsked = (): string => {
  throw new Error('the app path should not be needed');
};

async function prepared(electronVersion: string): Promise<string> {
  const manifest = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const path = preparedBindingPath(appPath, {
    sqliteVersion: version,
    electronVersion,
    platform: process.platform,
    arch: process.arch,
  });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, 'an Electron build');
  return path;
}

describe('sqliteBindingFor (which better-sqlite3 build the desktop app loads)', () => {
  it('takes the one `npm start` names', () => {
    expect(
      sqliteBindingFor({
        env: { BEANPOST_SQLITE_BINDING: '/prepared/better_sqlite3.node' },
        electronVersion: '45.3.4',
        appPath: notAsked,
      }),
    ).toBe('/prepared/better_sqlite3.node');
  });

  it('outside Electron, leaves the package its own', () => {
    expect(sqliteBindingFor({ env: {}, electronVersion: undefined, appPath: notAsked })).toBe(
      undefined,
    );
  });

  it('under Electron, finds the one an earlier `npm start` prepared for this version', async () => {
    const path = await prepared('45.3.4');
    expect(sqliteBindingFor({ env: {}, electronVersion: '45.3.4', appPath: () => appPath })).toBe(
      path,
    );
  });

  it('under Electron with none prepared for this version, leaves the package its own', async () => {
    await prepared('44.0.0');
    expect(
      sqliteBindingFor({ env: {}, electronVersion: '45.3.4', appPath: () => appPath }),
    ).toBeUndefined();
  });
});
