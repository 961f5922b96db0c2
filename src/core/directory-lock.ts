import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The engine's lock, in the data dir beside the mail database. */
export const DATA_DIR_LOCK_FILE = 'beanpost.lock';

/** Lock files held by this process (the pid in the file cannot tell its holders apart). */
const heldHere = new Set<string>();

/** Who holds the directory: this process (another engine or server) or the pid in the lock file. */
export class DirectoryLockedError extends Error {
  override readonly name = 'DirectoryLockedError';

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
 * Keeps two writers off one directory: the mail store counts its messages in memory as the
 * database's only writer, and the job log appends as its directory's only writer. A file holding
 * the pid; a pid that is no longer running left it behind and its lock is taken over. The file
 * is created exclusively, so two starting at once cannot both win.
 */
export class DirectoryLock {
  private released = false;

  private constructor(
    private readonly key: string,
    private readonly path: string,
  ) {}

  /** Throws DirectoryLockedError when a live process holds it, or a filesystem error. */
  static acquire(dir: string, file: string): DirectoryLock {
    const path = join(dir, file);
    const key = resolve(path);
    if (heldHere.has(key)) throw new DirectoryLockedError(dir, 'this process');
    if (!createExclusive(path)) {
      const owner = ownerOf(path);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw new DirectoryLockedError(dir, owner);
      }
      // Stale (its process is gone, or it is ours from a crash of an earlier run with our pid).
      unlinkSync(path);
      if (!createExclusive(path)) throw new DirectoryLockedError(dir, ownerOf(path) ?? 0);
    }
    heldHere.add(key);
    return new DirectoryLock(key, path);
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
