/**
 * Whole milliseconds since this process started; never goes backwards. Job times are kept
 * in this unit on purpose: they stay small integers (V8 SMIs, up to 2^31 ms, about 24 days,
 * on 64-bit Node; 2^30 where pointers are compressed, as in Electron), so a job's time
 * fields hold no boxed doubles. Past that they still work, at 16 bytes more per field.
 */
export function nowMs(): number {
  return Math.floor(performance.now());
}

/** Wall-clock ms (Unix epoch) of a `nowMs()` value, for the binlog. */
export function toWallMs(t: number): number {
  return performance.timeOrigin + t;
}

/** The `nowMs()` value of a wall-clock time (negative: before this process started). */
export function fromWallMs(wall: number): number {
  return Math.round(wall - performance.timeOrigin);
}

/**
 * `nowMs()` with its fraction, for the times stats print: C truncates nanoseconds, so a job
 * reserved with ttr 60 shows 59 seconds left as soon as any time has passed, even within
 * the millisecond its (whole-ms) deadline was set in.
 */
export function preciseNowMs(): number {
  return performance.now();
}
