import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type MouseEvent, useEffect, useLayoutEffect, useRef } from 'react';
import { useNow } from '../hooks/use-now.js';
import type { ListSnapshot } from '../state/message-list-store.js';
import { MessageRow, rowDomId, SkeletonRow } from './message-row.js';

/** Fixed row height: the virtualiser needs no measuring and scrolling never jumps. */
const ROW_HEIGHT = 84;

interface Props {
  list: ListSnapshot;
  selectedIndex: number;
  selectedId: string | null;
  onSelect(index: number): void;
  onOpen(): void;
  onVisibleRange(start: number, end: number): void;
}

/**
 * The virtualised list: only the rows on screen (plus overscan) are in the DOM, so a list of
 * tens of thousands stays as light as one of ten. Missing rows render as skeletons while the
 * store fetches their page.
 */
export function MessageList({
  list,
  selectedIndex,
  selectedId,
  onSelect,
  onOpen,
  onVisibleRange,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const virtualizer = useVirtualizer({
    count: list.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => list.rows[index]?.id ?? `placeholder-${index}`,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    onVisibleRange(first, last + 1);
  }, [first, last, onVisibleRange]);

  // Keep what the user is reading in place when new mail is put on top while scrolled down.
  const prependedRef = useRef(list.prepended);
  useLayoutEffect(() => {
    const added = list.prepended - prependedRef.current;
    prependedRef.current = list.prepended;
    const element = scrollRef.current;
    if (added > 0 && element && element.scrollTop > 0) element.scrollTop += added * ROW_HEIGHT;
  }, [list.prepended]);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: selectedIndex - 1,
      Home: 0,
      End: list.total - 1,
      PageDown: selectedIndex + 10,
      PageUp: selectedIndex - 10,
    };
    const target = moves[event.key];
    if (target === undefined || list.total === 0) return;
    event.preventDefault();
    onSelect(Math.min(Math.max(target, 0), list.total - 1));
  };

  // Rows never take focus themselves: the listbox keeps it and points at the selected row.
  const onMouseDown = (event: MouseEvent<HTMLDivElement>): void => {
    if (event.button !== 0 || !(event.target as Element).closest('[data-index]')) return;
    event.preventDefault();
    scrollRef.current?.focus({ preventScroll: true });
  };

  // One delegated handler for all rows: rows come and go as the list scrolls.
  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-index]');
    if (row?.dataset.index !== undefined) onSelect(Number(row.dataset.index));
  };

  return (
    <div
      ref={scrollRef}
      className="message-list"
      role="listbox"
      aria-label="Messages"
      tabIndex={0}
      aria-activedescendant={selectedId ? rowDomId(selectedId) : undefined}
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onClick={onClick}
      onDoubleClick={onOpen}
    >
      <div className="message-list-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const message = list.rows[item.index];
          return (
            <div
              key={item.key}
              className="row"
              style={{ transform: `translateY(${item.start}px)` }}
              role="option"
              id={message ? rowDomId(message.id) : undefined}
              aria-selected={message !== undefined && message.id === selectedId}
              aria-posinset={item.index + 1}
              aria-setsize={list.total}
              tabIndex={-1}
              data-index={item.index}
            >
              {message ? (
                <MessageRow message={message} selected={message.id === selectedId} now={now} />
              ) : (
                <SkeletonRow />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
