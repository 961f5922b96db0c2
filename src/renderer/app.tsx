import { useCallback, useEffect, useRef, useState } from 'react';
import { deleteAllMessages } from './api/mutations.js';
import { useCommandContext } from './commands/use-command-context.js';
import { useKeyboardCommands } from './commands/use-keyboard-commands.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { EmptyState } from './components/empty-state.js';
import { ListPane } from './components/list-pane.js';
import { Sidebar } from './components/sidebar.js';
import { Toast } from './components/toast.js';
import { Viewer } from './components/viewer/viewer.js';
import { ViewerPlaceholder } from './components/viewer-placeholder.js';
import { useEngineInfo, useInboxStats } from './hooks/use-engine-state.js';
import { useMessageList } from './hooks/use-message-list.js';
import { useSelection } from './hooks/use-selection.js';

export function App() {
  const { store, list } = useMessageList();
  const stats = useInboxStats();
  const info = useEngineInfo();
  const [confirmDeleteAll, setConfirmDeleteAll] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const report = useCallback(
    (what: string) => (error: unknown) =>
      setNotice(`${what}: ${error instanceof Error ? error.message : String(error)}`),
    [],
  );
  const selection = useSelection(store, list, report);
  const ctx = useCommandContext({
    store,
    list,
    selection,
    stats,
    searchRef,
    requestDeleteAll: () => setConfirmDeleteAll(true),
    report,
  });
  useKeyboardCommands(ctx);

  const unread = stats?.unread ?? 0;
  useEffect(() => {
    document.title = unread > 0 ? `Inbox (${unread.toLocaleString()}) — Beanpost` : 'Beanpost';
  }, [unread]);

  const onVisibleRange = useCallback(
    (start: number, end: number) => store.setVisibleRange(start, end),
    [store],
  );
  const onQuery = useCallback((query: string) => store.setQuery(query), [store]);
  const dismissNotice = useCallback(() => setNotice(null), []);
  // Empty inbox, not an empty search result (a search may still be set from before).
  const inboxEmpty =
    list.status === 'ready' && list.total === 0 && (list.query === '' || stats?.total === 0);

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
            <ListPane
              list={list}
              ctx={ctx}
              searchRef={searchRef}
              selectedId={selection.selectedId}
              scrollIndex={selection.pendingIndex ?? selection.selectedIndex}
              onQuery={onQuery}
              onVisibleRange={onVisibleRange}
            />
            <main className="viewer-pane">
              {selection.selectedId ? (
                <Viewer id={selection.selectedId} ctx={ctx} onLoaded={selection.setOpenCopy} />
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
          selection.clear();
          deleteAllMessages().catch(report('Could not delete all'));
        }}
        onClose={() => setConfirmDeleteAll(false)}
      />
      <Toast message={notice} onDismiss={dismissNotice} />
    </div>
  );
}
