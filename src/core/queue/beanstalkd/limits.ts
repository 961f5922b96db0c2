/** Limits and constants of the beanstalkd 1.12 protocol, named as the C server names them. */

/** A command line is at most this many bytes including its CRLF (LINE_BUF_SIZE in dat.h). */
export const LINE_BUF_SIZE = 224;

/** Tube names are 1..200 bytes (MAX_TUBE_NAME_LEN - 1). */
export const MAX_TUBE_NAME_LEN = 200;

/** Jobs with a priority below this count as urgent. */
export const URGENT_THRESHOLD = 1024;

/** Default `-z`: the largest job body accepted, in bytes. */
export const DEFAULT_MAX_JOB_SIZE = 65_535;

/** Upper bound for `-z`, as in the C server (its body size field is an int32). */
export const MAX_JOB_SIZE_LIMIT = 1_073_741_824;

/** A reserved job enters the deadline-soon margin this long before its TTR runs out (ms). */
export const SAFETY_MARGIN_MS = 1000;

/** The smallest TTR the server grants (seconds): `ttr 0` becomes 1 second. */
export const MIN_TTR_SEC = 1;

/** A tick that finds nothing to do still comes back within this long (as prottick does). */
export const MAX_TICK_PERIOD_MS = 3_600_000;

/** `binlog-max-size` the C server reports by default (`-s`, 10 MiB). */
export const DEFAULT_BINLOG_MAX_SIZE = 10 << 20;

/** The version string stats reports; clients feature-detect on it. */
export const PROTOCOL_VERSION = '1.12';

/** Bytes allowed in tube names (NAME_CHARS in prot.c). */
export const NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-+/;.$_()';
