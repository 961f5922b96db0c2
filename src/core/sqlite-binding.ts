import Database from 'better-sqlite3';
import { EngineError } from './engine-error.js';

/**
 * Loads better-sqlite3's compiled module (the given file, else the package's own) by opening an
 * in-memory database, which nothing about the data dir can fail. A module built for another
 * runtime (Node's build under Electron, or the other way round) then fails here with its own
 * code instead of being reported as an unusable data dir. Loaded once, it stays in the require
 * cache, so opening the real database does not load it again.
 */
export function loadSqliteBinding(nativeBinding: string | undefined): void {
  try {
    new Database(':memory:', nativeBinding === undefined ? {} : { nativeBinding }).close();
  } catch (error) {
    const from = nativeBinding === undefined ? '' : ` from ${nativeBinding}`;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineError(
      'SQLITE_BINDING_UNUSABLE',
      `cannot load the SQLite module (better-sqlite3)${from}: ${reason}`,
      { ...(nativeBinding !== undefined && { path: nativeBinding }), cause: error },
    );
  }
}
