import type { MessageList, MessageSummary } from '../../shared/index.js';
import { ApiCallError } from '../api/client.js';
import { fetchMessagePage } from '../api/queries.js';

export type ListStatus = 'loading' | 'ready' | 'error';

export interface ListSnapshot {
  readonly query: string;
  /** Messages matching the query on the engine; rows.length always equals it. */
  readonly total: number;
  /** Sparse: undefined where a row has not been fetched yet. */
  readonly rows: readonly (MessageSummary | undefined)[];
  readonly status: ListStatus;
  readonly error: ApiCallError | null;
  /** How many rows were put on top by live arrivals, ever: the list keeps its scroll anchored. */
  readonly prepended: number;
}

/** Rows per request when filling a scrolled-to window. */
const PAGE_SIZE = 100;
/** The API's own limit for one list request. */
const MAX_LIMIT = 1000;
/** Live events are applied in batches so a burst of thousands of arrivals costs a few renders. */
const EVENT_BATCH_MS = 40;

type PendingEvent =
  | { kind: 'new'; message: MessageSummary }
  | { kind: 'deleted'; ids: string[] }
  | { kind: 'read'; ids: string[]; read: boolean }
  | { kind: 'cleared' };

/**
 * The message list as the UI sees it: a window onto the engine's list, filled on demand by
 * offset as the user scrolls (tens of thousands of rows are never fetched at once), and kept
 * current by the engine's events.
 *
 * Offsets only mean something while the list does not move under them, so every structural
 * change (arrival, deletion, new query) bumps `generation`, and page answers that were asked
 * for under an older generation are dropped and asked for again.
 */
export class MessageListStore {
  private snapshot: ListSnapshot = {
    query: '',
    total: 0,
    rows: [],
    status: 'loading',
    error: null,
    prepended: 0,
  };
  private readonly ids = new Set<string>();
  /** Ids removed optimistically, so their deletion event is not mistaken for an unknown change. */
  private readonly deletedHere = new Set<string>();
  private generation = 0;
  private readonly inflight = new Map<number, AbortController>();
  private visible = { start: 0, end: PAGE_SIZE };
  private readonly listeners = new Set<() => void>();
  private pending: PendingEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private windowRequest: AbortController | null = null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ListSnapshot => this.snapshot;

