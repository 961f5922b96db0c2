import type { Job } from './job.js';

/** Figures the binlog reports through `stats`. */
export interface JournalStats {
  oldestIndex: number;
  currentIndex: number;
  recordsMigrated: number;
  recordsWritten: number;
  maxSize: number;
}

/**
 * Where the queue records what must survive a restart. Calls happen before the client is
 * answered; an implementation writes to the OS before returning (see binlog.ts).
 */
export interface Journal {
  put(job: Job): void;
  update(job: Job): void;
  remove(job: Job): void;
  /** The log file a job's record lives in, for stats-job `file`. */
  fileOf(job: Job): number;
  stats(): JournalStats;
}
