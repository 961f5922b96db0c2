import { existsSync } from 'node:fs';
import { app, type BrowserWindow, dialog, shell } from 'electron';
import { nextFreeBeanstalkdPort } from '../cli/start-error-message.js';
import { defaultDataDir } from '../core/index.js';
import { IPC } from '../preload/ipc-channels.js';
import {
  type BeanpostOptions,
  type RunningBeanpost,
  startBeanpost,
} from '../server/start-beanpost.js';
import type { ServerEvent } from '../shared/events.js';
import { installAppMenu } from './app-menu.js';
import {
  type BeanstalkdPortAnswer,
  beanstalkdPortDialog,
  isBeanstalkdPortTaken,
  optionsAfterAnswer,
} from './beanstalkd-port-dialog.js';
import { registerDesktopIpc } from './desktop-ipc.js';
import { type DesktopSettings, DesktopSettingsStore } from './desktop-settings.js';
import { parseLaunchFlags, windowUrl, withSettings } from './launch-options.js';
import { MailNotifier } from './mail-notifier.js';
import { createMainWindow, revealWindow } from './main-window.js';
import { toOrigins } from './navigation-policy.js';
import { installSecurityHooks } from './security-hooks.js';
import { sqliteBindingFor } from './sqlite-binding.js';
import { startupErrorDialog } from './startup-error.js';
import { TrayController } from './tray-controller.js';
import { WindowStateStore } from './window-state.js';

/**
 * Closing the window hides it and Beanpost keeps catching mail, reachable from the tray and the
 * dock. Not on Linux: many desktops there show no tray icons, and a hidden window would leave
 * nothing to click.
 */
const HIDE_ON_CLOSE = process.platform !== 'linux';
/** stop() waits for in-flight SMTP deliveries; past this a stuck client does not hold up quitting. */
const STOP_TIMEOUT_MS = 10_000;

/** The user's arguments: after the app path in development (`electron .`), after the exe packaged. */
function userArguments(): string[] {
  return process.argv.slice(app.isPackaged ? 1 : 2);
}

/** electron-vite's dev server, when running under `electron-vite dev`. */
function devServerUrl(): string | undefined {
  return app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
}

async function showStartupError(error: unknown, settings: DesktopSettingsStore): Promise<void> {
  const { title, message, detail } = startupErrorDialog(error, settings.path);
  console.error(`beanpost: ${message}`);
  await app.whenReady();
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title,
    message,
    detail,
    buttons: ['Quit', 'Show Settings File'],
    defaultId: 0,
    cancelId: 0,
  });
  if (response !== 1) return;
  try {
    // Written out with its defaults first, so there is a file to find and edit.
    if (!existsSync(settings.path)) settings.update({});
    shell.showItemInFolder(settings.path);
  } catch (writeError) {
    console.error(`beanpost: could not create ${settings.path}: ${String(writeError)}`);
  }
}

/** Asks what to do about a taken beanstalkd port; undefined for any other error. */
async function askAboutBeanstalkdPort(error: unknown): Promise<BeanstalkdPortAnswer | undefined> {
  if (!isBeanstalkdPortTaken(error)) return undefined;
  const question = beanstalkdPortDialog(error, (await nextFreeBeanstalkdPort(error)) ?? null);
  console.error(`beanpost: ${question.message}`);
  await app.whenReady();
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: question.title,
    message: question.message,
    detail: question.detail,
    buttons: question.buttons,
    defaultId: 0,
    cancelId: question.cancelId,
  });
  return question.answers[response] ?? { kind: 'quit' };
}

/**
 * Starts the engine while Electron gets ready (neither waits for the other). A taken beanstalkd
 * port is asked about and the start tried again as answered; null: it did not start (a dialog
 * said why, or the user chose to quit).
 */
async function startEngine(
  options: BeanpostOptions,
  settings: DesktopSettingsStore,
): Promise<RunningBeanpost | null> {
  for (;;) {
    try {
      const [running] = await Promise.all([startBeanpost(options), app.whenReady()]);
      return running;
    } catch (error) {
      const answer = await askAboutBeanstalkdPort(error);
      if (answer === undefined) {
        await showStartupError(error, settings);
        return null;
      }
      const next = optionsAfterAnswer(options, answer);
      if (next === null) return null;
      options = next.options;
      if (Object.keys(next.remember).length > 0) saveSettings(settings, next.remember);
    }
  }
}

