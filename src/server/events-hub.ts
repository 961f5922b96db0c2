import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Engine } from '../core/index.js';
import { EVENTS_PATH, type ServerEvent } from '../shared/index.js';
import { ApiHttpError } from './api-errors.js';

export interface EventsHubOptions {
  /** A client with more than this queued and unsent is too slow to keep up: it is dropped. */
  maxBufferedBytes?: number;
  /** How often clients are pinged; one that has not answered the previous ping is dropped. */
  pingIntervalMs?: number;
}

// A browser tab in the background still drains its socket; 4 MiB is minutes of mail events.
const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const DEFAULT_PING_INTERVAL_MS = 30_000;
const CLOSE_GOING_AWAY = 1001;

/**
 * Forwards every engine event to every connected client as one JSON frame `{ type, data }`.
 * Sending never waits on a client: a slow one is cut off so it cannot hold back the others.
 */
export class EventsHub {
  readonly #clients = new Map<WebSocket, { alive: boolean }>();
  readonly #engine: Engine;
  readonly #maxBufferedBytes: number;
  readonly #pingTimer: NodeJS.Timeout;
  readonly #onEvent = (event: ServerEvent): void => this.broadcast(event);

  constructor(engine: Engine, options: EventsHubOptions = {}) {
    this.#engine = engine;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.#pingTimer = setInterval(
      () => this.#ping(),
      options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
    );
    this.#pingTimer.unref();
    engine.on('event', this.#onEvent);
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  add(socket: WebSocket): void {
    const state = { alive: true };
    this.#clients.set(socket, state);
    socket.on('pong', () => {
      state.alive = true;
    });
    socket.on('close', () => this.#clients.delete(socket));
    socket.on('error', () => socket.terminate());
    // The protocol is push-only; anything a client sends is ignored.
  }

  broadcast(event: ServerEvent): void {
    const frame = JSON.stringify(event);
    for (const socket of this.#clients.keys()) {
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > this.#maxBufferedBytes) {
        // A close frame would queue behind the backlog the client is not reading.
        this.#clients.delete(socket);
        socket.terminate();
        continue;
      }
      socket.send(frame);
    }
  }

  close(): void {
    clearInterval(this.#pingTimer);
    this.#engine.off('event', this.#onEvent);
    for (const socket of this.#clients.keys())
      socket.close(CLOSE_GOING_AWAY, 'server shutting down');
    this.#clients.clear();
  }

  #ping(): void {
    for (const [socket, state] of this.#clients) {
      if (!state.alive) {
        this.#clients.delete(socket);
        socket.terminate();
        continue;
      }
      state.alive = false;
      socket.ping();
    }
  }
}

export function registerEventsRoute(app: FastifyInstance, hub: EventsHub): void {
  app.route({
    method: 'GET',
    url: EVENTS_PATH,
    wsHandler: (socket) => hub.add(socket),
    handler: () => {
      throw new ApiHttpError('bad_request', `${EVENTS_PATH} only accepts WebSocket upgrades`);
    },
  });
}
