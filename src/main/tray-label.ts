export interface MailCounts {
  total: number;
  unread: number;
}

export interface TrayLabel {
  /** Hover text on every platform. */
  tooltip: string;
  /** Text beside the icon in the macOS menu bar: the unread count, or nothing. */
  title: string;
  /** Dock/taskbar badge; 0 clears it. */
  badgeCount: number;
}

/** The menu bar stays narrow: past this the count is shown as "999+". */
const MAX_SHOWN = 999;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What the tray and the dock say for the current counts. */
export function trayLabel(counts: MailCounts): TrayLabel {
  const unread = Math.max(0, Math.trunc(counts.unread));
  const total = Math.max(0, Math.trunc(counts.total));
  const shown = unread > MAX_SHOWN ? `${MAX_SHOWN}+` : String(unread);
  const summary =
    total === 0
      ? 'no messages'
      : unread === 0
        ? `${plural(total, 'message')}, all read`
        : `${shown} unread of ${plural(total, 'message')}`;
  return { tooltip: `Beanpost: ${summary}`, title: unread === 0 ? '' : shown, badgeCount: unread };
}
