import Database from 'better-sqlite3';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

export const DATABASE_FILE = 'messages.sqlite';

/**
 * Opens (creating if needed) the message database with the settings the store relies on.
 *
 * WAL + synchronous=NORMAL: a commit is an append to the WAL without fsync; the WAL is synced at
 * checkpoints. That is durable against the process crashing or being killed (the OS has the
 * bytes), not against power loss or a kernel crash, where the last commits before the latest
 * checkpoint can be lost. For a mail catcher on a developer machine that is the right trade:
 * FULL would fsync on every commit and cap ingest at the disk's sync rate. The SMTP 250 reply
 * is only sent after the commit returns.
 */
export function openStoreDatabase(file: string, nativeBinding?: string): Database.Database {
  const db = new Database(file, nativeBinding === undefined ? {} : { nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Another reader (a backup, the sqlite3 shell) briefly locking the file must not fail inserts.
    db.pragma('busy_timeout = 5000');
    // A 25 MiB message passes through the WAL; do not leave a file that size behind each time.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('temp_store = MEMORY');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
