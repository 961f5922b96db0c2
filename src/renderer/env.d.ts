/// <reference types="vite/client" />

/** Exposed by the Electron preload; absent in a plain browser. */
interface Window {
  beanpost?: import('../shared/desktop-bridge.js').DesktopBridge;
}
