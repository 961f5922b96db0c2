/// <reference types="vite/client" />

/** What the Electron preload may expose; absent in a plain browser. */
interface BeanpostBridge {
  apiBase?: string;
  platform?: string;
}

interface Window {
  beanpost?: BeanpostBridge;
}
