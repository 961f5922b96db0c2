import { InvalidArgumentError } from 'commander';

/** Parsers for flag values: each returns the value or throws a message commander prints. */

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 = any free port).');
  }
  return Number(value);
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number, 0 or more (0 = no limit).');
  }
  return Number(value);
}

const DURATION_UNITS_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

/** `30d`, `12h`, `90m`, `45s`, `2w`, `500ms`; `0` = off. A bare number is ambiguous, so refused. */
export function parseDuration(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)?$/.exec(value.trim().toLowerCase());
  const amount = match?.[1];
  const unit = match?.[2] as keyof typeof DURATION_UNITS_MS | undefined;
  if (amount === undefined || (unit === undefined && Number(amount) !== 0)) {
    throw new InvalidArgumentError(
      'expected a duration such as 30d, 12h, 90m, 45s or 2w (0 = off).',
    );
  }
  const ms = Number(amount) * DURATION_UNITS_MS[unit ?? 'ms'];
  if (!Number.isSafeInteger(ms)) throw new InvalidArgumentError('that duration is too long.');
  return ms;
}

// Binary multiples, like the engine's "25 MiB" default: 25MB and 25MiB mean the same here.
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Bytes, or a size such as 512KB, 25MB, 1.5GB (multiples of 1024). */
export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(value.trim().toLowerCase());
  const factor = SIZE_UNITS[match?.[2] ?? 'invalid'];
  const bytes = Math.floor(Number(match?.[1]) * (factor ?? Number.NaN));
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InvalidArgumentError(
      'expected a size in bytes or with a unit, such as 25MB or 512KB.',
    );
  }
  return bytes;
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
