import { fileURLToPath } from 'node:url';
import { BrowserWindow, screen } from 'electron';
import { apiBaseArgument } from '../preload/api-base-argument.js';
import { APP_ICON_PATH } from './app-icons.js';
import { fitToDisplays, MIN_SIZE, type WindowStateStore } from './window-state.js';

export interface MainWindowOptions {
  /** What the window loads: the engine's UI URL, or the dev server in development. */
  url: string;
  /** The engine's origin, handed to the preload for `window.beanpost.apiBase`. */
  apiBase: string;
  stateStore: WindowStateStore;
  /** Asked when the user closes the window: true hides it and Beanpost keeps catching mail. */
  hideOnClose: () => boolean;
}

// The build puts the preload beside the main bundle: out/main/index.js, out/preload/index.cjs.
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = fitToDisplays(
    options.stateStore.load(),
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Beanpost',
    icon: APP_ICON_PATH,
    // Shown once painted, so the user never sees a white flash before the UI.
    show: false,
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      additionalArguments: [apiBaseArgument(options.apiBase)],
    },
  });
  if (placement.maximized) window.maximize();
  window.once('ready-to-show', () => {
    window.show();
  });

  window.on('close', (event) => {
    try {
      options.stateStore.save({
        bounds: window.getNormalBounds(),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      // Losing the window's place is not worth failing to close over.
      console.error(`beanpost: could not save the window state: ${String(error)}`);
    }
    if (options.hideOnClose()) {
      event.preventDefault();
      window.hide();
    }
  });

  window.loadURL(options.url).catch((error: unknown) => {
    console.error(`beanpost: could not load ${options.url}: ${String(error)}`);
  });
  return window;
}

/** Brings the window to the front, from the tray, a notification or a second launch. */
export function revealWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
