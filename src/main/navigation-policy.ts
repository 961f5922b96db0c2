/**
 * What the desktop window may load, open and be granted. Pure functions over URLs so the rules are
 * tested without Electron; security-hooks.ts applies them to every web contents.
 *
 * The window shows one thing, the Beanpost UI from the engine's own origin. Mail HTML is untrusted
 * and renders in a sandboxed iframe inside it, so every rule here assumes a hostile page is asking.
 */

/** Schemes the OS may open for the user: web links and "write a mail" links, nothing that runs. */
const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** Where an embedded mail document lives before and while it renders (srcdoc iframes). */
const FRAME_DOCUMENT_URLS: ReadonlySet<string> = new Set(['about:srcdoc', 'about:blank']);

/**
 * Permissions the UI itself needs: writing to the clipboard backs its "copy" buttons. Everything
 * else (camera, geolocation, notifications from the page, ...) is refused; native notifications
 * come from the main process instead.
 */
const APP_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export type OpenDecision = 'open-external' | 'deny';
export type NavigationDecision = 'allow' | OpenDecision;

function parse(url: string): URL | undefined {
  return URL.canParse(url) ? new URL(url) : undefined;
}

/** Normalises origins given as URLs ("http://127.0.0.1:1080/") to their origin form. */
export function toOrigins(urls: readonly string[]): string[] {
  return urls.flatMap((url) => {
    const parsed = parse(url);
    return parsed && parsed.origin !== 'null' ? [parsed.origin] : [];
  });
}

/** True for a URL on one of the app's origins (blob: URLs count by the origin that made them). */
export function isAppUrl(url: string, appOrigins: readonly string[]): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.origin === 'null') return false;
  return appOrigins.includes(parsed.origin);
}

function external(url: string): OpenDecision {
  const parsed = parse(url);
  return parsed && EXTERNAL_PROTOCOLS.has(parsed.protocol) ? 'open-external' : 'deny';
}

/** window.open and target=_blank: no new Electron windows, ever; web and mailto links go to the OS. */
export function decideWindowOpen(url: string): OpenDecision {
  return external(url);
}

/**
 * The main frame leaving the page (will-navigate). Staying on the app's origin is allowed (reload,
 * a full-page link inside the UI); a link elsewhere opens in the user's browser instead of replacing
 * the app; anything else (file:, javascript:, data:, custom schemes) is refused.
 */
export function decideNavigation(url: string, appOrigins: readonly string[]): NavigationDecision {
  return isAppUrl(url, appOrigins) ? 'allow' : external(url);
}

/** A server redirect (will-redirect) may only land on the app's origin; it is never opened outside. */
export function decideRedirect(url: string, appOrigins: readonly string[]): 'allow' | 'deny' {
  return isAppUrl(url, appOrigins) ? 'allow' : 'deny';
}

/**
 * A subframe navigating (will-frame-navigate): the mail iframe may hold its srcdoc document or an
 * app URL, nothing else. A remote site never loads inside the app, and nothing is opened outside
 * either: a subframe navigation can start without a click (a meta refresh in a mail), so opening it
 * in the browser would let a mail open pages on its own. Mail links reach the browser through
 * target=_blank and the window-open rule instead.
 */
export function decideFrameNavigation(
  url: string,
  appOrigins: readonly string[],
): 'allow' | 'deny' {
  // A mail's in-page links (`#section`) move within its own srcdoc document.
  const document = url.split('#', 1)[0] ?? url;
  return FRAME_DOCUMENT_URLS.has(document) || isAppUrl(url, appOrigins) ? 'allow' : 'deny';
}

/** Permission requests and checks: a short allow-list, and only for the app's own pages. */
export function decidePermission(
  permission: string,
  requestingUrl: string,
  appOrigins: readonly string[],
): boolean {
  return APP_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appOrigins);
}
