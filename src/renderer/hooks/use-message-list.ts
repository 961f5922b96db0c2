import { useEffect, useState, useSyncExternalStore } from 'react';
import { type ListSnapshot, MessageListStore } from '../state/message-list-store.js';
import { useReconnect, useServerEvent } from './use-server-event.js';

/** The message list store, fed by the engine's events and refreshed after a reconnect. */
export function useMessageList(): { store: MessageListStore; list: ListSnapshot } {
  const [store] = useState(() => new MessageListStore());
  const list = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => store.refresh(), [store]);
  useServerEvent('message.new', (message) => store.messageAdded(message));
  useServerEvent('message.deleted', ({ ids }) => store.messagesDeleted(ids));
  useServerEvent('message.read', ({ ids, read }) => store.readChanged(ids, read));
  useServerEvent('messages.cleared', () => store.cleared());
  // Events sent while the socket was down are lost: ask again.
  useReconnect(() => store.refresh());
  return { store, list };
}
