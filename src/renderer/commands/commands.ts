import {
  CheckCheck,
  Download,
  type LucideIcon,
  Mail,
  MailOpen,
  Search,
  Trash2,
} from 'lucide-react';
import type { MessageSummary } from '../../shared/index.js';

/** Everything a command may look at or do; built by the app on every render. */
export interface CommandContext {
  rowCount: number;
  selectedIndex: number;
  selected: MessageSummary | null;
  unreadTotal: number;
  inboxTotal: number;
  select(index: number): void;
  focusViewer(): void;
  focusSearch(): void;
  isSearchFocused(): boolean;
  leaveSearch(): void;
  deleteSelected(): void;
  setSelectedRead(read: boolean): void;
  markAllRead(): void;
  requestDeleteAll(): void;
  downloadSelected(): void;
  toggleShortcutHelp(): void;
}

export interface Shortcut {
  /** Keys as shown to the user, e.g. ['j'] or ['Del']. */
  display: string[];
  test(event: KeyboardEvent): boolean;
  /** Whether it also fires while typing in a text field. */
  inTextField?: boolean;
}

/**
 * One object per user action (label, shortcut, predicate, perform), used by both the keyboard
 * and the buttons, so a toolbar button and its key can never disagree.
 */
export interface Command {
  id: string;
  label: string;
  icon?: LucideIcon;
  shortcut?: Shortcut;
  predicate(ctx: CommandContext): boolean;
  perform(ctx: CommandContext): void;
}

const plain = (event: KeyboardEvent): boolean => !event.ctrlKey && !event.metaKey && !event.altKey;
const key =
  (...keys: string[]) =>
  (event: KeyboardEvent): boolean =>
    plain(event) && keys.includes(event.key);

export const nextMessage: Command = {
  id: 'nextMessage',
  label: 'Next message',
  shortcut: { display: ['j'], test: key('j') },
  predicate: (ctx) => ctx.selectedIndex < ctx.rowCount - 1,
  perform: (ctx) => ctx.select(ctx.selectedIndex + 1),
};

export const previousMessage: Command = {
  id: 'previousMessage',
  label: 'Previous message',
  shortcut: { display: ['k'], test: key('k') },
  predicate: (ctx) => ctx.selectedIndex > 0,
  perform: (ctx) => ctx.select(ctx.selectedIndex - 1),
};

export const openMessage: Command = {
  id: 'openMessage',
  label: 'Open message',
  shortcut: { display: ['Enter'], test: key('Enter') },
  predicate: (ctx) => ctx.rowCount > 0,
  perform: (ctx) => {
    if (ctx.selected) ctx.focusViewer();
    else ctx.select(Math.max(ctx.selectedIndex, 0));
  },
};

export const deleteMessage: Command = {
  id: 'deleteMessage',
  label: 'Delete',
  icon: Trash2,
  shortcut: { display: ['Del'], test: key('Delete', 'Backspace') },
  predicate: (ctx) => ctx.selected !== null,
  perform: (ctx) => ctx.deleteSelected(),
};

export const toggleRead: Command = {
  id: 'toggleRead',
  label: 'Toggle read',
  icon: Mail,
  shortcut: { display: ['u'], test: key('u') },
  predicate: (ctx) => ctx.selected !== null,
  perform: (ctx) => ctx.setSelectedRead(!ctx.selected?.read),
};

export const markUnread: Command = {
  ...toggleRead,
  id: 'markUnread',
  label: 'Mark as unread',
  icon: Mail,
  predicate: (ctx) => ctx.selected?.read === true,
  perform: (ctx) => ctx.setSelectedRead(false),
};

export const markRead: Command = {
  ...toggleRead,
  id: 'markRead',
  label: 'Mark as read',
  icon: MailOpen,
  predicate: (ctx) => ctx.selected?.read === false,
  perform: (ctx) => ctx.setSelectedRead(true),
};

export const downloadEml: Command = {
  id: 'downloadEml',
  label: 'Download .eml',
  icon: Download,
  predicate: (ctx) => ctx.selected !== null,
  perform: (ctx) => ctx.downloadSelected(),
};

export const focusSearch: Command = {
  id: 'focusSearch',
  label: 'Search',
  icon: Search,
  shortcut: { display: ['/'], test: key('/') },
  predicate: () => true,
  perform: (ctx) => ctx.focusSearch(),
};

export const leaveSearch: Command = {
  id: 'leaveSearch',
  label: 'Leave search',
  shortcut: { display: ['Esc'], test: key('Escape'), inTextField: true },
  // Only while searching: elsewhere Escape belongs to the browser (closing popovers, dialogs).
  predicate: (ctx) => ctx.isSearchFocused(),
  perform: (ctx) => ctx.leaveSearch(),
};

export const markAllRead: Command = {
  id: 'markAllRead',
  label: 'Mark all as read',
  icon: CheckCheck,
  predicate: (ctx) => ctx.unreadTotal > 0,
  perform: (ctx) => ctx.markAllRead(),
};

export const deleteAll: Command = {
  id: 'deleteAll',
  label: 'Delete all',
  icon: Trash2,
  predicate: (ctx) => ctx.inboxTotal > 0,
  perform: (ctx) => ctx.requestDeleteAll(),
};

export const showShortcuts: Command = {
  id: 'showShortcuts',
  label: 'Keyboard shortcuts',
  shortcut: {
    display: ['?'],
    test: (event) => !event.ctrlKey && !event.metaKey && event.key === '?',
  },
  predicate: () => true,
  perform: (ctx) => ctx.toggleShortcutHelp(),
};

/** The keyboard map, in priority order. */
export const keyboardCommands: readonly Command[] = [
  nextMessage,
  previousMessage,
  openMessage,
  deleteMessage,
  toggleRead,
  focusSearch,
  leaveSearch,
  showShortcuts,
];
