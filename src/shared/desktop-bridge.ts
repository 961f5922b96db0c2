/**
 * What the Electron preload exposes as `window.beanpost`; absent in a plain browser, so the UI
 * treats every part as optional and falls back to `location.origin` for the API.
 */
export interface DesktopBridge {
  /** The engine's HTTP origin, e.g. http://127.0.0.1:1080 (differs from the page in dev mode). */
  apiBase?: string;
  /** Node's platform name: 'darwin', 'win32', 'linux'. */
  platform: string;
  native: {
    /** Whether the desktop app shows a system notification for new mail. */
    notificationsEnabled(): Promise<boolean>;
    /** Persists the choice; resolves with the value now in force. */
    setNotificationsEnabled(enabled: boolean): Promise<boolean>;
    /**
     * Called with the new value whenever the choice changes, from the UI or the tray menu.
     * Returns a function that stops listening.
     */
    onNotificationsChanged(listener: (enabled: boolean) => void): () => void;
    /**
     * Called with a message id when the user clicks a new-mail notification: select that message.
     * Returns a function that stops listening.
     */
    onOpenMessage(listener: (messageId: string) => void): () => void;
  };
}
