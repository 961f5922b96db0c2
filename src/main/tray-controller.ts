import { app, Menu, Tray } from 'electron';
import { trayImage } from './app-icons.js';
import { type MailCounts, trayLabel } from './tray-label.js';

export interface TrayActions {
  show: () => void;
  setNotifications: (enabled: boolean) => void;
  quit: () => void;
}

const isMac = process.platform === 'darwin';

/** The tray icon with the unread count, and the dock/taskbar badge that mirrors it. */
export class TrayController {
  readonly #tray: Tray;
  readonly #actions: TrayActions;
  #notifications: boolean;
  #unread = false;

  constructor(actions: TrayActions, notifications: boolean) {
    this.#actions = actions;
    this.#notifications = notifications;
    this.#tray = new Tray(trayImage(isMac ? 'template' : 'plain'));
    // macOS opens the menu on click; elsewhere a click is the quick way back to the window.
    if (!isMac) this.#tray.on('click', () => actions.show());
    this.#rebuildMenu();
  }

  update(counts: MailCounts): void {
    const label = trayLabel(counts);
    this.#tray.setToolTip(label.tooltip);
    if (isMac) {
      this.#tray.setTitle(label.title);
    } else if (this.#unread !== label.badgeCount > 0) {
      // No text beside tray icons outside macOS: a dot on the icon says there is unread mail.
      this.#unread = label.badgeCount > 0;
      this.#tray.setImage(trayImage(this.#unread ? 'unread' : 'plain'));
    }
    // Supported on macOS and Unity-style Linux launchers; elsewhere it is a harmless no-op.
    app.setBadgeCount(label.badgeCount);
  }

  setNotifications(enabled: boolean): void {
    this.#notifications = enabled;
    this.#rebuildMenu();
  }

  destroy(): void {
    this.#tray.destroy();
  }

  #rebuildMenu(): void {
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show Beanpost', click: () => this.#actions.show() },
        {
          label: 'Notifications',
          type: 'checkbox',
          checked: this.#notifications,
          click: (item) => this.#actions.setNotifications(item.checked),
        },
        { type: 'separator' },
        { label: 'Quit Beanpost', click: () => this.#actions.quit() },
      ]),
    );
  }
}
