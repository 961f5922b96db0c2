import type { RefObject } from 'react';
import { deleteMessage, markRead } from '../api/mutations.js';
import { rawDownloadUrl } from '../api/queries.js';
import type { InboxStats } from '../hooks/use-engine-state.js';
import type { Selection } from '../hooks/use-selection.js';
import type { ListSnapshot, MessageListStore } from '../state/message-list-store.js';
import type { CommandContext } from './commands.js';

interface Inputs {
  store: MessageListStore;
  list: ListSnapshot;
  selection: Selection;
  stats: InboxStats | null;
  searchRef: RefObject<HTMLInputElement | null>;
  requestDeleteAll(): void;
  report(what: string): (error: unknown) => void;
}

/** What every command sees and can do, built from the app's state on each render. */
export function useCommandContext({
  store,
  list,
  selection,
  stats,
  searchRef,
  requestDeleteAll,
  report,
}: Inputs): CommandContext {
  const { selected, selectedIndex } = selection;
  return {
    rowCount: list.total,
    selectedIndex,
    selected,
    unreadTotal: stats?.unread ?? 0,
    inboxTotal: stats?.total ?? list.total,
    select: selection.open,
    focusViewer: () => document.getElementById('viewer-panel')?.focus(),
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    isSearchFocused: () =>
      searchRef.current !== null && document.activeElement === searchRef.current,
    leaveSearch: () => {
      searchRef.current?.blur();
      document.querySelector<HTMLElement>('.message-list')?.focus();
    },
    deleteSelected: () => {
      if (!selected) return;
      // The next row takes the deleted one's place, as in every mail client.
      const next = list.rows[selectedIndex + 1] ?? list.rows[selectedIndex - 1];
      store.deleteNow([selected.id]);
      if (next) selection.openId(next.id, next.read);
      else selection.clear();
      deleteMessage(selected.id).catch(report('Could not delete'));
    },
    setSelectedRead: selection.setSelectedRead,
    markAllRead: () => {
      store.setReadNow(undefined, true);
      markRead(undefined, true).catch(report('Could not mark all as read'));
    },
    requestDeleteAll,
    toggleShortcutHelp: () => document.getElementById('shortcut-help')?.togglePopover(),
    downloadSelected: () => {
      if (!selected) return;
      const link = document.createElement('a');
      link.href = rawDownloadUrl(selected.id);
      link.download = `${selected.id}.eml`;
      link.click();
    },
  };
}
