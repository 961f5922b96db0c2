import createDOMPurify from 'dompurify';

/**
 * Turns a message's HTML into an iframe `srcdoc` that is safe to show:
 *  1. DOMPurify strips scripts, event handlers, javascript: URLs, forms, frames, objects,
 *     meta refresh and <base>;
 *  2. a CSP <meta> allows images only from data: and the engine (cid: parts), so remote images,
 *     stylesheets, fonts and background URLs stay blocked until the user asks for them;
 *  3. the iframe itself is sandboxed without scripts and without same-origin (see HtmlView).
 * Any one layer failing leaves the other two standing.
 */

export interface PreparedHtml {
  srcdoc: string;
  /** References to remote resources (http:, https:, //) that the CSP blocks unless allowed. */
  remoteCount: number;
}

export interface PrepareOptions {
  /** Resolve a `cid:` reference (without the `cid:`) to the part's URL, if the message has it. */
  cidUrl: (contentId: string) => string | undefined;
  /** The engine's origin: the only place images may come from besides data:. */
  apiOrigin: string;
  allowRemote: boolean;
  /**
   * Which of the mail's own `prefers-color-scheme` styles apply. The frame would otherwise follow
   * the OS, so a dark desktop would show the mail's dark variant when the user asked for light.
   */
  colorScheme: 'light' | 'dark';
}

const FORBID_TAGS = [
  'script',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'base',
  'meta',
  'link',
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'datalist',
  'output',
  'dialog',
];
const FORBID_ATTR = ['action', 'formaction', 'ping', 'autofocus', 'srcdoc', 'http-equiv'];

/** Attributes whose URL the browser fetches by itself (as opposed to links the user clicks). */
const RESOURCE_ATTRS = ['src', 'srcset', 'background', 'poster', 'data', 'href', 'xlink:href'];

const REMOTE_URL = /^\s*(?:https?:)?\/\//i;
const CSS_REMOTE_URL = /url\(\s*(['"]?)\s*(?:https?:)?\/\//gi;
const CSS_REMOTE_IMPORT = /@import\s+(['"])\s*(?:https?:)?\/\//gi;
const CSS_CID_URL = /url\(\s*(['"]?)\s*cid:([^'")\s]+)\s*\1\s*\)/gi;
const CSS_COLOR_SCHEME = /prefers-color-scheme\s*:\s*(dark|light)/gi;

/** Pin `prefers-color-scheme` queries: the chosen scheme always matches, the other never. */
function pinColorScheme(css: string, scheme: 'light' | 'dark'): string {
  return css.replace(CSS_COLOR_SCHEME, (_whole, wanted: string) =>
    wanted.toLowerCase() === scheme ? 'min-width: 0px' : 'max-width: 0px',
  );
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function cidOf(value: string): string | null {
  const match = /^\s*cid:(.+)$/i.exec(value);
  return match?.[1] ? decodeURIComponent(match[1].trim()) : null;
}

export function buildCsp(apiOrigin: string, allowRemote: boolean): string {
  const remote = allowRemote ? ' http: https:' : '';
  return [
    "default-src 'none'",
    `img-src data: ${apiOrigin}${remote}`,
    `style-src 'unsafe-inline'${remote}`,
    `font-src data:${remote}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Baseline look for mail that sets none: the mail's own styles come later and win. */
const BASE_STYLE = `html{color-scheme:light;background:#fff;color:#1a1a1a}
body{margin:16px;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Noto Sans CJK JP","IPAGothic",sans-serif;overflow-wrap:anywhere}
pre{white-space:pre-wrap}`;

export function prepareEmailHtml(html: string, options: PrepareOptions): PreparedHtml {
  const purify = createDOMPurify(window);
  let remoteCount = 0;

  const rewriteCssCids = (css: string): string =>
    css.replace(CSS_CID_URL, (_whole, _quote: string, cid: string) => {
      const url = options.cidUrl(decodeURIComponent(cid));
      return url ? `url("${url}")` : 'url("")';
    });

  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName !== 'style' || !node.textContent) return;
    const css = node.textContent;
    remoteCount += countMatches(css, CSS_REMOTE_URL) + countMatches(css, CSS_REMOTE_IMPORT);
    node.textContent = pinColorScheme(rewriteCssCids(css), options.colorScheme);
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    const isLink = node.localName === 'a' || node.localName === 'area';
    for (const name of RESOURCE_ATTRS) {
      if (isLink && name === 'href') continue;
      const value = node.getAttribute(name);
      if (value === null) continue;
      const cid = cidOf(value);
      if (cid !== null) {
        const url = options.cidUrl(cid);
        if (url) node.setAttribute(name, url);
        else node.removeAttribute(name);
      } else if (name === 'srcset') {
        remoteCount += value.split(',').filter((candidate) => REMOTE_URL.test(candidate)).length;
      } else if (REMOTE_URL.test(value)) {
        remoteCount += 1;
      }
    }
    const style = node.getAttribute('style');
    if (style) {
      remoteCount += countMatches(style, CSS_REMOTE_URL);
      node.setAttribute('style', rewriteCssCids(style));
    }
    const href = isLink ? node.getAttribute('href') : null;
    if (href !== null && !href.trim().startsWith('#')) {
      // Links leave the sandbox as new windows; the Electron host sends them to the OS browser.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });

  const root = purify.sanitize(html, {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    FORBID_TAGS,
    FORBID_ATTR,
  });

  const doc = root.ownerDocument;
  if (!(root instanceof Element) || !doc) throw new Error('DOMPurify did not return a document');
  const head =
    root.querySelector('head') ?? root.insertBefore(doc.createElement('head'), root.firstChild);
  const csp = doc.createElement('meta');
  csp.setAttribute('http-equiv', 'Content-Security-Policy');
  csp.setAttribute('content', buildCsp(options.apiOrigin, options.allowRemote));
  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  // No DNS lookups for link hosts (a tracker learns of an open from its DNS too), no referrer.
  const dnsPrefetch = doc.createElement('meta');
  dnsPrefetch.setAttribute('http-equiv', 'x-dns-prefetch-control');
  dnsPrefetch.setAttribute('content', 'off');
  const referrer = doc.createElement('meta');
  referrer.setAttribute('name', 'referrer');
  referrer.setAttribute('content', 'no-referrer');
  const base = doc.createElement('style');
  base.textContent = BASE_STYLE;
  head.prepend(csp, charset, dnsPrefetch, referrer, base);

  return { srcdoc: `<!DOCTYPE html>\n${root.outerHTML}`, remoteCount };
}
