import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * How often the WAL is copied back into the database. Between checkpoints the WAL grows by
 * what was written (a few MB at full ingest speed); a second keeps it small without waking
 * an idle app more than once a second.
 */
const CHECKPOINT_INTERVAL_MS = 1000;
/** SQLite's own default, used again if the checkpoint thread is ever lost. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * Runs WAL checkpoints on a thread of its own. SQLite's automatic checkpoint runs inside the
 * commit that crosses 1,000 pages and fsyncs the WAL and the database there: on the event loop
 * that was 0.3-0.5 ms per message at full ingest speed and stalls of 50-180 ms
 * (bench/RESULTS.md). Here commits only append to the WAL; a PASSIVE checkpoint from another
 * connection copies it back and syncs without blocking them. Durability is unchanged: a commit
 * is in the WAL file when the SMTP 250 goes out either way.
 *
 * The thread is plain JavaScript given as source (see MimeParser for why).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  /** nativeBinding: the build the store opened the database with (Electron's ABI in the app). */
  constructor(
    private readonly db: Database.Database,
    nativeBinding: string | undefined,
  ) {
    db.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: db.name,
        nativeBinding,
        intervalMs: CHECKPOINT_INTERVAL_MS,
      },
    });
    // The timer thread must not keep the process alive on its own.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.once('error', () => this.fallBack());
  }

  /** Closes the thread's connection; the store's own close then does the final checkpoint. */
  async stop(): Promise<void> {
    // Held open until the thread is gone, or the process could exit before the store's close.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }

  private fallBack(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }
}
