import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type { ServerEventData, ServerEventType } from '../../shared/index.js';
import { type ConnectionStatus, serverEvents } from '../api/event-socket.js';

/** Run `handler` for every engine event of `type` while the component is mounted. */
export function useServerEvent<T extends ServerEventType>(
  type: T,
  handler: (data: ServerEventData<T>) => void,
): void {
  const onEvent = useEffectEvent(handler);
  useEffect(
    () => serverEvents.on(type, (event) => onEvent(event.data as ServerEventData<T>)),
    [type],
  );
}

/** Run `handler` when the connection comes back after a drop (events may have been missed). */
export function useReconnect(handler: () => void): void {
  const onReconnect = useEffectEvent(handler);
  useEffect(() => serverEvents.onReconnect(() => onReconnect()), []);
}

const subscribeStatus = (listener: () => void): (() => void) => serverEvents.onStatus(listener);
const readStatus = (): ConnectionStatus => serverEvents.status;

export function useConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(subscribeStatus, readStatus);
}
