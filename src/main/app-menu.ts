import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The application menu, from Electron's roles only: the Edit roles make copy and paste shortcuts
 * work on macOS, View keeps reload, zoom and the developer tools one menu away.
 */
export function installAppMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : [{ role: 'fileMenu' } as const]),
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
