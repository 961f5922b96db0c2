import { copyFile, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, EngineError } from '../../src/core/index.js';
import { removeDir, startTestEngine, tempDataDir, transportTo } from './helpers/test-engine.js';

// The desktop app hands the engine a better-sqlite3 build for Electron's ABI through this
// option. Electron cannot run here, so the Node build stands in for it, copied to a path of its
// own so that loading it proves the option was followed.
const require = createRequire(import.meta.url);
const nodeBuild = join(
  require.resolve('better-sqlite3/package.json'),
  '..',
  'build',
  'Release',
  'better_sqlite3.node',
);

describe('Engine option sqliteNativeBinding', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function dir(prefix: string): Promise<string> {
    const path = await mkdtemp(join(tmpdir(), prefix));
    cleanups.push(() => removeDir(path));
    return path;
  }

  it('loads the given build and stores and reads mail with it', async () => {
    const binding = join(await dir('beanpost-binding-'), 'better_sqlite3.node');
    await copyFile(nodeBuild, binding);
    expect(require.cache[binding]).toBeUndefined();

    const { engine, dataDir } = await startTestEngine({ sqliteNativeBinding: binding });
    cleanups.push(() => removeDir(dataDir));
    cleanups.push(() => engine.stop());
    expect(require.cache[binding]).toBeDefined();
    expect(engine.config.sqliteNativeBinding).toBe(binding);

    await transportTo(engine).sendMail({
      from: 'app@example.com',
      to: 'user@example.com',
      subject: 'Loaded from the given build',
      text: 'Stored through the copied module.',
    });
    const { messages } = engine.store.list({ limit: 10, offset: 0, query: '' });
    expect(messages.map((m) => m.subject)).toEqual(['Loaded from the given build']);
    const raw = engine.store.raw(messages[0]?.id ?? '');
    expect(raw?.toString('utf8')).toContain('Stored through the copied module.');
  });

  it('rejects with SQLITE_BINDING_UNUSABLE naming a missing file, and leaves the data dir alone', async () => {
    const dataDir = await tempDataDir();
    cleanups.push(() => removeDir(dataDir));
    const missing = join(dataDir, 'nowhere', 'better_sqlite3.node');
    const error = await Engine.start({
      smtpPort: 0,
      beanstalkdEnabled: false,
      dataDir,
      sqliteNativeBinding: missing,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'SQLITE_BINDING_UNUSABLE', path: missing });
    expect((error as Error).message).toContain(
      `cannot load the SQLite module (better-sqlite3) from ${missing}`,
    );
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('rejects with SQLITE_BINDING_UNUSABLE for a file that is not a compiled module', async () => {
    const notAModule = join(await dir('beanpost-binding-'), 'better_sqlite3.node');
    await writeFile(notAModule, 'not a shared library');
    const error = await Engine.start({
      smtpPort: 0,
      beanstalkdEnabled: false,
      dataDir: await dir('beanpost-mail-test-'),
      sqliteNativeBinding: notAModule,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'SQLITE_BINDING_UNUSABLE', path: notAModule });
  });

  it('refuses an empty path as a bad option', async () => {
    const error = await Engine.start({
      smtpPort: 0,
      beanstalkdEnabled: false,
      dataDir: await dir('beanpost-mail-test-'),
      sqliteNativeBinding: '',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
