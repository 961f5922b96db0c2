import type { RefObject } from 'react';
import { CommandButton } from '../commands/command-button.js';
import { type CommandContext, deleteAll, markAllRead } from '../commands/commands.js';
import type { ListSnapshot } from '../state/message-list-store.js';
import { MessageList } from './message-list.js';
import { SearchBox } from './search-box.js';

interface Props {
  list: ListSnapshot;
  ctx: CommandContext;
  searchRef: RefObject<HTMLInputElement | null>;
  selectedId: string | null;
  /** The row to keep in view: the selection, or a far row still loading. */
  scrollIndex: number;
  onQuery(query: string): void;
  onVisibleRange(start: number, end: number): void;
}

/** The middle pane: search, the list's title and bulk actions, and the list itself. */
export function ListPane({
  list,
  ctx,
  searchRef,
  selectedId,
  scrollIndex,
  onQuery,
  onVisibleRange,
}: Props) {
  const searchError = list.error?.code === 'bad_request' ? list.error.message : null;
  return (
    <section className="list-pane" aria-label="Message list">
      <div className="list-header">
        <SearchBox
          inputRef={searchRef}
          initialQuery={list.query}
          error={searchError}
          onQuery={onQuery}
        />
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
          selectedIndex={scrollIndex}
          selectedId={selectedId}
          onSelect={ctx.select}
          onOpen={ctx.focusViewer}
          onVisibleRange={onVisibleRange}
        />
      )}
    </section>
  );
}
