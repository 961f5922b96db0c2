/**
 * Attachment names come from the sender: make them safe for a file system and for a
 * Content-Disposition header. No path separators, no control characters, no leading dots
 * (hidden files, `..`), no characters Windows refuses, no reserved device names, bounded length.
 */

const MAX_LENGTH = 150;
const EXTENSION_BY_TYPE: Record<string, string> = {
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
};
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

export function safeFilename(
  name: string | undefined,
  partId: string,
  contentType: string,
): string {
  let safe = (name ?? '').normalize('NFC');
  // Keep the last path segment, as browsers do with a download name.
  safe = safe.slice(Math.max(safe.lastIndexOf('/'), safe.lastIndexOf('\\')) + 1);
  safe = [...safe]
    .map((char) => (isControl(char) ? '_' : char))
    .join('')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  safe = truncateKeepingExtension(safe);
  if (safe === '' || /^_+$/.test(safe)) {
    const extension = EXTENSION_BY_TYPE[contentType.toLowerCase()] ?? 'bin';
    return `part-${partId.replace(/[^0-9a-zA-Z.-]/g, '_')}.${extension}`;
  }
  return safe;
}

function truncateKeepingExtension(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  if (extension.length > 16) return chars.slice(0, MAX_LENGTH).join('');
  return chars.slice(0, MAX_LENGTH - extension.length).join('') + extension.join('');
}

/** Content-IDs end up in cid: lookups and URLs: printable characters only, no brackets or quotes. */
export function safeContentId(cid: string | undefined): string | null {
  if (cid === undefined) return null;
  const safe = [...cid]
    .filter((char) => !isControl(char) && !/[\s<>"'\\]/.test(char))
    .join('')
    .slice(0, 250);
  return safe === '' ? null : safe;
}

/** C0 and C1 controls, DEL, and the Unicode line/paragraph separators. */
function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}
