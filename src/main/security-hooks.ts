import { app, session, shell, type WebContents } from 'electron';
import {
  decideFrameNavigation,
  decideNavigation,
  decidePermission,
  decideRedirect,
  decideWindowOpen,
} from './navigation-policy.js';

function openExternally(url: string): void {
  shell.openExternal(url).catch((error: unknown) => {
    console.error(`beanpost: could not open ${url}: ${String(error)}`);
  });
}

/** Applies navigation-policy.ts to one web contents: the window, and anything it might spawn. */
function guard(contents: WebContents, appOrigins: readonly string[]): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url) === 'open-external') openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url, appOrigins);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openExternally(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (decideRedirect(event.url, appOrigins) === 'deny') event.preventDefault();
  });
  // will-navigate covers the main frame; this covers the mail iframe and any other subframe.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && decideFrameNavigation(event.url, appOrigins) === 'deny') {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/**
 * Installs the window rules before any window exists, on every web contents the app creates
 * (Electron's security checklist: handlers on 'web-contents-created', not per window), and the
 * session's permission answers.
 */
export function installSecurityHooks(appOrigins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => {
    guard(contents, appOrigins);
  });
  const { defaultSession } = session;
  defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(decidePermission(permission, details.requestingUrl, appOrigins));
  });
  defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    decidePermission(permission, requestingOrigin, appOrigins),
  );
}