function saveSettings(settings: DesktopSettingsStore, change: Partial<DesktopSettings>): void {
  try {
    settings.update(change);
  } catch (error) {
    // Still applied for this run; only remembering it failed (a read-only data dir).
    console.error(`beanpost: could not save settings: ${String(error)}`);
  }
}

async function stopWithin(running: RunningBeanpost, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`beanpost: the engine did not stop within ${ms} ms; quitting anyway`);
      resolve();
    }, ms);
  });
  try {
    await Promise.race([running.stop(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('dev.beanpost.desktop');

  let flags: ReturnType<typeof parseLaunchFlags>;
  try {
    flags = parseLaunchFlags(userArguments());
  } catch (error) {
    // The data dir is unknown while the flags are wrong: point at the default one's settings.
    await showStartupError(error, new DesktopSettingsStore(defaultDataDir()));
    app.exit(2);
    return;
  }
  const settings = new DesktopSettingsStore(flags.dataDir);
  const devUrl = devServerUrl();
  const devOrigins = toOrigins(devUrl ? [devUrl] : []);

  const running = await startEngine(
    {
      ...withSettings(flags, settings.get()),
      extraOrigins: devOrigins,
      sqliteNativeBinding: sqliteBindingFor({
        env: process.env,
        electronVersion: process.versions.electron,
        appPath: () => app.getAppPath(),
      }),
    },
    settings,
  );
  if (running === null) {
    app.exit(1);
    return;
  }

  const uiUrl = windowUrl(running);
  const apiBase = new URL(uiUrl).origin;
  const appOrigins = [apiBase, ...devOrigins];
  installSecurityHooks(appOrigins);
  installAppMenu();

  let quitting = false;
  const window: BrowserWindow = createMainWindow({
    url: devUrl ?? uiUrl,
    apiBase,
    stateStore: new WindowStateStore(flags.dataDir),
    hideOnClose: () => HIDE_ON_CLOSE && !quitting,
  });
  const show = (): void => revealWindow(window);

  const setNotifications = (enabled: boolean): void => {
    saveSettings(settings, { notifications: enabled });
    tray.setNotifications(enabled);
    window.webContents.send(IPC.notificationsChanged, enabled);
  };
  const tray = new TrayController(
    { show, setNotifications, quit: () => app.quit() },
    settings.get().notifications,
  );
  tray.update(running.engine.store.stats());
  registerDesktopIpc(appOrigins, {
    notificationsEnabled: () => settings.get().notifications,
    setNotificationsEnabled: setNotifications,
  });

  const notifier = new MailNotifier({
    enabled: () => settings.get().notifications,
    inView: () => window.isVisible() && window.isFocused(),
    open: (messageId) => {
      show();
      window.webContents.send(IPC.openMessage, messageId);
    },
  });
  const onEngineEvent = (event: ServerEvent): void => {
    if (event.type === 'messages.stats') tray.update(event.data);
    else if (event.type === 'message.new') notifier.add(event.data);
  };
  running.engine.on('event', onEngineEvent);
  running.engine.on('warning', (warning) => console.error(`Beanpost: ${warning.message}`));

  app.on('second-instance', show);
  app.on('activate', show);

  // Quitting stops the engine first, then lets Electron close the window (which saves its place)
  // and exit: before-quit is held until stop() resolves, so no message is dropped half-stored.
  let stopping = false;
  let stopped = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    running.engine.off('event', onEngineEvent);
    notifier.dispose();
    tray.destroy();
    stopWithin(running, STOP_TIMEOUT_MS)
      .catch((error: unknown) => console.error(`beanpost: error while stopping: ${String(error)}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  app.on('window-all-closed', () => app.quit());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

// A second launch hands over to the running app (which shows its window) and leaves.
if (app.requestSingleInstanceLock()) {
  main().catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });
} else {
  app.quit();
}
