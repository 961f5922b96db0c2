import libmime from 'libmime';
import type { Header } from '../../shared/messages.js';

/** How much of a message we scan for its header block when the MIME parser gave up. */
const MAX_HEADER_BLOCK = 256 * 1024;

/**
 * One raw header line (latin1-mapped bytes, folding kept, as mailparser's headerLines give
 * them) as the API shows it: decoded value plus the raw line. Raw 8-bit bytes are read as UTF-8
 * (RFC 6532); bytes that are not UTF-8 become U+FFFD here, the raw line keeps them.
 */
export function headerFromLine(line: string): Header {
  const colon = line.indexOf(':');
  const name = colon === -1 ? line.trim() : line.slice(0, colon).trim();
  const rawValue = colon === -1 ? '' : line.slice(colon + 1);
  const unfolded = Buffer.from(rawValue, 'latin1')
    .toString('utf8')
    .replace(/\r?\n(?=[ \t])/g, '')
    .trim();
  return { name, value: decodeWords(unfolded), raw: line };
}

function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    // A broken encoded-word is shown as written rather than failing the whole view.
    return value;
  }
}

/**
 * The top-level header lines of a raw message, for when the MIME parser failed: everything up
 * to the first empty line (CRLF or bare LF), folded continuation lines joined to their header.
 */
export function splitHeaderBlock(raw: Buffer): string[] {
  const head = raw.subarray(0, MAX_HEADER_BLOCK).toString('latin1');
  const end = /\r?\n\r?\n/.exec(head);
  const block = end ? head.slice(0, end.index) : head;
  const lines: string[] = [];
  for (const line of block.split(/(?<=\n)/)) {
    const last = lines.length - 1;
    if (/^[ \t]/.test(line) && last >= 0) lines[last] += line;
    else lines.push(line);
  }
  return lines.map((line) => line.replace(/\r?\n$/, '')).filter((line) => line.trim() !== '');
}
