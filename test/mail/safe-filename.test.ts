import { describe, expect, it } from 'vitest';
import { safeContentId, safeFilename } from '../../src/core/mail/safe-filename.js';

describe('safeFilename', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['1234/../../1234.txt', '1234.txt'],
    ['..\\..\\windows\\system32.dll', 'system32.dll'],
    ['../', 'part-3.bin'],
    ['.htaccess', 'htaccess'],
    ['...', 'part-3.bin'],
    ['Kontoutskrift\nfor 1506.pdf', 'Kontoutskrift_for 1506.pdf'],
    ['a\u0000b\u0007c.txt', 'a_b_c.txt'],
    ['what?<is>:this*.txt', 'what__is__this_.txt'],
    ['CON.txt', '_CON.txt'],
    ['trailing dots. . .', 'trailing dots'],
    ['管理.doc', '管理.doc'],
    ['', 'part-3.bin'],
    ['\u0001\u0002', 'part-3.bin'],
  ])('%j becomes %j', (name, expected) => {
    expect(safeFilename(name, '3', 'application/octet-stream')).toBe(expected);
  });

  it('falls back to a name from the part id and content type', () => {
    expect(safeFilename(undefined, '1.2', 'text/calendar')).toBe('part-1.2.ics');
    expect(safeFilename(undefined, '2', 'IMAGE/PNG')).toBe('part-2.png');
  });

  it('caps the length and keeps the extension', () => {
    const safe = safeFilename(`${'a'.repeat(500)}.pdf`, '1', 'application/pdf');
    expect([...safe].length).toBe(150);
    expect(safe.endsWith('.pdf')).toBe(true);
  });
});

describe('safeContentId', () => {
  it('keeps printable characters only', () => {
    expect(safeContentId('logo@example.com')).toBe('logo@example.com');
    expect(safeContentId('<a b>"\'\\\r\n@x')).toBe('ab@x');
    expect(safeContentId('\u0000')).toBeNull();
    expect(safeContentId(undefined)).toBeNull();
  });
});
