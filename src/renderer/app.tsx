import {
  useCallback,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { MessageSummary } from '../shared/index.js';
import { deleteAllMessages, deleteMessage, markRead } from './api/mutations.js';
import { rawDownloadUrl } from './api/queries.js';
import { CommandButton } from './commands/command-button.js';
import { type CommandContext, deleteAll, markAllRead } from './commands/commands.js';
import { useKeyboardCommands } from './commands/use-keyboard-commands.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { EmptyState } from './components/empty-state.js';
import { MessageList } from './components/message-list.js';
import { SearchBox } from './components/search-box.js';
import { Sidebar } from './components/sidebar.js';
import { Toast } from './components/toast.js';
import { Viewer } from './components/viewer/viewer.js';
import { ViewerPlaceholder } from './components/viewer-placeholder.js';
import { useOpenMessageRequests } from './hooks/use-desktop.js';
import { useEngineInfo, useInboxStats } from './hooks/use-engine-state.js';
import { useReconnect, useServerEvent } from './hooks/use-server-event.js';
import { type ListSnapshot, MessageListStore } from './state/message-list-store.js';

export function App() {
  const [store] = useState(() => new MessageListStore());
  const list = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const stats = useInboxStats();
  const info = useEngineInfo();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [confirmDeleteAll, setConfirmDeleteAll] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => store.refresh(), [store]);
  useServerEvent('message.new', (message) => store.messageAdded(message));
  useServerEvent('message.deleted', ({ ids }) => {
    store.messagesDeleted(ids);
    if (selectedId !== null && ids.includes(selectedId)) setSelectedId(null);
  });
  useServerEvent('message.read', ({ ids, read }) => store.readChanged(ids, read));
  useServerEvent('messages.cleared', () => {
    store.cleared();
    setSelectedId(null);
  });
  useReconnect(() => store.refresh());

  const unread = stats?.unread ?? 0;
  useEffect(() => {
    document.title = unread > 0 ? `Inbox (${unread.toLocaleString()}) — Beanpost` : 'Beanpost';
  }, [unread]);

  const selectedIndex = useMemo(
    () => (selectedId === null ? -1 : list.rows.findIndex((row) => row?.id === selectedId)),
    [list.rows, selectedId],
  );
  // The open message may be outside the current rows (a search that excludes it, a notification
  // click): then the viewer's own copy stands in, so the toolbar keeps working.
  const [openCopy, setOpenCopy] = useState<MessageSummary | null>(null);
  const selected =
    (selectedIndex >= 0 ? list.rows[selectedIndex] : undefined) ??
    (openCopy !== null && openCopy.id === selectedId ? openCopy : null);
  useServerEvent('message.read', ({ ids, read }) => {
    if (openCopy && ids.includes(openCopy.id)) setOpenCopy({ ...openCopy, read });
  });

  const report = useCallback((what: string) => {
    return (error: unknown) =>
      setNotice(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }, []);

  const openId = (id: string, wasRead: boolean): void => {
    setSelectedId(id);
    if (!wasRead) {
      store.setReadNow([id], true);
      markRead([id], true).catch(report('Could not mark as read'));
    }
  };
  // A row asked for by a far jump (End, PageDown) may not be loaded yet: the list scrolls there,
  // and it opens when its page arrives.
  const [pendingIndex, setPendingIndex] = useState<number | null>(null);
  const open = (index: number): void => {
    const row = list.rows[index];
    setPendingIndex(row ? null : index);
    if (row) openId(row.id, row.read);
  };
  const openPending = useEffectEvent((rows: ListSnapshot['rows'], index: number | null): void => {
    if (index !== null && rows[index]) open(index);
  });
  useEffect(() => openPending(list.rows, pendingIndex), [list.rows, pendingIndex]);
  // A click on a desktop notification: the message may not be in the loaded rows yet.
  useOpenMessageRequests((id) => openId(id, false));

  const ctx: CommandContext = {
    rowCount: list.total,
    selectedIndex,
    selected,
    unreadTotal: unread,
    inboxTotal: stats?.total ?? list.total,
    select: open,
    focusViewer: () => document.getElementById('viewer-panel')?.focus(),
    focusSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    leaveSearch: () => {
      if (document.activeElement !== searchRef.current) return;
      searchRef.current?.blur();
      document.querySelector<HTMLElement>('.message-list')?.focus();
    },
    deleteSelected: () => {
      if (!selected) return;
      const next = list.rows[selectedIndex + 1] ?? list.rows[selectedIndex - 1];
      store.deleteNow([selected.id]);
      if (next) openId(next.id, next.read);
      else setSelectedId(null);
      deleteMessage(selected.id).catch(report('Could not delete'));
    },
    setSelectedRead: (read) => {
      if (!selected) return;
      store.setReadNow([selected.id], read);
      setOpenCopy({ ...selected, read });
      markRead([selected.id], read).catch(report('Could not change read state'));
    },
    markAllRead: () => {
      store.setReadNow(undefined, true);
      markRead(undefined, true).catch(report('Could not mark all as read'));
    },
    requestDeleteAll: () => setConfirmDeleteAll(true),
    downloadSelected: () => {
      if (!selected) return;
      const link = document.createElement('a');
      link.href = rawDownloadUrl(selected.id);
      link.download = `${selected.id}.eml`;
      link.click();
    },
  };
  useKeyboardCommands(ctx);

  const onVisibleRange = useCallback(
    (start: number, end: number) => store.setVisibleRange(start, end),
    [store],
  );
  const onQuery = useCallback((query: string) => store.setQuery(query), [store]);

  const inboxEmpty = list.status === 'ready' && list.total === 0 && list.query === '';
  const searchError = list.error?.code === 'bad_request' ? list.error.message : null;

  return (
    <div className="app">
      <ConnectionBanner />
      <div className={`layout${inboxEmpty ? ' layout-empty' : ''}`}>
        <Sidebar stats={stats} info={info} />
        {inboxEmpty ? (
          <main className="empty-main">
            <EmptyState info={info} />
          </main>
        ) : (
          <>
            <section className="list-pane" aria-label="Message list">
              <div className="list-header">
                <SearchBox inputRef={searchRef} error={searchError} onQuery={onQuery} />
                <div className="list-title-row">
                  <h2 className="list-title">
                    {list.query ? 'Results' : 'Inbox'}
                    <span className="list-count" data-testid="list-count">
                      {list.status === 'ready' ? list.total.toLocaleString() : ''}
                    </span>
                  </h2>
                  <div className="list-actions">
                    <CommandButton command={markAllRead} ctx={ctx} />
                    <CommandButton command={deleteAll} ctx={ctx} variant="danger" />
                  </div>
                </div>
              </div>
              {searchError ? (
                <p className="list-empty">Fix the search to see results.</p>
              ) : list.status === 'ready' && list.total === 0 ? (
                <p className="list-empty">No messages match this search.</p>
              ) : list.status === 'error' ? (
                <p className="list-empty">Could not load messages: {list.error?.message}</p>
              ) : (
                <MessageList
                  list={list}
                  selectedIndex={pendingIndex ?? selectedIndex}
                  selectedId={selectedId}
                  onSelect={open}
                  onOpen={ctx.focusViewer}
                  onVisibleRange={onVisibleRange}
                />
              )}
            </section>
            <main className="viewer-pane">
              {selectedId ? (
                <Viewer id={selectedId} ctx={ctx} onLoaded={setOpenCopy} />
              ) : (
                <ViewerPlaceholder total={list.total} />
              )}
            </main>
          </>
        )}
      </div>
      <ConfirmDialog
        open={confirmDeleteAll}
        title="Delete all messages?"
        body={`All ${(stats?.total ?? list.total).toLocaleString()} messages will be removed from Beanpost. This cannot be undone.`}
        confirmLabel="Delete all"
        onConfirm={() => {
          setSelectedId(null);
          deleteAllMessages().catch(report('Could not delete all'));
        }}
        onClose={() => setConfirmDeleteAll(false)}
      />
      <Toast message={notice} onDismiss={() => setNotice(null)} />
    </div>
  );
}
