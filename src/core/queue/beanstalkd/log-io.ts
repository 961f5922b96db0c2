import { fsyncSync, ftruncateSync, writeSync } from 'node:fs';

/**
 * The file calls the binlog makes while serving. Injectable so a test can fail them the way
 * a full or broken disk does (short writes, ENOSPC, EIO) without a real full disk.
 */
export interface LogIo {
  /** Writes at `position`; returns how many bytes went out, which may be fewer than asked. */
  write(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  truncate(fd: number, length: number): void;
  fsync(fd: number): void;
}

export const realLogIo: LogIo = {
  write: (fd, buf, offset, length, position) => writeSync(fd, buf, offset, length, position),
  truncate: (fd, length) => ftruncateSync(fd, length),
  fsync: (fd) => fsyncSync(fd),
};

/** Writes all of `buf` at `position`, going on after short writes; throws when no progress. */
export function writeAll(io: LogIo, fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = io.write(fd, buf, done, buf.length - done, position + done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}
