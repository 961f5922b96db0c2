import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { MessageSummary } from '../../shared/index.js';
import { markRead } from '../api/mutations.js';
import type { ListSnapshot, MessageListStore } from '../state/message-list-store.js';
import { useOpenMessageRequests } from './use-desktop.js';
import { useServerEvent } from './use-server-event.js';

export interface Selection {
  selectedId: string | null;
  /** Where the selection is in the rows, -1 when it is not among them. */
  selectedIndex: number;
  /** A far row asked for before its page arrived; the list scrolls to it meanwhile. */
  pendingIndex: number | null;
  selected: MessageSummary | null;
  /** Select and open the row at `index` (marking it read), now or once it is loaded. */
  open(index: number): void;
  openId(id: string, wasRead: boolean): void;
  clear(): void;
  /** The viewer's copy of the open message, for when it is not among the rows. */
  setOpenCopy(message: MessageSummary): void;
  setSelectedRead(read: boolean): void;
}

/** Which message is open, kept valid as the list changes under it. */
export function useSelection(
  store: MessageListStore,
  list: ListSnapshot,
  report: (what: string) => (error: unknown) => void,
): Selection {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [pendingIndex, setPendingIndex] = useState<number | null>(null);
  // The open message may be outside the current rows (a search that excludes it, a notification
  // click): then the viewer's own copy stands in, so the toolbar keeps working.
  const [openCopy, setOpenCopy] = useState<MessageSummary | null>(null);

  const selectedIndex = useMemo(
    () => (selectedId === null ? -1 : list.rows.findIndex((row) => row?.id === selectedId)),
    [list.rows, selectedId],
  );
  const selected =
    (selectedIndex >= 0 ? list.rows[selectedIndex] : undefined) ??
    (openCopy !== null && openCopy.id === selectedId ? openCopy : null);

  const openId = (id: string, wasRead: boolean): void => {
    setSelectedId(id);
    if (!wasRead) {
      store.setReadNow([id], true);
      markRead([id], true).catch(report('Could not mark as read'));
    }
  };
  const open = (index: number): void => {
    const row = list.rows[index];
    setPendingIndex(row ? null : index);
    if (row) openId(row.id, row.read);
  };
  const openPending = useEffectEvent((rows: ListSnapshot['rows'], index: number | null): void => {
    if (index !== null && rows[index]) open(index);
  });
  useEffect(() => openPending(list.rows, pendingIndex), [list.rows, pendingIndex]);

  useServerEvent('message.deleted', ({ ids }) => {
    if (selectedId !== null && ids.includes(selectedId)) setSelectedId(null);
  });
  useServerEvent('messages.cleared', () => setSelectedId(null));
  useServerEvent('message.read', ({ ids, read }) => {
    if (openCopy && ids.includes(openCopy.id)) setOpenCopy({ ...openCopy, read });
  });
  // A click on a desktop notification: the message may not be in the loaded rows yet.
  useOpenMessageRequests((id) => openId(id, false));

  return {
    selectedId,
    selectedIndex,
    pendingIndex,
    selected,
    open,
    openId,
    clear: () => setSelectedId(null),
    setOpenCopy,
    setSelectedRead: (read) => {
      if (!selected) return;
      store.setReadNow([selected.id], read);
      setOpenCopy({ ...selected, read });
      markRead([selected.id], read).catch(report('Could not change read state'));
    },
  };
}
