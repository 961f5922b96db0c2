/**
 * Number parsing exactly as prot.c does it, quirks included: read_u32/read_u64 (spaces,
 * then digits, no sign), strtol for reserve-with-timeout (sign, junk after the digits
 * ignored, then truncated to a C int) and strtoul for kick (`-1` wraps around).
 */

const U32_MAX = 0xffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

export interface Parsed {
  value: number;
  /** Index just past the last digit. */
  end: number;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** C isspace() in the "C" locale. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function digitsEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

function readUnsigned(s: string, from: number, max: bigint, wholeRest: boolean): Parsed | null {
  let i = from;
  while (s.charCodeAt(i) === 32) i++;
  if (!isDigit(s.charCodeAt(i))) return null;
  const end = digitsEnd(s, i);
  if (wholeRest && end !== s.length) return null;
  const digits = s.slice(i, end);
  if (digits.length <= 15) {
    const value = Number(digits);
    return value > Number(max) ? null : { value, end };
  }
  const big = BigInt(digits);
  if (big > max) return null;
  // Ids past 2^53 never exist; Infinity finds no job instead of a rounded neighbour.
  return {
    value: big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(big),
    end,
  };
}

/** read_u32: `wholeRest` demands the number run to the end of the line. */
export function readU32(s: string, from: number, wholeRest: boolean): Parsed | null {
  return readUnsigned(s, from, U32_MAX, wholeRest);
}

/** read_u64 for a job id followed by more fields (release, bury). */
export function readU64Field(s: string, from: number): Parsed | null {
  return readUnsigned(s, from, U64_MAX, false);
}

/** read_u64 (job ids) as the last field of its command. */
export function readU64(s: string, from: number): number | null {
  return readUnsigned(s, from, U64_MAX, true)?.value ?? null;
}

interface CNumber {
  negative: boolean;
  magnitude: bigint;
  /** False when no digits were found (strtol returns 0 and leaves the pointer). */
  converted: boolean;
}

function scanCNumber(s: string, from: number): CNumber {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let negative = false;
  const sign = s[i];
  if (sign === '+' || sign === '-') {
    negative = sign === '-';
    i++;
  }
  const end = digitsEnd(s, i);
  if (end === i) return { negative: false, magnitude: 0n, converted: false };
  return { negative, magnitude: BigInt(s.slice(i, end)), converted: true };
}

/** `reserve-with-timeout`'s strtol into an int: null only on overflow (ERANGE). */
export function parseTimeout(s: string, from: number): number | null {
  const n = scanCNumber(s, from);
  const v = n.negative ? -n.magnitude : n.magnitude;
  if (v < LONG_MIN || v > LONG_MAX) return null;
  return Number(BigInt.asIntN(32, v));
}

/** `kick`'s strtoul into an unsigned int: null when nothing converts or on overflow. */
export function parseKickBound(s: string, from: number): number | null {
  const n = scanCNumber(s, from);
  if (!n.converted || n.magnitude > U64_MAX) return null;
  const v = n.negative ? (U64_MAX + 1n - n.magnitude) & U64_MAX : n.magnitude;
  return Number(BigInt.asUintN(32, v));
}
