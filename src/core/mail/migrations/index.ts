import { sql as init } from './001-init.js';

/**
 * Every schema change, in order; the database's PRAGMA user_version counts how many ran.
 * Rules (see README.md): append only, never edit a migration that shipped.
 */
export const migrations: readonly string[] = [init];
