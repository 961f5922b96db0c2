/**
 * Wall-clock milliseconds with microsecond resolution that never go backwards while the
 * process runs: deadlines compare against it, and the binlog stores it as wall time.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
