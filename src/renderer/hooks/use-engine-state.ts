import { useCallback, useEffect, useRef, useState } from 'react';
import type { Info } from '../../shared/index.js';
import { fetchInfo, fetchMessagePage } from '../api/queries.js';
import { useReconnect, useServerEvent } from './use-server-event.js';

const STATS_THROTTLE_MS = 150;

export interface InboxStats {
  total: number;
  unread: number;
}

/** Inbox totals for the sidebar and the title: loaded once, then kept by `messages.stats`. */
export function useInboxStats(): InboxStats | null {
  const [stats, setStats] = useState<InboxStats | null>(null);
  const load = useCallback(() => {
    fetchMessagePage({ offset: 0, limit: 1, query: '' }).then(
      (list) => setStats({ total: list.total, unread: list.unread }),
      // The connection banner tells the user; the reconnect reloads.
      () => undefined,
    );
  }, []);
  useEffect(load, [load]);
  useReconnect(load);
  // A burst of arrivals sends a stats event per stored batch; render the latest a few times a
  // second rather than re-rendering the app for each one.
  const latest = useRef<InboxStats | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useServerEvent('messages.stats', (next) => {
    latest.current = next;
    timer.current ??= setTimeout(() => {
      timer.current = null;
      setStats(latest.current);
    }, STATS_THROTTLE_MS);
  });
  useEffect(() => () => clearTimeout(timer.current ?? undefined), []);
  return stats;
}

/** The engine's listeners and limits (the SMTP address is shown in the sidebar and empty state). */
export function useEngineInfo(): Info | null {
  const [info, setInfo] = useState<Info | null>(null);
  const load = useCallback(() => {
    fetchInfo().then(setInfo, () => undefined);
  }, []);
  useEffect(load, [load]);
  useReconnect(load);
  return info;
}
