import type { Step } from '../harness.js';

/** Tiny helpers so cases read like protocol sessions. */

export const crlf = (line: string): string => `${line}\r\n`;

/** One command line on connection `c`, reading `recv` replies. */
export const cmd = (line: string, recv = 1, c = 0): Step => ({ c, send: crlf(line), recv });

/** A put with its body (latin1 bytes), on connection `c`. */
export const put = (body: string, pri = 0, delay = 0, ttr = 60, c = 0): Step => ({
  c,
  send: `put ${pri} ${delay} ${ttr} ${body.length}\r\n${body}\r\n`,
  recv: 1,
});

/** Raw bytes on connection `c`. */
export const raw = (bytes: string | Buffer, recv = 1, c = 0): Step => ({ c, send: bytes, recv });

export const wait = (ms: number): Step => ({ wait: ms });