  private publish(next: Partial<ListSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of this.listeners) listener();
  }

  setQuery(query: string): void {
    if (query === this.snapshot.query && this.snapshot.status !== 'error') return;
    this.publish({ query, status: 'loading', error: null });
    this.visible = { start: 0, end: PAGE_SIZE };
    this.refresh();
  }

  /** The virtualiser reports which rows are on screen; missing ones around them are fetched. */
  setVisibleRange(start: number, end: number): void {
    this.visible = { start, end };
    this.fillVisible();
  }

  /**
   * Refetch the visible window in one request and rebuild the rows from it. Used for the first
   * load, a new query, a reconnect, and changes whose position in the list is unknown.
   */
  refresh(): void {
    this.cancelRequests();
    const generation = ++this.generation;
    const span = Math.max(this.visible.end - this.visible.start, PAGE_SIZE);
    const offset = Math.max(0, this.visible.start - Math.floor(span / 2));
    const limit = Math.min(MAX_LIMIT, span * 2);
    const query = this.snapshot.query;
    const controller = new AbortController();
    this.windowRequest = controller;
    fetchMessagePage({ offset, limit, query }, controller.signal).then(
      (list) => {
        if (generation !== this.generation) return;
        this.windowRequest = null;
        this.rebuild(list, offset);
        this.fillVisible();
      },
      (error: unknown) => this.failed(error, generation),
    );
  }

  /** Coalesce bursts of unknown-position changes into one refresh. */
  private refreshSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, 250);
  }

  messageAdded(message: MessageSummary): void {
    this.enqueue({ kind: 'new', message });
  }

  messagesDeleted(ids: string[]): void {
    this.enqueue({ kind: 'deleted', ids });
  }

  readChanged(ids: string[], read: boolean): void {
    this.enqueue({ kind: 'read', ids, read });
  }

  cleared(): void {
    this.enqueue({ kind: 'cleared' });
  }

  /** Optimistic read change, applied at once (the engine's event confirms it later); undefined = all. */
  setReadNow(ids: string[] | undefined, read: boolean): void {
    const all = ids ?? this.snapshot.rows.flatMap((row) => (row ? [row.id] : []));
    this.applyBatch([{ kind: 'read', ids: all, read }]);
  }

  /** Optimistic removal; the engine's own deletion event for these ids is then a no-op. */
  deleteNow(ids: string[]): void {
    this.applyBatch([{ kind: 'deleted', ids: ids.filter((id) => this.ids.has(id)) }]);
    for (const id of ids) this.deletedHere.add(id);
  }

  private enqueue(event: PendingEvent): void {
    this.pending.push(event);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const batch = this.pending;
      this.pending = [];
      this.applyBatch(batch);
    }, EVENT_BATCH_MS);
  }

  private applyBatch(batch: PendingEvent[]): void {
    let rows = this.snapshot.rows.slice();
    let total = this.snapshot.total;
    let prepended = this.snapshot.prepended;
    let structural = false;
    let arrivals: MessageSummary[] = [];

    const flushArrivals = (): void => {
      if (arrivals.length === 0) return;
      // Events come oldest first; the list is newest first.
      rows = [...arrivals.reverse(), ...rows];
      total += arrivals.length;
      prepended += arrivals.length;
      structural = true;
      arrivals = [];
    };

    for (const event of batch) {
      if (event.kind === 'new') {
        if (this.ids.has(event.message.id)) continue;
        if (this.snapshot.query !== '') {
          // Only the engine knows whether it matches the search: ask again.
          this.refreshSoon();
          continue;
        }
        this.ids.add(event.message.id);
        arrivals.push(event.message);
        continue;
      }
      flushArrivals();
      if (event.kind === 'cleared') {
        rows = [];
        total = 0;
        this.ids.clear();
        structural = true;
      } else if (event.kind === 'deleted') {
        const ids = event.ids.filter((id) => !this.deletedHere.delete(id) || this.ids.has(id));
        if (ids.length === 0) continue;
        const gone = new Set(ids.filter((id) => this.ids.has(id)));
        if (gone.size < ids.length) this.refreshSoon();
        if (gone.size > 0) {
          rows = withoutIds(rows, gone);
          total -= gone.size;
          for (const id of gone) this.ids.delete(id);
          structural = true;
        }
      } else {
        const changed = new Set(event.ids);
        rows = rows.map((row) =>
          row !== undefined && changed.has(row.id) && row.read !== event.read
            ? { ...row, read: event.read }
            : row,
        );
      }
    }
    flushArrivals();
    if (structural) {
      this.generation += 1;
      this.cancelRequests();
    }
    this.publish({ rows, total: Math.max(total, 0), prepended });
    if (structural) this.fillVisible();
  }

  private rebuild(list: MessageList, offset: number): void {
    const rows: (MessageSummary | undefined)[] = new Array(list.total);
    this.ids.clear();
    list.messages.forEach((message, i) => {
      rows[offset + i] = message;
      this.ids.add(message.id);
    });
    this.publish({ rows, total: list.total, status: 'ready', error: null });
  }

  private fillVisible(): void {
    const { total, rows } = this.snapshot;
    if (this.snapshot.status !== 'ready' || total === 0 || this.windowRequest) return;
    const first = Math.max(0, this.visible.start - PAGE_SIZE / 2);
    const last = Math.min(total, this.visible.end + PAGE_SIZE / 2);
    for (let page = Math.floor(first / PAGE_SIZE); page * PAGE_SIZE < last; page += 1) {
      if (this.inflight.has(page)) continue;
      const from = page * PAGE_SIZE;
      const to = Math.min(total, from + PAGE_SIZE);
      let missing = false;
      for (let i = from; i < to; i += 1) {
        if (rows[i] === undefined) {
          missing = true;
          break;
        }
      }
      if (missing) this.fetchPage(page);
    }
  }

  private fetchPage(page: number): void {
    const generation = this.generation;
    const controller = new AbortController();
    this.inflight.set(page, controller);
    const offset = page * PAGE_SIZE;
    fetchMessagePage(
      { offset, limit: PAGE_SIZE, query: this.snapshot.query },
      controller.signal,
    ).then(
      (list) => {
        if (this.inflight.get(page) === controller) this.inflight.delete(page);
        if (generation !== this.generation) return;
        this.place(list, offset);
      },
      (error: unknown) => {
        if (this.inflight.get(page) === controller) this.inflight.delete(page);
        this.failed(error, generation);
      },
    );
  }

  private place(list: MessageList, offset: number): void {
    const rows = this.snapshot.rows.slice();
    rows.length = list.total;
    list.messages.forEach((message, i) => {
      rows[offset + i] = message;
      this.ids.add(message.id);
    });
    this.publish({ rows, total: list.total });
  }

  private failed(error: unknown, generation: number): void {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    if (generation !== this.generation) return;
    const apiError =
      error instanceof ApiCallError ? error : new ApiCallError('bad_response', String(error), 0);
    // A bad search is shown inline; a lost engine is shown by the connection banner and the
    // list refreshes on reconnect, so keep showing what we have.
    if (apiError.code === 'bad_request') {
      this.windowRequest = null;
      this.ids.clear();
      this.publish({ status: 'error', error: apiError, rows: [], total: 0 });
    } else if (this.snapshot.status === 'loading') {
      this.publish({ status: 'error', error: apiError });
    }
  }

  private cancelRequests(): void {
    for (const controller of this.inflight.values()) controller.abort();
    this.inflight.clear();
    this.windowRequest?.abort();
    this.windowRequest = null;
  }
}

/** Like filter, but keeps the holes of a sparse array (filter would close them up). */
function withoutIds(
  rows: (MessageSummary | undefined)[],
  gone: Set<string>,
): (MessageSummary | undefined)[] {
  const kept: (MessageSummary | undefined)[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i];
    if (row === undefined || !gone.has(row.id)) kept.push(row);
  }
  return kept;
}
