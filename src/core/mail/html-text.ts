import { decodeHTML } from 'entities';

/**
 * Only the start of the HTML is read: the list snippet needs 200 characters and the search
 * index 64 Ki, and a cap keeps a 25 MiB newsletter from costing the ingest path real time.
 */
const MAX_HTML_SCANNED = 256 * 1024;

/** Comments and elements whose content no reader sees. */
const HIDDEN_START = /<!--|<(head|style|script|title|template)\b/gi;
const HIDDEN_END: Record<string, RegExp> = Object.fromEntries(
  ['head', 'style', 'script', 'title', 'template'].map((name) => [
    name,
    new RegExp(`</${name}\\s*>`, 'gi'),
  ]),
);
/** Tags that break a line on screen: they become a space, so words on both sides stay apart. */
const BLOCK_TAG =
  /<\/?(?:address|article|aside|blockquote|br|center|dd|div|dl|dt|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^<>]*>/gi;
/** `[^<>]` rather than `[^>]`: an unclosed `<a` stops at the next `<`, so this stays linear. */
const OTHER_TAG = /<[/!?]?[a-z][^<>]*>/gi;

/**
 * The readable text of an HTML body, for the snippet and the search index of mail that has no
 * text part (mailparser converts only an HTML body that is the whole message). A cheap strip,
 * not a renderer: no layout, links lose their URLs; linear in the input, even on broken HTML.
 */
export function textOfHtml(html: string): string {
  const visible = withoutHidden(html.slice(0, MAX_HTML_SCANNED))
    .replace(BLOCK_TAG, ' ')
    .replace(OTHER_TAG, '');
  return decodeHTML(visible).replace(/\s+/g, ' ').trim();
}

/** Drops comments and hidden elements; one that is never closed hides the rest. */
function withoutHidden(html: string): string {
  let out = '';
  let at = 0;
  HIDDEN_START.lastIndex = 0;
  for (let open = HIDDEN_START.exec(html); open !== null; open = HIDDEN_START.exec(html)) {
    out += html.slice(at, open.index);
    const end = hiddenEnd(html, open);
    if (end === -1) return out;
    at = end;
    HIDDEN_START.lastIndex = end;
  }
  return out + html.slice(at);
}

/** Where the comment or element opened at `open` ends, or -1 when it does not. */
function hiddenEnd(html: string, open: RegExpExecArray): number {
  const name = open[1]?.toLowerCase();
  if (name === undefined) {
    const close = html.indexOf('-->', open.index + 4);
    return close === -1 ? -1 : close + 3;
  }
  const closing = HIDDEN_END[name];
  if (closing === undefined) return -1;
  closing.lastIndex = open.index + open[0].length;
  const close = closing.exec(html);
  return close === null ? -1 : close.index + close[0].length;
}
