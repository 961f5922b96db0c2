import { type NativeImage, nativeImage } from 'electron';
import iconPath from '../../resources/icon.png?asset';
import trayPath from '../../resources/tray.png?asset';
import trayUnreadPath from '../../resources/tray-unread.png?asset';
import trayTemplatePath from '../../resources/trayTemplate.png?asset';

// The build points these at resources/ in place (it is electron-vite's public dir), so each
// file's @2x twin beside it is picked up by Electron for high-density screens.

/** The window and notification icon (Windows and Linux; macOS takes the app bundle's). */
export const APP_ICON_PATH: string = iconPath;

export type TrayIconKind = 'plain' | 'unread' | 'template';

const TRAY_FILES: Record<TrayIconKind, string> = {
  plain: trayPath,
  unread: trayUnreadPath,
  // macOS menu bar: black and alpha only, tinted by the system for light and dark bars. The
  // "Template" suffix in the file name is how macOS knows.
  template: trayTemplatePath,
};

export function trayImage(kind: TrayIconKind): NativeImage {
  return nativeImage.createFromPath(TRAY_FILES[kind]);
}
