import type { MessageStore } from './message-store.js';
import {
  type ReceivedMessage,
  type StorableMessage,
  viewFromFailure,
  viewFromParsed,
} from './message-view.js';
import type { MimeParser } from './mime-parser.js';

interface Queued {
  message: StorableMessage;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

/**
 * From received bytes to a committed row: parse (see MimeParser for where), then group commit.
 * Messages that are ready in the same turn of the event loop are written in one transaction,
 * and each caller's promise resolves only after that commit, so the SMTP 250 means stored.
 */
export class MessageIngest {
  private queue: Queued[] = [];
  private flushScheduled = false;
  private readonly inFlight = new Set<Promise<string>>();

  constructor(
    private readonly store: MessageStore,
    private readonly parser: MimeParser,
  ) {}

  /** Resolves with the new message id once it is committed. */
  accept(received: ReceivedMessage): Promise<string> {
    const stored = this.build(received).then((message) => this.enqueue(message));
    this.inFlight.add(stored);
    const forget = (): void => {
      this.inFlight.delete(stored);
    };
    stored.then(forget, forget);
    return stored;
  }

  /** Waits until every accepted message is committed (or failed). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async build(received: ReceivedMessage): Promise<StorableMessage> {
    try {
      return viewFromParsed(received, await this.parser.parse(received.raw));
    } catch (error) {
      return viewFromFailure(received, error);
    }
  }

  private enqueue(message: StorableMessage): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    try {
      const ids = this.store.insert(batch.map((queued) => queued.message));
      for (const [index, queued] of batch.entries()) queued.resolve(ids[index] ?? '');
    } catch (error) {
      for (const queued of batch) queued.reject(error);
    }
  }
}
