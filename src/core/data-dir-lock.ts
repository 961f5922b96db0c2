import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** In the data dir, beside the mail database; the job log keeps its own in `beanstalkd/`. */
export const DATA_DIR_LOCK_FILE = 'beanpost.lock';

/** Directories held by engines of this process (the pid in the file cannot tell them apart). */
const heldHere = new Set<string>();

/** Who holds the directory: this process (another engine) or the pid in the lock file. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';

  constructor(
    readonly dir: string,
    readonly owner: number | 'this process',
  ) {
    super(
      `data directory ${dir} is in use by another Beanpost (${owner === 'this process' ? owner : `pid ${owner}`})`,
    );
  }
}

/**
 * Keeps two engines off one data dir: the mail store counts its messages in memory as the
 * database's only writer. Like the job log's lock (src/core/queue/beanstalkd/binlog.ts), a file
 * holding the pid; a pid that is no longer running left it behind and its lock is taken over.
 * The file is created exclusively, so two starting at once cannot both win.
 */
export class DataDirLock {
  private released = false;

  private constructor(
    private readonly key: string,
    private readonly path: string,
  ) {}

  /** Throws DataDirLockedError when a live process holds it, or a filesystem error. */
  static acquire(dir: string): DataDirLock {
    const key = resolve(dir);
    if (heldHere.has(key)) throw new DataDirLockedError(dir, 'this process');
    const path = join(dir, DATA_DIR_LOCK_FILE);
    if (!createExclusive(path)) {
      const owner = ownerOf(path);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(dir, owner);
      }
      // Stale (its process is gone, or it is ours from a crash of an earlier run with our pid).
      unlinkSync(path);
      if (!createExclusive(path)) throw new DataDirLockedError(dir, ownerOf(path) ?? 0);
    }
    heldHere.add(key);
    return new DataDirLock(key, path);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.key);
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

/** False when the file exists already. */
function createExclusive(path: string): boolean {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** null when the file holds no pid (empty or garbled: nobody can be asked about it). */
function ownerOf(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
