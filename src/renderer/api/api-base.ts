/**
 * Where the engine's HTTP API lives. The engine serves this UI itself (same origin), but the
 * Electron host may load it from elsewhere (the dev server) and then tells us through the preload.
 */
export const apiBase: string = (window.beanpost?.apiBase ?? window.location.origin).replace(
  /\/+$/,
  '',
);

export function apiUrl(path: string): string {
  return `${apiBase}${path}`;
}

/** The WebSocket twin of apiUrl (http → ws, https → wss). */
export function socketUrl(path: string): string {
  return apiUrl(path).replace(/^http/, 'ws');
}
