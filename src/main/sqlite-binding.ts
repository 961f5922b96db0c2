import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Set by `npm start` to the Electron build of better-sqlite3 it prepared. */
export const SQLITE_BINDING_ENV = 'BEANPOST_SQLITE_BINDING';

export interface BindingTarget {
  sqliteVersion: string;
  electronVersion: string;
  platform: string;
  arch: string;
}

/**
 * Where scripts/electron-native.js keeps the build for one Electron (test/main/sqlite-binding
 * holds the two to the same place).
 */
export function preparedBindingPath(appPath: string, target: BindingTarget): string {
  const { sqliteVersion, electronVersion, platform, arch } = target;
  return join(
    appPath,
    'out',
    'native',
    `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}`,
    'better_sqlite3.node',
  );
}

function installedSqliteVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)('better-sqlite3/package.json');
  return (manifest as { version: string }).version;
}

/**
 * The better-sqlite3 module the engine loads in the desktop app. node_modules holds the build
 * for plain Node (the CLI's), which Electron cannot load. So: the one `npm start` names; else,
 * under Electron, the one it prepared on an earlier run (for `electron .` started by hand);
 * else the package's own (undefined). Under Electron that last one fails unless node_modules
 * was rebuilt for it, and the start-up dialog then says to run `npm start`.
 */
export function sqliteBindingFor(input: {
  env: Readonly<Record<string, string | undefined>>;
  /** process.versions.electron: undefined outside Electron. */
  electronVersion: string | undefined;
  /** Only asked under Electron. */
  appPath: () => string;
}): string | undefined {
  const named = input.env[SQLITE_BINDING_ENV];
  if (named) return named;
  if (input.electronVersion === undefined) return undefined;
  const prepared = preparedBindingPath(input.appPath(), {
    sqliteVersion: installedSqliteVersion(),
    electronVersion: input.electronVersion,
    platform: process.platform,
    arch: process.arch,
  });
  return existsSync(prepared) ? prepared : undefined;
}
