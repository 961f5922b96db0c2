/**
 * The only IPC channels between the window and the main process. The main process answers these
 * and nothing else; the preload exposes them as functions, never ipcRenderer itself.
 */
export const IPC = {
  /** invoke → boolean */
  notificationsGet: 'beanpost:notifications:get',
  /** invoke(boolean) → boolean */
  notificationsSet: 'beanpost:notifications:set',
  /** main → window: the notifications toggle changed (boolean) */
  notificationsChanged: 'beanpost:notifications:changed',
  /** main → window: a message id to select */
  openMessage: 'beanpost:open-message',
} as const;

/** Message ids are decimal numbers (src/shared/routes.ts); anything else is not passed on. */
export const MESSAGE_ID_PATTERN = /^[0-9]+$/;
