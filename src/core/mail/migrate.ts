import type Database from 'better-sqlite3';

/** Brings the schema up to date; the whole of each migration commits with its version bump. */
export function migrate(db: Database.Database, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true });
  if (typeof current !== 'number') throw new Error('PRAGMA user_version did not return a number');
  if (current > migrations.length) {
    throw new Error(
      `the message database has schema version ${current}, newer than this Beanpost knows (${migrations.length})`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    const sql = migrations[version - 1] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
