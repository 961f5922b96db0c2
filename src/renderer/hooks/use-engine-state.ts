import { useCallback, useEffect, useState } from 'react';
import type { Info } from '../../shared/index.js';
import { fetchInfo, fetchMessagePage } from '../api/queries.js';
import { useReconnect, useServerEvent } from './use-server-event.js';

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
  useServerEvent('messages.stats', setStats);
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
