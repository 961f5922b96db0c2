import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../shared/desktop-bridge.js';
import { apiBaseFromArgv } from './api-base-argument.js';
import { IPC, MESSAGE_ID_PATTERN } from './ipc-channels.js';

// A sandboxed preload may require only `electron` at run time: everything else imported here is
// our own dependency-free code, which the build inlines into index.cjs.

const bridge: DesktopBridge = {
  platform: process.platform,
  native: {
    notificationsEnabled: async () => (await ipcRenderer.invoke(IPC.notificationsGet)) === true,
    setNotificationsEnabled: async (enabled) =>
      (await ipcRenderer.invoke(IPC.notificationsSet, enabled === true)) === true,
    onOpenMessage: (listener) => {
      const forward = (_event: Electron.IpcRendererEvent, messageId: unknown) => {
        if (typeof messageId === 'string' && MESSAGE_ID_PATTERN.test(messageId))
          listener(messageId);
      };
      ipcRenderer.on(IPC.openMessage, forward);
      return () => {
        ipcRenderer.off(IPC.openMessage, forward);
      };
    },
  },
};
const apiBase = apiBaseFromArgv(process.argv);
if (apiBase) bridge.apiBase = apiBase;

contextBridge.exposeInMainWorld('beanpost', bridge);
