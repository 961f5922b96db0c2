import {
  EVENTS_PATH,
  type ServerEvent,
  ServerEventSchema,
  type ServerEventType,
} from '../../shared/index.js';
import { socketUrl } from './api-base.js';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

type Listener = (event: ServerEvent) => void;

/** Reconnect delays: a local engine restarts in about a second, so never wait long. */
const BACKOFF_MS = [250, 500, 1000, 2000, 3000] as const;

/**
 * The one WebSocket to the engine. It reconnects forever with backoff; listeners survive
 * reconnects. `connectedAfterDrop` listeners let views refetch what they may have missed.
 */
export class EventSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private started = false;
  private everOpened = false;
  private currentStatus: ConnectionStatus = 'connecting';
  private readonly listeners = new Map<ServerEventType, Set<Listener>>();
  private readonly statusListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(private readonly url: string) {}

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Connect, and keep reconnecting for the life of the page. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  on<T extends ServerEventType>(
    type: T,
    listener: (event: Extract<ServerEvent, { type: T }>) => void,
  ): () => void {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    this.listeners.set(type, set);
    const wrapped = listener as Listener;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Called when the socket opens again after having been open before: events may be lost. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener();
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      const wasOpened = this.everOpened;
      this.everOpened = true;
      this.setStatus('open');
      if (wasOpened) for (const listener of this.reconnectListeners) listener();
    });
    socket.addEventListener('message', (message) => this.dispatch(message.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setStatus('closed');
      this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] ?? 3000;
    this.attempt += 1;
    setTimeout(() => this.connect(), delay);
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    // Unknown event types come from a newer engine: ignore them rather than break.
    const parsed = ServerEventSchema.safeParse(json);
    if (!parsed.success) return;
    const event = parsed.data;
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }
}

/** The app's single connection to the engine. */
export const serverEvents = new EventSocket(socketUrl(EVENTS_PATH));
