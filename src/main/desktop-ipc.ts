import { type IpcMainInvokeEvent, ipcMain } from 'electron';
import { z } from 'zod';
import { IPC } from '../preload/ipc-channels.js';
import { isAppUrl } from './navigation-policy.js';

export interface DesktopIpcHandlers {
  notificationsEnabled: () => boolean;
  setNotificationsEnabled: (enabled: boolean) => void;
}

/** Only the app's own page may call in; a mail iframe or a page navigated elsewhere may not. */
function assertFromApp(event: IpcMainInvokeEvent, appOrigins: readonly string[]): void {
  const url = event.senderFrame?.url;
  if (url === undefined || !isAppUrl(url, appOrigins)) {
    throw new Error(`IPC refused from ${url ?? 'a closed frame'}`);
  }
}

/** Answers the preload's channels (src/preload/ipc-channels.ts), each argument checked. */
export function registerDesktopIpc(
  appOrigins: readonly string[],
  handlers: DesktopIpcHandlers,
): void {
  ipcMain.handle(IPC.notificationsGet, (event) => {
    assertFromApp(event, appOrigins);
    return handlers.notificationsEnabled();
  });
  ipcMain.handle(IPC.notificationsSet, (event, enabled: unknown) => {
    assertFromApp(event, appOrigins);
    handlers.setNotificationsEnabled(z.boolean().parse(enabled));
    return handlers.notificationsEnabled();
  });
}
