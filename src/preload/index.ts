import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../shared/desktop-bridge.js';
import { apiBaseFromArgv } from './api-base-argument.js';
import { IPC, MESSAGE_ID_PATTERN } from './ipc-channels.js';

// A sandboxed preload may require only `electron` at run time: everything else imported here is
// our own dependency-free code, which the build inlines into index.cjs.

/** Listens on one main → window channel; the page gets the value only, never the IPC event. */
function subscribe(channel: string, deliver: (value: unknown) => void): () => void {
  const forward = (_event: Electron.IpcRendererEvent, value: unknown): void => deliver(value);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.off(channel, forward);
  };
}

const bridge: DesktopBridge = {
  platform: process.platform,
  native: {
    notificationsEnabled: async () => (await ipcRenderer.invoke(IPC.notificationsGet)) === true,
    setNotificationsEnabled: async (enabled) =>
      (await ipcRenderer.invoke(IPC.notificationsSet, enabled === true)) === true,
    onNotificationsChanged: (listener) =>
      subscribe(IPC.notificationsChanged, (enabled) => {
        if (typeof enabled === 'boolean') listener(enabled);
      }),
    onOpenMessage: (listener) =>
      subscribe(IPC.openMessage, (messageId) => {
        if (typeof messageId === 'string' && MESSAGE_ID_PATTERN.test(messageId)) {
          listener(messageId);
        }
      }),
  },
};
const apiBase = apiBaseFromArgv(process.argv);
if (apiBase) bridge.apiBase = apiBase;

contextBridge.exposeInMainWorld('beanpost', bridge);
